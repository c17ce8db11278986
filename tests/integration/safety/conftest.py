"""Shared pieces of the safety tests: a demo shop built once per session and copied per test."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from safety_shop import copy_shop

from desktop_app.core.db.engine import Database
from desktop_app.core.db.schema import open_database
from desktop_app.core.demo.shop import build_demo

DEMO_ORDERS = 300


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo shop file (300 orders, returns in every state), built once and checkpointed."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    db = open_database(path)
    build_demo(db, orders=DEMO_ORDERS, seed=11)
    db.dispose()
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A fresh copy of the demo shop, opened."""
    db = open_database(copy_shop(demo_template, tmp_path))
    yield db
    db.dispose()
