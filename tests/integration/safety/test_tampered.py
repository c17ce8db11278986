"""A tampered backup or shop file is refused: its schema must be exactly what the migrations create."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from safety_shop import copy_shop

from desktop_app.cli.app import main
from desktop_app.core.db.backup import auto_backup, newest_good_backup, verify_backup
from tests.helpers.dump import logical_dump

EVIL_TRIGGER = ("CREATE TRIGGER promote AFTER UPDATE ON returns BEGIN "
                "UPDATE users SET role = 'owner' WHERE name = 'clerk'; END")
TAMPERING = {
    "trigger": EVIL_TRIGGER,
    "view": "CREATE VIEW everyone AS SELECT name, secret_hash FROM users",
    "index": "CREATE INDEX ix_sneaky ON users (secret_hash)",
    "table": "CREATE TABLE stash (data TEXT)",
    "column": "ALTER TABLE users ADD COLUMN backdoor TEXT",
    "dropped index": "DROP INDEX ix_customers_email",
}


@pytest.fixture
def shop(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("RETURNDESK_USER", "owner")
    monkeypatch.setenv("RETURNDESK_PIN", "4321")
    return copy_shop(demo_template, tmp_path / "desk")


def _tamper(path: Path, sql: str) -> None:
    with closing(sqlite3.connect(path)) as c:
        c.executescript(sql)


def _dump(path: Path) -> dict:
    from desktop_app.core.db.engine import Database

    db = Database(path)
    try:
        return logical_dump(db)
    finally:
        db.dispose()


@pytest.mark.parametrize("kind", list(TAMPERING))
def test_a_backup_with_anything_extra_or_changed_is_not_good(kind: str, shop: Path):
    good = auto_backup(shop, "daily")
    bad = auto_backup(shop, "daily")
    _tamper(bad, TAMPERING[kind])
    ok, problem = verify_backup(bad)
    assert not ok and "tampered" in problem.render("en")
    assert newest_good_backup(shop) == good  # recovery at start skips the tampered one


def test_restore_refuses_the_promoting_trigger_and_check_finds_it_in_the_shop(shop: Path,
                                                                            capsys: pytest.CaptureFixture[str]):
    bad = auto_backup(shop, "daily")
    _tamper(bad, EVIL_TRIGGER)
    before = _dump(shop)
    assert main(["--db", str(shop), "restore", str(bad)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "trigger named promote" in err and "Nothing was changed" in err
    assert _dump(shop) == before
    _tamper(shop, EVIL_TRIGGER)
    assert main(["--db", str(shop), "check"]) == 1
    assert "trigger named promote" in capsys.readouterr().out


def test_restore_refuses_a_backup_that_breaks_the_rules_listing_them(shop: Path, capsys: pytest.CaptureFixture[str]):
    bad = auto_backup(shop, "daily")
    _tamper(bad, "UPDATE products SET stock = stock + 7 WHERE id IN (SELECT id FROM products LIMIT 2)")
    before = _dump(shop)
    assert main(["--db", str(shop), "restore", str(bad)]) == 1
    err = capsys.readouterr().err.strip()
    assert "breaks the shop's rules (2 problem(s))" in err and err.count("but its movements add up") == 2, err
    assert _dump(shop) == before
