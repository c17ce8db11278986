"""Crash safety: a writer killed with SIGKILL at a random moment leaves a shop that opens and holds its rules."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from safety_shop import copy_shop
from sqlalchemy import func, select

from desktop_app.core.db.engine import Database
from desktop_app.core.db.migrating import downgrade_to
from desktop_app.core.db.models import Return
from desktop_app.core.db.revisions import head_revision
from desktop_app.core.db.schema import open_database, schema_status
from desktop_app.core.services.invariants import check_invariants

WRITER = Path(__file__).with_name("writer.py")
SEED = 20261126
# (mode, trials, longest delay in seconds after the writer says "ready")
PLAN = (("returns", 28, 2.0), ("import", 10, 4.0), ("demo", 8, 3.0), ("migrate", 6, 0.5), ("upgrade", 10, 0.8),
        ("label", 3, 1.0), ("backup", 3, 1.0), ("restore", 3, 2.0))
FIRST_REVISION = "0001"
READY_TIMEOUT = 60


def _kill_at_random(mode: str, db_path: Path, seed: int, delay: float) -> str:
    """Start the writer, wait until it is ready, sleep `delay`, SIGKILL it; return "killed" or "finished"."""
    child = subprocess.Popen([sys.executable, str(WRITER), mode, str(db_path), str(seed)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = child.stdout.readline().strip()  # type: ignore[union-attr]
        assert line == "ready", f"writer did not start: {line!r} {child.stderr.read()}"  # type: ignore[union-attr]
        time.sleep(delay)
        finished = child.poll() is not None
        if not finished:
            os.kill(child.pid, signal.SIGKILL)
        child.wait(30)
        if finished:
            assert child.returncode == 0, child.stderr.read()  # type: ignore[union-attr]
        return "finished" if finished else "killed"
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def _full_run_seconds(mode: str, db_path: Path, seed: int) -> float:
    """Run the writer to the end once and return how long it wrote after saying "ready"."""
    child = subprocess.Popen([sys.executable, str(WRITER), mode, str(db_path), str(seed)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = child.stdout.readline().strip()  # type: ignore[union-attr]
    assert line == "ready", f"writer did not start: {line!r} {child.stderr.read()}"  # type: ignore[union-attr]
    started = time.monotonic()
    child.wait(READY_TIMEOUT * 5)
    assert child.returncode == 0, child.stderr.read()  # type: ignore[union-attr]
    return time.monotonic() - started


def _integrity(path: Path) -> str:
    """Return SQLite's own verdict on the file (after recovering its WAL)."""
    with sqlite3.connect(path) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


@pytest.fixture(scope="module")
def old_template(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo shop taken back to the first schema version, as an older ReturnDesk left it."""
    path = copy_shop(demo_template, tmp_path_factory.mktemp("old"))
    db = Database(path)
    downgrade_to(db, FIRST_REVISION)
    db.dispose()
    return path


def test_a_writer_killed_at_random_moments_leaves_an_intact_shop(demo_template: Path, old_template: Path,
                                                                 tmp_path: Path):
    rng = random.Random(SEED)
    outcomes: dict[str, dict[str, int]] = {}
    trial = 0
    for mode, trials, longest in PLAN:
        if mode != "returns":  # the returns writer never ends; the others are killed within their own run time,
            calibration = tmp_path / f"calibrate-{mode}"  # so a fast machine still interrupts them
            calibration.mkdir()
            sample = calibration / "shop.sqlite3" if mode in ("demo", "migrate") else copy_shop(
                old_template if mode == "upgrade" else demo_template, calibration)
            longest = max(0.05, min(longest, 0.8 * _full_run_seconds(mode, sample, SEED)))
        for _ in range(trials):
            trial += 1
            folder = tmp_path / f"trial-{trial:03d}"
            folder.mkdir()
            fresh = mode in ("demo", "migrate")
            template = old_template if mode == "upgrade" else demo_template
            path = folder / "shop.sqlite3" if fresh else copy_shop(template, folder)
            before = _returns(path) if mode == "returns" else None
            outcome = _kill_at_random(mode, path, rng.randrange(10**6), rng.uniform(0, longest))
            outcomes.setdefault(mode, {}).setdefault(outcome, 0)
            outcomes[mode][outcome] += 1
            if path.exists():
                assert _integrity(path) == "ok", f"trial {trial} ({mode})"
            _outputs_whole(folder, f"trial {trial} ({mode})")
            db = open_database(path)  # opens (a file killed before its first migration is created anew)
            try:
                problems = check_invariants(db)
                assert problems == [], f"trial {trial} ({mode}): {[p.render() for p in problems]}"
                assert schema_status(db).current == head_revision()
                if before is not None:
                    with db.read() as s:
                        assert s.scalar(select(func.count()).select_from(Return)) >= before
            finally:
                db.dispose()
    assert trial >= 50
    killed = sum(o.get("killed", 0) for o in outcomes.values())
    assert killed >= 40, outcomes  # most trials really were interrupted mid-write
    print(f"crash trials: {trial}, outcomes: {outcomes}")


def _outputs_whole(folder: Path, trial: str) -> None:
    """Every file a killed command wrote under its final name is complete: a whole PDF, an intact database."""
    for pdf in folder.glob("out-*.pdf"):
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF"), trial
    for backup in [*folder.glob("out-*.db"), *folder.glob("backups/*.sqlite3")]:
        assert _integrity(backup) == "ok", trial


def _returns(path: Path) -> int:
    """Count the returns in a shop file (plain sqlite3, before the writer starts)."""
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT count(*) FROM returns").fetchone()[0]


def test_check_invariants_notices_each_broken_rule(demo_db):
    assert check_invariants(demo_db) == []
    with demo_db.engine.begin() as c:
        c.exec_driver_sql("UPDATE products SET stock = stock + 1 WHERE id = (SELECT min(id) FROM products)")
        rid = c.exec_driver_sql("SELECT min(id) FROM returns WHERE imported = 0").scalar()
        c.exec_driver_sql(f"UPDATE returns SET status = 'closed' WHERE id = {rid} AND status != 'closed'")
        c.exec_driver_sql(f"UPDATE returns SET status = 'cancelled' WHERE id = {rid} AND status = 'closed'")
        c.exec_driver_sql("DELETE FROM return_lines WHERE return_id = (SELECT max(id) FROM returns) "
                          "AND id NOT IN (SELECT return_line_id FROM refunds WHERE return_line_id IS NOT NULL) "
                          "AND id NOT IN (SELECT return_line_id FROM inventory_movements "
                          "WHERE return_line_id IS NOT NULL)")
        line = c.exec_driver_sql("SELECT return_line_id FROM refunds WHERE quantity > 0 LIMIT 1").scalar()
        c.exec_driver_sql(f"UPDATE refunds SET quantity = quantity + 1000 WHERE return_line_id = {line}")
    text = " ".join(p.render() for p in check_invariants(demo_db))
    assert "movements add up to" in text
    assert "its last event moved it to" in text
    assert "units refunded but" in text
    assert "were refunded" in text
