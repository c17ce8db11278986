"""Backups through SQLite's backup API, rotation, verification, restore (with WAL) and its refusals."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from desktop_app.core.db.backup import (
    auto_backup,
    backup_if_due,
    backup_to,
    list_backups,
    newest_good_backup,
    restore_from,
    verify_backup,
)
from desktop_app.core.db.models import Counter, Customer
from desktop_app.core.db.schema import open_database
from desktop_app.core.db.sqlite_file import FileKind, inspect_file
from desktop_app.core.i18n import UserFacingError
from tests.helpers.corrupt import scribble
from tests.helpers.dump import logical_dump
from tests.helpers.sample import populate, row_counts


@pytest.fixture
def shop(tmp_path):
    """A populated shop file, open."""
    db = open_database(tmp_path / "shop.sqlite3")
    populate(db)
    yield db
    db.dispose()


def _corrupt(path, seed=7):
    """Scribble over every page but the first two (seeded)."""
    scribble(path, seed)


def test_backup_and_restore_keep_every_row(shop, tmp_path):
    before = logical_dump(shop)
    copy = backup_to(shop, tmp_path / "copy.sqlite3")
    assert verify_backup(copy)[0]
    assert not (tmp_path / "copy.sqlite3-wal").exists()  # a backup is one self-contained file
    with shop.write() as session:
        session.add(Customer(name="later"))
    path = shop.sqlite_path
    shop.dispose()

    safety = restore_from(path, copy)
    restored = open_database(path)
    assert logical_dump(restored) == before
    assert row_counts(restored)["customers"] == 1
    kept = open_database(safety)  # the safety copy holds the state just before the restore
    assert row_counts(kept)["customers"] == 2
    kept.dispose()
    restored.dispose()


def test_a_backup_taken_while_a_write_is_open_holds_only_committed_data(shop, tmp_path):
    with shop.write() as session:
        session.add(Counter(name="credit_note", value=7))
        session.flush()
        copy = backup_to(shop, tmp_path / "during-write.sqlite3")  # another desk is mid-transaction
    backup_db = open_database(copy)
    with backup_db.read() as session:
        assert session.get(Counter, "credit_note") is None
        assert session.get(Counter, "rma").value == 3
    backup_db.dispose()


def test_restore_works_on_a_live_wal_file_and_open_connections_see_it(shop, tmp_path):
    copy = backup_to(shop, tmp_path / "copy.sqlite3")
    with shop.write() as session:
        session.get(Counter, "rma").value = 99
    wal = shop.sqlite_path.with_name(shop.sqlite_path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the change sits in the WAL, not the main file yet

    restore_from(shop.sqlite_path, copy)  # the app keeps its (idle) connections open
    with shop.read() as session:
        assert session.get(Counter, "rma").value == 3


def test_automatic_backups_rotate_and_are_named_by_time_and_reason(shop):
    made = [auto_backup(shop, "Daily at start", keep=3) for _ in range(5)]
    kept = list_backups(shop.sqlite_path)
    assert kept == list(reversed(made))[:3]
    assert all(p.parent.name == "backups" and p.parent.parent == shop.sqlite_path.parent for p in kept)
    assert all("-daily-at-start.sqlite3" in p.name for p in kept)
    assert newest_good_backup(shop.sqlite_path) == made[-1]


def test_a_corrupted_backup_is_refused_and_nothing_changes(shop, tmp_path):
    before = logical_dump(shop)
    bad = backup_to(shop, tmp_path / "bad.sqlite3")
    _corrupt(bad)
    ok, problem = verify_backup(bad)
    assert not ok and "damaged" in str(problem)
    path = shop.sqlite_path
    shop.dispose()
    original = path.read_bytes()
    with pytest.raises(UserFacingError, match=r"did not restore.*damaged.*Nothing was changed"):
        restore_from(path, bad)
    assert path.read_bytes() == original
    assert list_backups(path) == []  # refused before even the safety copy
    reopened = open_database(path)
    assert logical_dump(reopened) == before
    reopened.dispose()


@pytest.mark.parametrize("content", [b"", b"hello, this is not a database", b"\x00" * 4096])
def test_a_backup_that_is_not_a_database_is_refused(shop, tmp_path, content):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(content)
    with pytest.raises(UserFacingError) as refused:
        restore_from(shop.sqlite_path, bad)
    assert "Nothing was changed" in str(refused.value)
    assert "没有任何更改" in refused.value.render("zh_CN")


def test_a_backup_of_a_newer_returndesk_is_refused(shop, tmp_path):
    newer = backup_to(shop, tmp_path / "newer.sqlite3")
    other = open_database(newer)
    with other.write() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '0999_future'"))
    other.dispose()
    ok, problem = verify_backup(newer)
    assert not ok and "newer ReturnDesk" in str(problem)


def test_newest_good_backup_skips_a_damaged_one(shop):
    good = auto_backup(shop, "first")
    bad = auto_backup(shop, "second")
    _corrupt(bad)
    assert newest_good_backup(shop.sqlite_path) == good


def test_restore_replaces_a_damaged_database_and_keeps_the_damaged_copy(shop, tmp_path):
    copy = backup_to(shop, tmp_path / "copy.sqlite3")
    path = shop.sqlite_path
    shop.dispose()
    _corrupt(path)
    safety = restore_from(path, copy)
    assert safety is not None and "before-restore-raw" in safety.name
    assert inspect_file(safety).kind is FileKind.DAMAGED  # kept as it was, for a specialist
    restored = open_database(path)
    with restored.read() as session:
        assert session.scalars(select(Customer.name)).all() == ["王小明"]
    restored.dispose()


def test_a_server_shop_is_backed_up_by_the_server(database, tmp_path):
    if database.is_sqlite:
        assert backup_to(database, tmp_path / "b.sqlite3").exists()
        return
    with pytest.raises(UserFacingError, match="pg_dump"):
        backup_to(database, tmp_path / "b.sqlite3")
    with pytest.raises(UserFacingError, match="pg_dump"):
        auto_backup(database, "daily")
    assert backup_if_due(database) is None  # nothing to do at start for a server shop


def test_a_backup_cannot_overwrite_the_database_itself(shop):
    with pytest.raises(UserFacingError, match="cannot overwrite"):
        backup_to(shop, shop.sqlite_path)
    assert row_counts(shop)["returns"] == 3


def test_a_start_up_backup_is_taken_once_a_day(shop):
    from datetime import timedelta

    first = backup_if_due(shop)
    assert first is not None and "-daily.sqlite3" in first.name
    assert backup_if_due(shop) is None  # already one today
    assert backup_if_due(shop, every=timedelta(0)) is not None
