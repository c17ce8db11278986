"""Open a shop database safely: check it, refuse what is not ours or too new, and migrate it.

SQLite files are checked (`PRAGMA quick_check`), backed up and upgraded on open. A PostgreSQL schema
is only ever upgraded by `migrate_server()`, which an owner runs on purpose, under an advisory lock.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from desktop_app.core.db.backup import auto_backup
from desktop_app.core.db.engine import Database, normalise_url
from desktop_app.core.db.migrating import migrate_database, server_name
from desktop_app.core.db.revisions import alembic_config, head_revision, known_revisions
from desktop_app.core.db.sqlite_file import FileKind, FileReport, inspect_file
from desktop_app.core.db.storage import storage_warning
from desktop_app.core.i18n import Message, UserFacingError
from desktop_app.core.redact import private_file

STALE_CREATION_SECONDS = 600  # a temporary new shop older than this was left by a killed creation


@dataclass(frozen=True)
class SchemaStatus:
    """The schema revision stored in a database and the newest one this app knows."""

    current: str | None
    head: str
    known: bool

    @property
    def up_to_date(self) -> bool:
        """Return True when the database is exactly at this app's newest revision."""
        return self.current == self.head

    @property
    def newer(self) -> bool:
        """Return True when the database was made by a newer ReturnDesk."""
        return self.current is not None and not self.known

    @property
    def pending(self) -> bool:
        """Return True when migrations are waiting to run."""
        return self.known and self.current != self.head


def _status_on(connection: Connection) -> SchemaStatus:
    """Read the stored revision on an open connection (Alembic's version table, read plainly: no Alembic)."""
    current = None
    if inspect(connection).has_table("alembic_version"):
        rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
        current = str(rows[0][0]) if len(rows) == 1 else None
    known = current is None or current in known_revisions()
    return SchemaStatus(current=current, head=head_revision(), known=known)


def schema_status(db: Database) -> SchemaStatus:
    """Return the current and head schema revision of an open database."""
    with db.engine.execution_options(returndesk_readonly=True).connect() as connection:
        status = _status_on(connection)
        connection.rollback()
    return status


def _newer_error(where: str, revision: str | None) -> UserFacingError:
    """Return the refusal for a database made by a newer app."""
    return UserFacingError(
        Message(
            "The database {path} was made by a newer ReturnDesk (schema {revision}). "
            "Update ReturnDesk on this computer to open it.",
            {"path": where, "revision": revision or "?"},
        )
    )


def open_database(path_or_url: str | Path, *, migrate: bool = True, keep_backups: int = 10,
                  inspected: FileReport | None = None) -> Database:
    """Open a shop database, creating an empty one at head; refuse foreign, damaged or newer ones.

    `inspected`: what `inspect_file` found in this SQLite file just before (its check is not run twice).
    """
    url = normalise_url(path_or_url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "")
        report = inspected if inspected is not None and inspected.path == path else inspect_file(path)
        return _open_sqlite(path, report, migrate=migrate, keep_backups=keep_backups)
    return _open_server(url)


def _open_sqlite(path: Path, report: FileReport, *, migrate: bool, keep_backups: int) -> Database:
    """Open (or create) a SQLite shop file after checking it; back it up before any upgrade."""
    if report.kind in (FileKind.EMPTY_FILE, FileKind.NOT_SQLITE, FileKind.DAMAGED, FileKind.FOREIGN):
        raise UserFacingError(
            report.problem or Message("The file {path} is not a ReturnDesk database.", {"path": str(path)})
        )
    if report.kind is FileKind.MISSING:
        _create_sqlite(path)
        report = inspect_file(path)
    if report.kind is FileKind.RETURNDESK:
        if report.revision is None:
            raise UserFacingError(
                Message(
                    "The database {path} has lost its schema version. Restore it from a backup.",
                    {"path": str(path)},
                )
            )
        if report.revision not in known_revisions():
            raise _newer_error(str(path), report.revision)
        if report.revision != head_revision():
            if not migrate:
                raise UserFacingError(
                    Message(
                        "The database {path} was made by an older ReturnDesk and needs an update "
                        "before it can be used.",
                        {"path": str(path)},
                    )
                )
            auto_backup(path, "before-upgrade", keep=keep_backups)
    db = Database(path)
    try:
        if report.kind is not FileKind.RETURNDESK or report.revision != head_revision():
            migrate_database(db)
    except BaseException:
        db.dispose()
        raise
    warning = storage_warning(path)
    if warning is not None:
        db.warnings.append(warning)
    return db


def _create_sqlite(path: Path) -> None:
    """Create a new shop file at head under a temporary name, then rename it: a kill leaves no half shop.

    A file killed before SQLite wrote its first page would otherwise stay behind empty and be refused.
    """
    temporary = path.with_name(f".{path.name}.new-{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in path.parent.glob(f".{path.name}.new-*"):  # left by a creation that was killed
            if time.time() - stale.stat().st_mtime > STALE_CREATION_SECONDS:
                stale.unlink(missing_ok=True)
        private_file(temporary)  # a new shop file is the owner's only (0600); SQLite gives its -wal/-shm the same
    except OSError as exc:
        raise UserFacingError(
            Message(
                "ReturnDesk cannot create the folder {path}: {reason}",
                {"path": str(path.parent), "reason": exc.strerror or str(exc)},
            )
        ) from exc
    db = Database(temporary)
    try:
        migrate_database(db)
    finally:
        db.dispose()
    os.replace(temporary, path)


def _connect_error(url: str, exc: Exception) -> UserFacingError:
    """Return the refusal for a server that cannot be reached."""
    reason = str(getattr(exc, "orig", exc)).strip().splitlines()
    return UserFacingError(
        Message(
            "ReturnDesk cannot reach the database server {server}: {reason}",
            {"server": server_name(url), "reason": reason[0] if reason else "?"},
        )
    )


def _has_foreign_tables(db: Database, status: SchemaStatus) -> bool:
    """Return True when a server database without our version table holds someone else's tables."""
    if status.current is not None:
        return False
    names = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    return bool(names)


def _foreign_server(url: str) -> UserFacingError:
    """Return the refusal for a server database of another program."""
    return UserFacingError(
        Message(
            "The server database {server} belongs to another program, not ReturnDesk. "
            "Choose an empty database.",
            {"server": server_name(url)},
        )
    )


def _open_server(url: str) -> Database:
    """Open a PostgreSQL shop; create an empty one at head, refuse one that needs an owner's upgrade."""
    db = Database(url)
    try:
        status = _reachable_status(db, url)
        if status.current is None:
            if _has_foreign_tables(db, status):
                raise _foreign_server(url)
            status = _migrate_server_db(db, url)
    except BaseException:
        db.dispose()
        raise
    if status.newer:
        db.dispose()
        raise _newer_error(server_name(url), status.current)
    if status.pending:
        db.dispose()
        raise UserFacingError(
            Message(
                "The server database {server} was made by an older ReturnDesk. The owner must update it "
                "(migrate the server) before desks can use it.",
                {"server": server_name(url)},
            )
        )
    return db


def _reachable_status(db: Database, url: str) -> SchemaStatus:
    """Return the schema status of a server database, or refuse clearly when it cannot be reached."""
    try:
        return schema_status(db)
    except DBAPIError as exc:
        raise _connect_error(url, exc) from exc


def _migrate_server_db(db: Database, url: str) -> SchemaStatus:
    """Upgrade a server database to head under the advisory lock, refusing foreign or newer ones."""
    status = _reachable_status(db, url)
    if status.newer:
        raise _newer_error(server_name(url), status.current)
    if _has_foreign_tables(db, status):
        raise _foreign_server(url)
    migrate_database(db)  # takes pg_advisory_xact_lock first; Alembic re-reads the version under the lock
    return schema_status(db)


def migrate_server(url: str) -> SchemaStatus:
    """Upgrade a PostgreSQL shop to this app's schema (an owner's explicit action), under an advisory lock."""
    normalised = normalise_url(url)
    if make_url(normalised).get_backend_name() == "sqlite":
        raise UserFacingError(
            "Only a server database is migrated this way; a shop file is updated when it is opened."
        )
    db = Database(normalised)
    try:
        return _migrate_server_db(db, normalised)
    finally:
        db.dispose()


def _new_revision(message: str) -> None:
    """Autogenerate a new migration script by comparing the models with a scratch database at head."""
    from alembic import command

    with tempfile.TemporaryDirectory() as folder:
        db = Database(Path(folder) / "scratch.sqlite3")
        migrate_database(db)
        with db.engine.begin() as connection:
            command.revision(alembic_config(connection), message=message, autogenerate=True)
        db.dispose()


if __name__ == "__main__":  # developer tool: python -m desktop_app.core.db.schema revision "message"
    if len(sys.argv) == 3 and sys.argv[1] == "revision":
        _new_revision(sys.argv[2])
    else:
        raise SystemExit('usage: python -m desktop_app.core.db.schema revision "what changed"')
