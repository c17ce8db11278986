"""The import bench's generated Shopify export is shaped like the real one and imports whole; its raw baseline
writes the same orders and lines (the timing itself is for `make bench`, not here)."""

from __future__ import annotations

import csv
import sqlite3
from contextlib import closing

from benchmarks.import_raw import load
from benchmarks.shopify_file import HEADER, write_shopify_file
from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Base, User
from desktop_app.core.imports.writer import import_file
from desktop_app.core.services.base import CurrentUser, Role


def _shop(path):
    db = Database(path)
    Base.metadata.create_all(db.engine)
    with db.write() as session:
        session.add(User(name="bench", role="owner", secret_hash="-"))
    return db


def test_the_generated_shopify_export_imports_every_line_and_the_baseline_writes_the_same_rows(tmp_path):
    data = tmp_path / "orders_export.csv"
    orders = write_shopify_file(data, 2000)
    raw_bytes = data.read_bytes()
    assert raw_bytes.startswith(b"\xef\xbb\xbfName,Email,") and b"\r\n#" in raw_bytes and b"'2" in raw_bytes
    with data.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == HEADER and len(HEADER) == 79 and len(rows) == 2001
    continuation = [r for r in rows[1:] if not r[1]]
    assert continuation and all(not any(r[2:16]) for r in continuation)  # only Name and the item columns
    assert any("\n" in r[HEADER.index("Note Attributes")] for r in rows)
    statuses = {r[2] for r in rows[1:]}
    assert {"paid", "refunded", "partially_refunded", "voided"} <= statuses

    db = _shop(tmp_path / "shop.sqlite3")
    try:
        result = import_file(db, data, "shopify", CurrentUser(1, "bench", "Bench", Role.OWNER))
    finally:
        db.dispose()
    assert (result.rows, result.orders_added, result.lines_added) == (2000, orders, 2000)
    assert result.returns_added > 0

    _shop(tmp_path / "raw.sqlite3").dispose()
    assert load(str(data), str(tmp_path / "raw.sqlite3")) == 2000
    with closing(sqlite3.connect(tmp_path / "raw.sqlite3")) as c:
        assert c.execute("SELECT count(*) FROM orders").fetchone()[0] == orders
        assert c.execute("SELECT count(*) FROM order_lines").fetchone()[0] == 2000
