"""Moving a shop from its SQLite file to a live PostgreSQL server: the copy is complete and verified."""

from __future__ import annotations

from pathlib import Path

import pytest
from safety_shop import copy_shop
from sqlalchemy import select
from sqlalchemy.exc import ProgrammingError

from desktop_app.core.db.migrate_to import _normal, _rows, _tables, migrate_to
from desktop_app.core.db.models import Order, OrderLine
from desktop_app.core.db.schema import open_database
from desktop_app.core.i18n import UserFacingError
from desktop_app.core.services import returns as svc
from desktop_app.core.services.auth import sign_in
from desktop_app.core.services.base import ServiceContext
from desktop_app.core.services.invariants import check_invariants
from tests.helpers.dump import logical_dump
from tests.helpers.sample import populate


def _typed_dump(db) -> dict[str, list[tuple]]:
    """Return every table's rows read through the model types (comparable across back ends)."""
    with db.engine.execution_options(returndesk_readonly=True).connect() as c:
        out = {t.name: list(_rows(c, t)) for t in _tables()}
        c.rollback()
    return out


def test_a_demo_shop_moves_to_postgresql_and_keeps_working(demo_template: Path, tmp_path: Path, pg_url: str):
    path = copy_shop(demo_template, tmp_path)
    before = open_database(path)
    file_dump, file_content = _typed_dump(before), logical_dump(before)
    before.dispose()
    report = migrate_to(str(path), pg_url)
    server = open_database(pg_url)
    try:
        server_dump = _typed_dump(server)
        assert server_dump == file_dump
        assert report.rows == {name: len(rows) for name, rows in file_dump.items()}
        assert report.total > 1000 and report.rows["returns"] > 50
        assert set(server_dump) == {t.name for t in _tables()}  # every model table (search indexes differ)
        assert check_invariants(server) == []
        # New rows get fresh ids after the copied ones: the sequences were moved on.
        owner = ServiceContext(server, sign_in(server, "owner", "4321"))
        with server.read() as s:
            number, channel, line = s.execute(select(Order.number, Order.channel, OrderLine.id)
                                              .join(OrderLine).order_by(Order.id.desc()).limit(1)).one()
        created = svc.create_return(owner, number, [(line, 1, "defective", "", "unused")],
                                    goodwill_reason="after the move", order_channel=channel)
        assert created.rma not in {r[1] for r in file_dump["returns"]}
    finally:
        server.dispose()
    unchanged = open_database(path)
    assert logical_dump(unchanged) == file_content  # the file was only read
    unchanged.dispose()


def test_self_references_and_every_table_survive_the_move(sqlite_database, pg_url):
    populate(sqlite_database)
    with sqlite_database.engine.begin() as c:  # a user changed by a user added after them
        c.exec_driver_sql("INSERT INTO users (id, name, display_name, role, secret_hash, language, active, "
                          "failed_attempts, created_at, version) VALUES (50, 'late', '', 'owner', 'x', 'en', 1, 0, "
                          "'2026-01-01 00:00:00', 1)")
        c.exec_driver_sql("UPDATE users SET updated_by = 50 WHERE name = 'owner'")
    expected = _typed_dump(sqlite_database)
    assert all(expected[t] for t in ("users", "refunds", "attachments", "return_events"))
    report = migrate_to(str(sqlite_database.sqlite_path), pg_url)
    server = open_database(pg_url)
    try:
        assert _typed_dump(server) == expected
        assert report.rows["users"] == len(expected["users"])
    finally:
        server.dispose()


def test_a_server_that_already_holds_a_shop_is_refused_and_left_alone(sqlite_database, pg_url):
    populate(sqlite_database)
    migrate_to(str(sqlite_database.sqlite_path), pg_url)
    server = open_database(pg_url)
    before = logical_dump(server)
    with pytest.raises(UserFacingError, match="already holds a shop"):
        migrate_to(str(sqlite_database.sqlite_path), pg_url)
    assert logical_dump(server) == before
    server.dispose()


@pytest.mark.parametrize(("source", "target", "words"), [
    ("missing.sqlite3", "postgresql+psycopg://u@127.0.0.1:1/x", "no shop file"),
    ("shop.sqlite3", "/tmp/other.sqlite3", "not"),
    ("shop.sqlite3", "sqlite:///tmp/x.db", "PostgreSQL server only"),
    ("shop.sqlite3", "mysql://u@h/x", "PostgreSQL server only"),
    ("shop.sqlite3", "postgresql+psycopg://nobody@127.0.0.1:1/none", "cannot reach"),
])
def test_bad_move_requests_get_a_sentence(sqlite_database, tmp_path, source, target, words):
    before = logical_dump(sqlite_database)
    path = sqlite_database.sqlite_path if source == "shop.sqlite3" else tmp_path / source
    with pytest.raises(UserFacingError) as error:
        migrate_to(str(path), target)
    assert words in error.value.render()
    assert logical_dump(sqlite_database) == before


def test_normal_makes_times_and_bytes_comparable():
    from datetime import UTC, datetime

    assert _normal(datetime(2026, 1, 1, 12)) == datetime(2026, 1, 1, 12, tzinfo=UTC)
    assert _normal(memoryview(b"ab")) == b"ab"


def test_a_desk_account_with_the_documented_grants_works_but_cannot_drop_tables(sqlite_database, pg_url):
    """docs/server.md step 3: a desk role can do the daily work and cannot change the schema."""
    import psycopg
    from sqlalchemy.engine import make_url

    populate(sqlite_database)
    migrate_to(str(sqlite_database.sqlite_path), pg_url)
    url = make_url(pg_url)
    role = f"desk_{url.database}"
    grants = [
        f'CREATE ROLE "{role}_group" NOLOGIN',
        f'GRANT CONNECT ON DATABASE "{url.database}" TO "{role}_group"',
        f'GRANT USAGE ON SCHEMA public TO "{role}_group"',
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{role}_group"',
        f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}_group"',
        f'CREATE ROLE "{role}" LOGIN IN ROLE "{role}_group"',
    ]
    with psycopg.connect(host=url.host, port=url.port, user="postgres", dbname=url.database,
                         autocommit=True) as admin:
        for statement in grants:
            admin.execute(statement)
    desk = open_database(url.set(username=role).render_as_string(hide_password=False))
    try:
        with desk.write() as s:
            s.execute(select(Order.id).limit(1)).all()
            s.add(OrderLine(order_id=s.scalar(select(Order.id).limit(1)), sku="X", quantity=1, unit_price_minor=1))
        with pytest.raises(ProgrammingError, match=r"must be owner|permission denied"), desk.engine.begin() as c:
            c.exec_driver_sql("DROP TABLE refunds")
    finally:
        desk.dispose()
        with psycopg.connect(host=url.host, port=url.port, user="postgres", dbname=url.database,
                             autocommit=True) as admin:
            admin.execute(f'REASSIGN OWNED BY "{role}" TO postgres')
            admin.execute(f'DROP OWNED BY "{role}", "{role}_group"')
            admin.execute(f'DROP ROLE "{role}"')
            admin.execute(f'DROP ROLE "{role}_group"')
