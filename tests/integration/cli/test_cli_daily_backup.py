"""The command's daily backup never costs a read command anything; a change is backed up after it, exactly."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime, timedelta

from desktop_app.core.db.backup import list_backups, verify_backup
from desktop_app.core.db.engine import Database
from tests.helpers.dump import logical_dump


def _content(path) -> dict:
    db = Database(path)
    try:  # without sign-in state (desk sessions): not the shop's data
        return logical_dump(db)
    finally:
        db.dispose()


def test_read_commands_take_no_backup_and_a_change_is_backed_up_after_it(file_bench):
    shop = file_bench.path
    listed = file_bench.read("returns", "list", "--limit", "1", "--json")
    rma = json.loads(listed.out)[0]["rma"]
    order = json.loads(file_bench.read("returns", "show", rma, "--json").out)["order"]
    assert file_bench.read("orders", "show", order).code == 0
    assert list_backups(shop) == []  # three readers, no backup: not even the first command of the day

    noted = file_bench.owner("returns", "note", rma, "--text", "Called the customer")
    assert noted.code == 0, noted.err
    [daily] = list_backups(shop)
    assert daily.name.endswith("-daily.sqlite3") and verify_backup(daily)[0]
    assert _content(daily) == _content(shop)  # taken after the change: it holds it, exactly

    assert file_bench.owner("returns", "note", rma, "--text", "Second call").code == 0
    assert list_backups(shop) == [daily]  # once a day

    restored = file_bench.owner("restore", str(daily))
    assert restored.code == 0, restored.err
    assert _content(shop) == _content(daily)  # the restore gives back exactly what was backed up


def test_a_stale_daily_backup_is_renewed_by_a_change_never_by_a_read(file_bench):
    shop = file_bench.path
    assert file_bench.owner("returns", "note", _any_rma(file_bench), "--text", "first").code == 0
    [old] = list_backups(shop)
    stamp = (datetime.now(UTC) - timedelta(days=2)).strftime("%Y%m%dT%H%M%S%fZ")
    aged = old.with_name(re.sub(r"-\d{8}T\d{12}Z-", f"-{stamp}-", old.name))
    assert aged != old
    os.replace(old, aged)
    assert file_bench.read("returns", "list", "--limit", "1").code == 0
    assert list_backups(shop) == [aged]
    assert file_bench.owner("returns", "note", _any_rma(file_bench), "--text", "second").code == 0
    assert len(list_backups(shop)) == 2 and list_backups(shop)[1] == aged


def _any_rma(bench) -> str:
    return json.loads(bench.read("returns", "list", "--limit", "1", "--json").out)[0]["rma"]
