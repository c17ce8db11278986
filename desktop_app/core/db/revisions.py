"""Where the Alembic scripts live and which schema revisions this ReturnDesk knows."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """Return an Alembic configuration for the packaged scripts, bound to `connection` when given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def _script() -> ScriptDirectory:
    """Return the (cached) script directory."""
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """Return the newest schema revision this app knows."""
    head = _script().get_current_head()
    if head is None:  # pragma: no cover - the package always ships 0001
        raise RuntimeError("ReturnDesk ships no database migrations")
    return head


def known_revisions() -> list[str]:
    """Return every schema revision this app knows, oldest first."""
    return [script.revision for script in reversed(list(_script().walk_revisions()))]
