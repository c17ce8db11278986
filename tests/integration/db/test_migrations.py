"""Migrations on populated databases: data survives upgrades, downgrades, re-opening and version checks."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from desktop_app.core.db.backup import list_backups, verify_backup
from desktop_app.core.db.migrating import downgrade_to
from desktop_app.core.db.models import Base
from desktop_app.core.db.revisions import head_revision, known_revisions
from desktop_app.core.db.schema import open_database, schema_status
from desktop_app.core.db.search_index import include_object
from desktop_app.core.i18n import UserFacingError
from tests.helpers.dump import logical_dump
from tests.helpers.sample import populate, row_counts


def test_the_initial_migration_builds_exactly_the_models(database):
    """Autogenerate finds nothing to do: the migrations and the models agree (add a revision if not)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": include_object})
        diff = compare_metadata(context, Base.metadata)
        connection.rollback()
    assert diff == []


def test_a_populated_file_keeps_every_row_when_reopened(tmp_path):
    path = tmp_path / "shop.sqlite3"
    db = open_database(path)
    populate(db)
    before = logical_dump(db)
    db.dispose()
    again = open_database(path)
    assert schema_status(again).up_to_date
    assert logical_dump(again) == before
    assert row_counts(again)["returns"] == 3 and all(n > 0 for n in row_counts(again).values())
    assert list_backups(path) == []  # nothing to migrate, so no backup was needed
    again.dispose()


def test_an_older_file_is_backed_up_then_upgraded_and_can_go_back(tmp_path, app_versions):
    path = tmp_path / "shop.sqlite3"
    db = open_database(path)
    populate(db)
    before = logical_dump(db)
    db.dispose()

    app_versions["next"]()
    upgraded = open_database(path)
    assert schema_status(upgraded).current == "0002_test"
    after = logical_dump(upgraded)
    assert {t: len(r) for t, r in after.items()} == {t: len(r) for t, r in before.items()}
    assert all(row[-1] == "-" for row in after["customers"])  # the new column, filled for old rows
    assert [row[:-1] for row in after["customers"]] == before["customers"]
    assert {k: v for k, v in after.items() if k != "customers"} == {
        k: v for k, v in before.items() if k != "customers"
    }
    backups = list_backups(path)
    assert len(backups) == 1 and "before-upgrade" in backups[0].name
    assert verify_backup(backups[0])[0]
    with upgraded.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        connection.rollback()

    downgrade_to(upgraded, known_revisions()[-2])
    assert logical_dump(upgraded) == before
    upgraded.dispose()


def test_an_older_file_is_not_touched_when_migration_is_not_allowed(tmp_path, app_versions):
    path = tmp_path / "shop.sqlite3"
    db = open_database(path)
    populate(db)
    db.dispose()
    original = path.read_bytes()
    app_versions["next"]()
    with pytest.raises(UserFacingError, match="older ReturnDesk"):
        open_database(path, migrate=False)
    assert path.read_bytes() == original
    assert list_backups(path) == []


def test_a_file_from_a_newer_returndesk_is_refused_unchanged(tmp_path, app_versions):
    path = tmp_path / "shop.sqlite3"
    app_versions["next"]()
    db = open_database(path)
    populate(db)
    db.dispose()
    original = path.read_bytes()

    app_versions["current"]()
    with pytest.raises(UserFacingError) as refused:
        open_database(path)
    assert "made by a newer ReturnDesk (schema 0002_test)" in str(refused.value)
    assert "更新版本" in refused.value.render("zh_CN")
    assert path.read_bytes() == original


def test_an_unknown_revision_is_also_refused_as_newer(tmp_path):
    path = tmp_path / "shop.sqlite3"
    db = open_database(path)
    with db.write() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '0999_future'"))
    db.dispose()
    with pytest.raises(UserFacingError, match="newer ReturnDesk"):
        open_database(path)


def test_an_empty_new_file_is_created_at_head_in_a_new_folder(tmp_path):
    path = tmp_path / "new" / "folder" / "shop.sqlite3"
    db = open_database(path)
    assert schema_status(db).current == head_revision()
    assert {"returns", "orders", "users"} <= set(inspect(db.engine).get_table_names())
    assert db.warnings == []
    db.dispose()


@pytest.mark.postgres
def test_the_server_upgrade_keeps_data_and_is_refused_until_an_owner_runs_it(pg_url, app_versions):
    from desktop_app.core.db.schema import migrate_server

    db = open_database(pg_url)
    populate(db)
    before = logical_dump(db)
    db.dispose()

    app_versions["next"]()
    with pytest.raises(UserFacingError, match="The owner must update it"):
        open_database(pg_url)
    status = migrate_server(pg_url)
    assert status.up_to_date and status.current == "0002_test"
    db = open_database(pg_url)
    after = logical_dump(db)
    assert [row[:-1] for row in after["customers"]] == before["customers"]
    assert after["returns"] == before["returns"]
    db.dispose()

    app_versions["current"]()
    with pytest.raises(UserFacingError, match="newer ReturnDesk"):
        open_database(pg_url)
    with pytest.raises(UserFacingError, match="newer ReturnDesk"):
        migrate_server(pg_url)
