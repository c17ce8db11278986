"""Open a shop database (SQLite file or any SQLAlchemy URL) and hand out one transaction per use case.

SQLite follows SQLAlchemy's documented pysqlite recipe: the driver's own transaction handling is switched
off and every write transaction starts with `BEGIN IMMEDIATE`, so DDL and savepoints are atomic and two
desks never deadlock half-way through a change. Reads start a plain deferred `BEGIN` and never block.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.core.db import interrupt
from desktop_app.core.i18n import Message

BUSY_TIMEOUT_MS = 5000


def normalise_url(path_or_url: str | Path) -> str:
    """Turn a file path into a SQLite URL; leave a SQLAlchemy URL as it is."""
    text = str(path_or_url)
    if "://" in text:
        url = make_url(text)
        if url.drivername in ("postgresql", "postgres"):
            url = url.set(drivername="postgresql+psycopg")
        return url.render_as_string(hide_password=False)
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def _install_sqlite_recipe(engine: Engine) -> None:
    """Foreign keys, WAL, busy timeout and IMMEDIATE write transactions on every SQLite connection."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy emit BEGIN itself
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # statement journals in memory: with a file, every row written by executemany into a table with
        # triggers (search index, report marks) opens a temporary file (about 12 µs a row)
        cursor.execute("PRAGMA temp_store=MEMORY")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        interrupt.install(dbapi_connection)  # a read its caller gave up on can be stopped (interrupt.stop_when)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if conn.get_execution_options().get("returndesk_readonly"):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """One shop database: an engine plus session factories for writing and reading."""

    def __init__(self, path_or_url: str | Path, *, echo: bool = False) -> None:
        self.url = normalise_url(path_or_url)
        self.engine = create_engine(self.url, echo=echo, future=True)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        if self.is_sqlite:
            _install_sqlite_recipe(self.engine)
        self._write = sessionmaker(self.engine, expire_on_commit=False)
        self._read = sessionmaker(
            self.engine.execution_options(returndesk_readonly=True), expire_on_commit=False
        )
        # Things the person opening the shop should know (set by schema.open_database), e.g. a synced folder.
        self.warnings: list[Message] = []

    @property
    def sqlite_path(self) -> Path | None:
        """Return the database file of a SQLite shop, or None for a server."""
        if not self.is_sqlite or not self.engine.url.database:
            return None
        return Path(self.engine.url.database)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """Run one use case in one write transaction: commit on success, roll back on any error."""
        with self._write() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """Run read-only queries in one consistent snapshot; nothing is committed."""
        with self._read() as session:  # closing ends the transaction; loaded values stay readable
            yield session

    def dispose(self) -> None:
        """Close every pooled connection (before a backup restore or at exit)."""
        self.engine.dispose()
