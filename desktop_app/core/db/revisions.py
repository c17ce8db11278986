"""Where the Alembic scripts live and which schema revisions this ReturnDesk knows.

The revisions are read from the scripts' `revision` / `down_revision` lines with `ast`, so opening a shop
that is already at head never imports Alembic (a quick command stays quick); Alembic runs only to migrate.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """Return an Alembic configuration for the packaged scripts, bound to `connection` when given."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _script_ids(path: Path) -> tuple[str, str | None]:
    """Return (revision, down_revision) as a migration script assigns them at its top level."""
    found: dict[str, str | None] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.AnnAssign):
            target: ast.expr = node.target
            value = node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id in ("revision", "down_revision") and value is not None:
            literal = ast.literal_eval(value)
            found[target.id] = literal if isinstance(literal, str) or literal is None else str(literal)
    if not isinstance(found.get("revision"), str):  # pragma: no cover - every shipped script names itself
        raise RuntimeError(f"migration script without a revision: {path.name}")
    return str(found["revision"]), found.get("down_revision")


@cache
def _chain(folder: Path) -> tuple[str, ...]:
    """Return the revisions in `folder` oldest first (one straight line: each script revises the one before)."""
    parents = dict(_script_ids(p) for p in sorted((folder / "versions").glob("[0-9]*.py")))
    children = {parent: rev for rev, parent in parents.items()}
    chain: list[str] = []
    current = children.get(None)
    while current is not None:
        chain.append(current)
        current = children.get(current)
    if not chain or len(chain) != len(parents):  # pragma: no cover - a branched history is a packaging mistake
        raise RuntimeError("ReturnDesk's database migrations do not form one line")
    return tuple(chain)


def head_revision() -> str:
    """Return the newest schema revision this app knows."""
    return _chain(MIGRATIONS_DIR)[-1]


def known_revisions() -> list[str]:
    """Return every schema revision this app knows, oldest first."""
    return list(_chain(MIGRATIONS_DIR))
