"""Restoring a backup is the owner's: the core service checks it for the window and the command alike."""

from __future__ import annotations

import pytest
from returns_shop import build_shop

from desktop_app.core.db.backup import backup_to
from desktop_app.core.db.models import Customer
from desktop_app.core.db.schema import open_database
from desktop_app.core.i18n import UserFacingError
from desktop_app.core.services.backups import restore_backup
from desktop_app.core.services.base import PermissionDenied, ServiceContext
from tests.helpers.dump import logical_dump


@pytest.fixture
def shop(database):
    return build_shop(database)


def _add_customer(db) -> None:
    with db.write() as session:
        session.add(Customer(name="later"))


def test_the_owner_restores_a_backup_and_the_state_before_is_kept(shop, tmp_path):
    if shop.db.sqlite_path is None:
        pytest.skip("a server is restored by its administrator (see the next test)")
    before = logical_dump(shop.db)
    copy = backup_to(shop.db, tmp_path / "copy.sqlite3")
    _add_customer(shop.db)
    changed = logical_dump(shop.db)
    safety = restore_backup(shop.owner, copy)
    restored = open_database(shop.db.sqlite_path)
    kept = open_database(safety)
    try:
        assert logical_dump(restored) == before
        assert logical_dump(kept) == changed
    finally:
        restored.dispose()
        kept.dispose()


def test_a_clerk_may_not_restore_and_nothing_changes(shop, tmp_path):
    copy = tmp_path / "copy.sqlite3"
    if shop.db.sqlite_path is not None:
        backup_to(shop.db, copy)
    _add_customer(shop.db)
    before = logical_dump(shop.db)
    with pytest.raises(PermissionDenied) as refused:
        restore_backup(shop.clerk, copy)
    assert refused.value.render("en") == "Only the owner can restore a backup."
    with pytest.raises(PermissionDenied):
        restore_backup(ServiceContext(shop.db, None), copy)
    assert logical_dump(shop.db) == before


def test_a_shop_on_a_server_is_not_restored_from_a_file(shop, tmp_path):
    if shop.db.sqlite_path is not None:
        pytest.skip("only a server database")
    with pytest.raises(UserFacingError) as refused:
        restore_backup(shop.owner, tmp_path / "copy.sqlite3")
    assert "pg_restore" in refused.value.render("en")
