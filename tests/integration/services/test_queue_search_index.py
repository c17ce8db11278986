"""The queue search through the index (SQLite FTS5 trigram, PostgreSQL pg_trgm) finds what the plain scan finds."""

from __future__ import annotations

import pytest
from sqlalchemy import text as sql_text
from sqlalchemy import update

from desktop_app.core.db.models import Customer, Order, Return, utcnow
from desktop_app.core.demo.shop import build_demo
from desktop_app.core.services.returns import ReturnFilter
from desktop_app.core.services.returns import queue as q

QUERIES = ("R-0000", "r-000012", "müller", "MÜLLER", "Schmidt", "anna", "张伟", "王芳", "李娜", "TEE-ORG", "-M", "om",
           "tee-org-wht-m", "dhl", "1003", "example.com", "@EXAMPLE", "ret", "%", "_", 'a"b', "x", "re", "zzzz")


def _ids(db, text: str, mode: str) -> list[int]:
    with db.read() as session:
        return sorted(session.scalars(q._filtered(ReturnFilter(search=text), utcnow(), mode)))


def _mode(db, text: str) -> str:
    with db.read() as session:
        return q.search_mode(session, text)


def _has_pg_trgm(db) -> bool:
    with db.read() as session:
        return session.execute(sql_text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).first() is not None


@pytest.fixture
def demo_db(database):
    build_demo(database, orders=400, seed=3)
    return database


def test_the_index_gives_the_same_returns_as_the_plain_scan(demo_db):
    indexed = 0
    for text in QUERIES:
        mode = _mode(demo_db, text)
        indexed += mode != "plain"
        assert _ids(demo_db, text, mode) == _ids(demo_db, text, "plain"), text
    if demo_db.engine.dialect.name == "sqlite":
        assert indexed == sum(len(t) >= 2 for t in QUERIES)  # FTS5 is always there on SQLite
    elif _has_pg_trgm(demo_db):
        assert indexed == sum(len(t) >= 3 for t in QUERIES)  # pg_trgm indexes, made by revision 0002
    assert _ids(demo_db, "example.com", _mode(demo_db, "example.com"))  # the demo's e-mails are found


def test_the_index_follows_changes_to_customers_orders_and_returns(demo_db):
    ret = q.list_returns(demo_db, limit=1)[0]
    with demo_db.write() as s:
        row = s.get(Return, ret.id)
        s.execute(update(Customer).where(Customer.id == row.customer_id).values(name="Quirinus Zebedäus"))
        s.execute(update(Order).where(Order.id == row.order_id).values(number="ZZ-777-ORDER"))
        row.tracking_number = "TRK-QQ-4242"
    for text in ("zebedäus", "zz-777", "qq-42"):
        used = _mode(demo_db, text)
        assert used != "plain" or demo_db.engine.dialect.name != "sqlite"
        found = _ids(demo_db, text, used)
        assert found == _ids(demo_db, text, "plain") and ret.id in found
    assert [r.id for r in q.list_returns(demo_db, search=ret.rma)] == [ret.id]
    old = ret.customer_name
    if len(old) >= 3:
        assert _ids(demo_db, old, _mode(demo_db, old)) == _ids(demo_db, old, "plain")
