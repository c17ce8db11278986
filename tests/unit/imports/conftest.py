"""Fixtures for the importer tests: a real SQLite shop file with every table, an owner, a data dump."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Base, User
from desktop_app.core.services.base import CurrentUser, Role

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "imports"
ADVENTUREWORKS = FIXTURES / "adventureworks"


def new_shop(folder: Path) -> tuple[Database, CurrentUser]:
    """Create an empty shop database file with one owner."""
    db = Database(folder / "shop.sqlite")
    Base.metadata.create_all(db.engine)
    with db.write() as session:
        user = User(name="owner", display_name="Owner", role="owner", secret_hash="-")
        session.add(user)
        session.flush()
        uid = user.id
    return db, CurrentUser(uid, "owner", "Owner", Role.OWNER)


def dump(db: Database) -> dict[str, list[tuple]]:
    """Return the logical content of every table, rows in primary-key order."""
    content = {}
    with db.read() as session:
        for table in Base.metadata.sorted_tables:
            rows = session.execute(select(table).order_by(*table.primary_key.columns)).all()
            content[table.name] = [tuple(row) for row in rows]
    return content


@pytest.fixture
def shop(tmp_path):
    """An empty shop (database, owner) in a fresh SQLite file."""
    db, user = new_shop(tmp_path)
    yield db, user
    db.dispose()
