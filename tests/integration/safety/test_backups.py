"""Backups at start (daily, keeping `backup.keep`), refusal of bad backups, recovery of a damaged shop."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from safety_shop import copy_shop

from desktop_app.core.db.backup import auto_backup, list_backups, restore_from, verify_backup
from desktop_app.core.db.schema import open_database
from desktop_app.core.i18n import UserFacingError
from desktop_app.core.services.auth import sign_in
from desktop_app.core.services.base import ServiceContext
from desktop_app.core.services.settings import set_settings
from desktop_app.core.services.startup import DamagedShop, check_shop, open_shop_checked, recover_from_backup
from tests.helpers.dump import logical_dump


def _damage(path: Path, at_page: int = 3) -> None:
    """Overwrite the middle of the file with garbage, leaving the SQLite header readable."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(min(4096 * at_page, size // 2))
        handle.write(b"\xde\xad\xbe\xef" * 2048)


@pytest.fixture
def shop_path(demo_template: Path, tmp_path: Path) -> Path:
    return copy_shop(demo_template, tmp_path / "desk")


def test_start_takes_a_daily_backup_and_keeps_the_configured_number(shop_path: Path):
    first = open_shop_checked(shop_path)
    assert first.backup is not None and first.problems == []
    assert verify_backup(first.backup)[0]
    owner = ServiceContext(first.db, sign_in(first.db, "owner", "4321"))
    set_settings(owner, {"backup.keep": "3"})
    first.db.dispose()
    again = open_shop_checked(shop_path)
    assert again.backup is None  # the newest is younger than a day
    again.db.dispose()
    taken = []
    for _ in range(5):
        report = open_shop_checked(shop_path, every=timedelta(0))
        taken.append(report.backup)
        report.db.dispose()
    kept = list_backups(shop_path)
    assert kept == list(reversed(taken[-3:]))  # the newest three, newest first
    assert all(verify_backup(p)[0] for p in kept)


def _newer_schema(path: Path) -> None:
    with closing(sqlite3.connect(path)) as c:
        c.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")
        c.commit()


def _foreign(path: Path) -> None:
    path.unlink()
    with closing(sqlite3.connect(path)) as c:
        c.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        c.commit()


@pytest.mark.parametrize(("spoil", "words"), [
    (_damage, "damaged"),
    (lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 3]), ""),
    (lambda p: p.write_bytes(b""), "empty"),
    (lambda p: p.write_text("name,email\nAnna,anna@example.com\n"), "not a ReturnDesk database"),
    (_newer_schema, "newer ReturnDesk"),
    (_foreign, ""),
])
def test_a_bad_backup_is_refused_and_the_shop_is_unchanged(shop_path: Path, tmp_path: Path, spoil, words):
    db = open_database(shop_path)
    backup = auto_backup(db, "manual")
    before = logical_dump(db)
    db.dispose()
    spoil(backup)
    assert not verify_backup(backup)[0]
    with pytest.raises(UserFacingError) as refused:
        restore_from(shop_path, backup)
    text = refused.value.render()
    assert "did not restore" in text and words in text and "Nothing was changed" in text
    db = open_database(shop_path)
    assert logical_dump(db) == before
    db.dispose()


def test_a_damaged_shop_at_start_offers_the_newest_good_backup_and_recovers(shop_path: Path):
    report = open_shop_checked(shop_path)
    good = report.backup
    content = logical_dump(report.db)
    report.db.dispose()
    newer = auto_backup(shop_path, "manual")
    _damage(newer)  # the newest backup is bad too: recovery must skip it
    _damage(shop_path)
    with pytest.raises(DamagedShop) as damaged:
        open_shop_checked(shop_path)
    assert damaged.value.backup == good
    assert "recover from it" in damaged.value.render()
    kept = recover_from_backup(shop_path, damaged.value.backup)
    assert kept is not None and kept.exists()  # the damaged file is kept, not thrown away
    healed = open_shop_checked(shop_path)
    assert logical_dump(healed.db) == content
    assert check_shop(healed.db) == []
    healed.db.dispose()


def test_a_damaged_shop_without_backups_says_so(tmp_path: Path, demo_template: Path):
    path = copy_shop(demo_template, tmp_path / "alone")
    _damage(path)
    with pytest.raises(DamagedShop) as damaged:
        open_shop_checked(path)
    assert damaged.value.backup is None and "no good backup" in damaged.value.render()
