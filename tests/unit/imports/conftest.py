"""Fixtures for the importer tests: real shop databases (SQLite file and PostgreSQL) with an owner."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import User
from desktop_app.core.db.schema import open_database
from desktop_app.core.services.base import CurrentUser, Role

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "imports"
ADVENTUREWORKS = FIXTURES / "adventureworks"


def add_owner(db: Database) -> CurrentUser:
    """Add the shop's owner and return them as the acting user."""
    with db.write() as session:
        user = User(name="owner", display_name="Owner", role="owner", secret_hash="-")
        session.add(user)
        session.flush()
        uid = user.id
    return CurrentUser(uid, "owner", "Owner", Role.OWNER)


@pytest.fixture
def shop(database):
    """A fresh migrated shop (SQLite, then PostgreSQL) and its owner."""
    return database, add_owner(database)


@pytest.fixture
def sqlite_shop(sqlite_database):
    """A fresh migrated shop in a SQLite file and its owner."""
    return sqlite_database, add_owner(sqlite_database)


def module_shop(request: pytest.FixtureRequest, backend: str, folder: Path):
    """Open a migrated shop for a whole test module: a SQLite file or a PostgreSQL database."""
    if backend == "sqlite":
        db = open_database(folder / "shop.sqlite3")
        return db, add_owner(db), lambda: db.dispose()
    cluster = request.getfixturevalue("pg_cluster")
    name = cluster.create_database(template=request.getfixturevalue("_pg_template"))
    db = open_database(cluster.url(name))

    def close() -> None:
        db.dispose()
        cluster.drop_database(name)

    return db, add_owner(db), close
