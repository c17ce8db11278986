"""Compare a SQLite shop file's schema, object by object, with the one ReturnDesk's migrations create.

A backup or shop file may carry objects nobody asked for: a trigger that makes a clerk the owner on any
update, a view, an index, a changed column. `schema_differences` lists every table, column, index,
trigger and view that is extra, missing or changed compared with a fresh database migrated to the same
revision (built once per revision and process, in a temporary folder).
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
from contextlib import closing
from functools import cache
from pathlib import Path

from desktop_app.core.db.engine import Database
from desktop_app.core.db.migrating import upgrade_to
from desktop_app.core.i18n import Message

Objects = dict[tuple[str, str], tuple[object, ...]]
_SPACES = re.compile(r"\s+")


def _normal_sql(sql: str | None) -> str:
    """Return SQL text with whitespace, quoting and case evened out."""
    return _SPACES.sub(" ", (sql or "").replace('"', "").replace("`", "")).strip().lower()


def _table(connection: sqlite3.Connection, name: str) -> tuple[object, ...]:
    columns = tuple(sorted((row[1], (row[2] or "").upper(), row[3], row[5])
                           for row in connection.execute(f'PRAGMA table_xinfo("{name}")')))
    keys = tuple(sorted((row[2], row[3], row[4] or "", row[6] or "")
                        for row in connection.execute(f'PRAGMA foreign_key_list("{name}")')))
    return columns, keys


def _index(connection: sqlite3.Connection, table: str, name: str, sql: str | None) -> tuple[object, ...]:
    columns = tuple(row[2] for row in connection.execute(f'PRAGMA index_info("{name}")'))
    unique = next((row[2] for row in connection.execute(f'PRAGMA index_list("{table}")') if row[1] == name), 0)
    where = _normal_sql(sql).partition(" where ")[2]
    return table.lower(), unique, columns, where


def schema_objects(connection: sqlite3.Connection) -> Objects:
    """Return (type, name) -> a comparable description of every object of a SQLite database."""
    found: Objects = {}
    rows = connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                              "WHERE name NOT LIKE 'sqlite_%'").fetchall()
    for kind, name, table, sql in rows:
        if kind == "table":
            found[(kind, name)] = _table(connection, name)
        elif kind == "index":
            found[(kind, name)] = _index(connection, table, name, sql)
        else:  # triggers and views: their whole text matters
            found[(kind, name)] = (table.lower(), _normal_sql(sql))
    return found


@cache
def expected_objects(revision: str) -> Objects:
    """Return the objects a fresh shop migrated to `revision` has (built once per process)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "expected.sqlite3"
        db = Database(path)
        try:
            upgrade_to(db, revision)
        finally:
            db.dispose()
        with closing(sqlite3.connect(path)) as connection:
            return schema_objects(connection)


def schema_differences(connection: sqlite3.Connection, revision: str) -> list[Message]:
    """Return one sentence per object that is extra, missing or changed against the app's own schema."""
    expected, actual = expected_objects(revision), schema_objects(connection)
    problems = []
    for kind, name in sorted(actual.keys() - expected.keys()):
        problems.append(Message("It has a {kind} named {name} that ReturnDesk does not create.",
                                {"kind": kind, "name": name}))
    for kind, name in sorted(expected.keys() - actual.keys()):
        problems.append(Message("Its {kind} {name} is missing.", {"kind": kind, "name": name}))
    for kind, name in sorted(expected.keys() & actual.keys()):
        if expected[(kind, name)] != actual[(kind, name)]:
            problems.append(Message("Its {kind} {name} differs from the one ReturnDesk creates.",
                                    {"kind": kind, "name": name}))
    return problems


def structure_problems(path: str | Path, revision: str) -> list[Message]:
    """Return how a SQLite file's schema differs from ReturnDesk's own at `revision` (empty when it matches)."""
    try:
        with closing(sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)) as connection:
            return schema_differences(connection, revision)
    except sqlite3.Error as exc:
        return [Message("Its structure cannot be read: {reason}", {"reason": str(exc)})]
