"""The shared fixtures give a fresh, migrated database on both back ends, and a real empty server database."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import psycopg
from sqlalchemy import select
from sqlalchemy.engine import make_url

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Base, Customer, Product
from desktop_app.core.db.schema import schema_status
from tests.helpers.dump import EXCLUDED, logical_dump


def test_database_fixture_is_migrated_and_round_trips_values(database: Database):
    assert schema_status(database).up_to_date
    when = datetime(2026, 3, 1, 12, 30, tzinfo=UTC)
    with database.write() as session:
        session.add(Customer(name="王小明", email="wang@example.cn", created_at=when))
        session.add(Product(sku="MUG-1", name="Mug", price_minor=1299, currency="EUR"))
    with database.read() as session:
        customer = session.scalars(select(Customer)).one()
        product = session.scalars(select(Product)).one()
    assert (customer.name, customer.created_at) == ("王小明", when)
    assert product.price_minor == 1299 and isinstance(product.price_minor, int)


def test_each_test_gets_an_empty_database(database: Database):
    dump = logical_dump(database)
    assert "alembic_version" not in dump
    shop_tables = set(Base.metadata.tables) - EXCLUDED  # the dump leaves out sign-in state (desk sessions)
    assert shop_tables <= set(dump)
    assert all(dump[table] == [] for table in shop_tables)


def test_pg_url_is_an_empty_database_on_the_local_cluster(pg_url: str):
    url = make_url(pg_url)
    assert url.host == "127.0.0.1"
    with psycopg.connect(host=url.host, port=url.port, user=url.username, dbname=url.database) as conn:
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
        listening_on = conn.execute("SELECT current_setting('listen_addresses')").fetchone()[0]
    assert tables == 0
    assert listening_on == "127.0.0.1"


def test_the_cluster_runs_as_a_non_root_user(pg_cluster):
    pid = int((pg_cluster.data / "postmaster.pid").read_text().splitlines()[0])
    status = Path(f"/proc/{pid}/status").read_text()
    uid = int(next(line for line in status.splitlines() if line.startswith("Uid:")).split()[1])
    assert uid != 0
