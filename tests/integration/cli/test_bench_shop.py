"""The bench shops look like a shop: `returndesk check` passes, every return has its timeline, time runs forward."""

from __future__ import annotations

import itertools
import json
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from benchmarks import dataset
from tests.integration.cli.conftest import run_cli

RETURNS = 2000
OPEN = ("requested", "approved", "partially_received", "received", "inspected", "resolved")


@pytest.fixture(scope="module")
def bench_shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """A 2,000-return bench master built by the generator, and a working copy of it."""
    folder = tmp_path_factory.mktemp("bench-shop")
    master = folder / "master.sqlite3"
    dataset.build(master, RETURNS, progress=lambda _text: None)
    copy = folder / "copy.sqlite3"
    copy.write_bytes(master.read_bytes())
    yield master, copy


def _rows(path: Path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return conn.execute(sql).fetchall()


def test_returndesk_check_passes_on_a_bench_shop(bench_shop, tmp_path):
    _master, copy = bench_shop
    done = run_cli("--db", str(copy), "check", data_home=tmp_path)
    assert done.code == 0, done.out + done.err
    assert "every rule holds" in done.out


def test_every_return_has_its_timeline_in_order(bench_shop):
    master, _copy = bench_shop
    returns = {rid: (status, requested) for rid, status, requested in
               _rows(master, "SELECT id, status, requested_at FROM returns")}
    events: dict[int, list[tuple]] = {}
    for rid, kind, before, after, at in _rows(master, "SELECT return_id, kind, from_status, to_status, created_at "
                                               "FROM return_events ORDER BY id"):
        events.setdefault(rid, []).append((kind, before, after, at))
    assert len(returns) == RETURNS and set(events) == set(returns)
    for rid, (status, requested) in returns.items():
        timeline = events[rid]
        assert timeline[0][:3] == ("created", None, "requested") and timeline[0][3] == requested
        assert [e[3] for e in timeline] == sorted(e[3] for e in timeline), rid
        changes = [e for i, e in enumerate(timeline) if i == 0 or e[0] != "inspected" or timeline[i - 1][0] != e[0]]
        assert all(e[1] == prev[2] for prev, e in itertools.pairwise(changes)), rid  # (one inspection: a row a line)
        assert timeline[-1][2] == status, rid


def test_time_runs_forward_and_nothing_is_in_the_future(bench_shop):
    master, _copy = bench_shop
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
    moments = ["SELECT max(ordered_at), max(delivered_at) FROM orders",
               "SELECT max(requested_at), max(approved_at), max(received_at), max(resolved_at), max(closed_at) "
               "FROM returns", "SELECT max(created_at) FROM return_events", "SELECT max(created_at) FROM refunds",
               "SELECT max(created_at) FROM inventory_movements"]
    for sql in moments:
        assert all(value is None or value <= now for value in _rows(master, sql)[0]), sql
    backwards = _rows(master, """
        SELECT count(*) FROM returns r JOIN orders o ON o.id = r.order_id
        WHERE r.requested_at < o.delivered_at OR r.approved_at < r.requested_at OR r.received_at < r.approved_at
           OR r.resolved_at < r.received_at OR r.closed_at < r.resolved_at
           OR EXISTS (SELECT 1 FROM refunds f WHERE f.return_id = r.id AND f.created_at < r.received_at)
           OR EXISTS (SELECT 1 FROM inventory_movements m JOIN return_lines l ON l.id = m.return_line_id
                      WHERE l.return_id = r.id AND m.created_at < r.received_at)""")
    assert backwards == [(0,)]
    refunded = _rows(master, "SELECT count(*) FROM refunds f JOIN returns r ON r.id = f.return_id "
                             "WHERE r.status IN ('resolved', 'closed')")
    assert refunded[0][0] > RETURNS // 2


def test_statuses_follow_the_age_of_the_return(bench_shop):
    master, _copy = bench_shop
    month_ago = (datetime.now(UTC).replace(tzinfo=None) - timedelta(days=30)).isoformat(sep=" ")
    by_status = dict(_rows(master, "SELECT status, count(*) FROM returns GROUP BY status"))
    assert {"requested", "approved", "closed", "rejected"} <= set(by_status)
    assert by_status["closed"] > RETURNS * 0.8
    open_marks = ", ".join(f"'{s}'" for s in OPEN)
    assert _rows(master, f"SELECT count(*) FROM returns WHERE status IN ({open_marks}) "
                         f"AND requested_at < '{month_ago}'") == [(0,)]
    youngest_open = _rows(master, f"SELECT min(requested_at) FROM returns WHERE status IN ({open_marks})")[0][0]
    closed_after = _rows(master, f"SELECT count(*) FROM returns WHERE status = 'closed' "
                                 f"AND requested_at > '{youngest_open}'")[0][0]
    assert closed_after < by_status["closed"] * 0.02  # resolved ones are the older ones


def test_resolved_lines_carry_their_refund_on_the_timeline(bench_shop):
    master, _copy = bench_shop
    refunds = {rid: ids for rid, ids in _rows(master, "SELECT return_id, group_concat(id) FROM refunds "
                                                      "GROUP BY return_id")}
    resolved = _rows(master, "SELECT return_id, data FROM return_events WHERE kind = 'line_resolved'")
    assert resolved and len(resolved) == len(refunds)
    for rid, data in resolved:
        ids = json.loads(data)["refund_ids"]
        assert sorted(ids) == sorted(int(i) for i in refunds[rid].split(","))


def test_the_cached_master_is_read_only_and_copies_are_private(tmp_path, monkeypatch):
    monkeypatch.setattr(dataset, "CACHE", tmp_path / "cache")
    copy = dataset.working_copy(300, tmp_path / "work", progress=lambda _text: None, upgrade=False)
    master = dataset.shop_path(300)
    assert stat.S_IMODE(master.stat().st_mode) == 0o444
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600 and copy.read_bytes() == master.read_bytes()
    with closing(sqlite3.connect(copy)) as conn:  # the copy is the one to write to; the master stays as built
        conn.execute("UPDATE returns SET status = 'closed'")
        conn.commit()
    assert _rows(master, "SELECT count(*) FROM returns WHERE status != 'closed'")[0][0] > 0
