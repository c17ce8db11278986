"""PostgreSQL: an empty database is created at head, migrations run under an advisory lock, refusals."""

from __future__ import annotations

import threading

import psycopg
import pytest
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from desktop_app.core.db.migrating import MIGRATION_LOCK_KEY
from desktop_app.core.db.revisions import head_revision
from desktop_app.core.db.schema import migrate_server, open_database, schema_status
from desktop_app.core.i18n import UserFacingError
from tests.helpers.dump import logical_dump
from tests.helpers.sample import populate


def _psql(url: str, sql: str) -> list[tuple]:
    """Run one statement straight through psycopg (not through the app)."""
    parsed = make_url(url)
    with psycopg.connect(
        host=parsed.host, port=parsed.port, user=parsed.username, dbname=parsed.database, autocommit=True
    ) as connection:
        cursor = connection.execute(sql)
        return cursor.fetchall() if cursor.description else []


def test_an_empty_server_database_is_created_at_head(pg_url):
    db = open_database(pg_url)
    assert schema_status(db).current == head_revision()
    assert {"returns", "orders", "users", "alembic_version"} <= set(inspect(db.engine).get_table_names())
    populate(db)
    before = logical_dump(db)
    db.dispose()
    again = open_database(pg_url)
    assert logical_dump(again) == before
    again.dispose()


def test_concurrent_server_migrations_serialise_under_the_advisory_lock(pg_url):
    results: list[object] = []

    def migrate() -> None:
        try:
            results.append(migrate_server(pg_url))
        except Exception as exc:  # collected and asserted below
            results.append(exc)

    threads = [threading.Thread(target=migrate) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(results) == 4
    assert all(not isinstance(r, Exception) and r.up_to_date for r in results), results
    assert _psql(pg_url, "SELECT version_num FROM alembic_version") == [(head_revision(),)]


def test_migration_waits_while_another_desk_holds_the_lock(pg_url):
    parsed = make_url(pg_url)
    holder = psycopg.connect(host=parsed.host, port=parsed.port, user=parsed.username, dbname=parsed.database)
    holder.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_KEY,))
    done = threading.Event()
    worker = threading.Thread(target=lambda: (migrate_server(pg_url), done.set()))
    worker.start()
    assert not done.wait(1.0)  # blocked on the lock
    assert _psql(pg_url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]
    holder.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK_KEY,))
    holder.close()
    worker.join(30)
    assert done.is_set()
    assert _psql(pg_url, "SELECT version_num FROM alembic_version") == [(head_revision(),)]


def test_a_database_of_another_program_on_the_server_is_refused_unchanged(pg_url):
    _psql(pg_url, "CREATE TABLE invoices (id serial PRIMARY KEY, total integer)")
    _psql(pg_url, "INSERT INTO invoices (total) VALUES (100)")
    for action in (open_database, migrate_server):
        with pytest.raises(UserFacingError, match="belongs to another program"):
            action(pg_url)
    assert _psql(pg_url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'") == [("invoices",)]


def test_a_server_made_by_a_newer_returndesk_is_refused(pg_url):
    open_database(pg_url).dispose()
    _psql(pg_url, "UPDATE alembic_version SET version_num = '0999_future'")
    with pytest.raises(UserFacingError) as refused:
        open_database(pg_url)
    assert "newer ReturnDesk (schema 0999_future)" in str(refused.value)
    with pytest.raises(UserFacingError, match="newer ReturnDesk"):
        migrate_server(pg_url)


def test_an_unreachable_server_gets_a_sentence_not_a_traceback(pg_cluster):
    url = pg_cluster.url("nobody").replace(f":{pg_cluster.port}/", ":1/")
    with pytest.raises(UserFacingError) as refused:
        open_database(url)
    assert str(refused.value).startswith("ReturnDesk cannot reach the database server 127.0.0.1:1/nobody")
    assert "password" not in str(refused.value)


def test_a_missing_server_database_gets_a_sentence(pg_cluster):
    with pytest.raises(UserFacingError, match="cannot reach the database server"):
        open_database(pg_cluster.url("no_such_shop"))


def test_migrate_server_refuses_a_sqlite_file(tmp_path):
    with pytest.raises(UserFacingError, match="Only a server database"):
        migrate_server(str(tmp_path / "shop.sqlite3"))
