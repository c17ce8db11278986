"""A copy of the packaged migrations with one extra revision, to test upgrades of older databases."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop_app.core.db import revisions

EXTRA_REVISION = '''"""Test-only revision: a column on customers, rebuilt in batch mode on SQLite."""
from alembic import op
import sqlalchemy as sa

revision = "0002_test"
down_revision = "{down}"
branch_labels = None
depends_on = None


def _recreate() -> str:
    return "always" if op.get_bind().dialect.name == "sqlite" else "auto"


def upgrade() -> None:
    with op.batch_alter_table("customers", recreate=_recreate()) as batch:
        batch.add_column(sa.Column("test_note", sa.Text(), nullable=False, server_default="-"))


def downgrade() -> None:
    with op.batch_alter_table("customers", recreate=_recreate()) as batch:
        batch.drop_column("test_note")
'''


def _use(folder: Path) -> None:
    """Point the app at a migrations folder."""
    revisions.MIGRATIONS_DIR = folder


@pytest.fixture
def app_versions(tmp_path: Path) -> Iterator[dict[str, Callable[[], None]]]:
    """Switch between the real app ("current") and a "next" app that ships one more revision."""
    real = revisions.MIGRATIONS_DIR
    head = revisions.head_revision()
    extended = tmp_path / "next_migrations"
    shutil.copytree(real, extended, ignore=shutil.ignore_patterns("__pycache__"))
    (extended / "versions" / "0002_test.py").write_text(EXTRA_REVISION.replace("{down}", head))
    switch = {"current": lambda: _use(real), "next": lambda: _use(extended)}
    try:
        yield switch
    finally:
        _use(real)
