"""Running the Alembic migrations on an open database: one transaction, under a lock on a server."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from desktop_app.core.db.engine import Database
from desktop_app.core.db.revisions import alembic_config
from desktop_app.core.i18n import Message, UserFacingError

# Key of the PostgreSQL advisory lock held while the schema changes ("RDmigrat" folded into 63 bits).
MIGRATION_LOCK_KEY = 0x52446D6967726174


def server_name(url: str) -> str:
    """Return host:port/database of a server URL, without the password."""
    parsed = make_url(url)
    return f"{parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database or ''}"


def where(db: Database) -> str:
    """Return the file path or server name of a database, for sentences."""
    return str(db.sqlite_path) if db.sqlite_path is not None else server_name(db.url)


def _run_alembic(db: Database, action: str, target: str) -> None:
    """Run Alembic in one transaction; on SQLite with foreign keys off and checked before commit."""
    from alembic import command  # imported only when a schema really changes (opening at head skips it)

    with db.engine.connect() as connection:
        raw = connection.connection.driver_connection if db.is_sqlite else None
        if raw is not None:  # batch mode rebuilds tables; these pragmas only work outside a transaction
            raw.execute("PRAGMA foreign_keys=OFF")
            # Renaming the rebuilt copy must not trip over triggers or views naming the table (SQLite's
            # documented ALTER TABLE procedure); a rebuilt table loses its own triggers: recreate them.
            raw.execute("PRAGMA legacy_alter_table=ON")
        try:
            with connection.begin():
                if not db.is_sqlite:
                    lock = text("SELECT pg_advisory_xact_lock(:key)")
                    connection.execute(lock, {"key": MIGRATION_LOCK_KEY})
                getattr(command, action)(alembic_config(connection), target)
                if raw is not None and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise UserFacingError(
                        "Updating the database would break links between its records; nothing was changed."
                    )
        finally:
            if raw is not None:
                raw.execute("PRAGMA legacy_alter_table=OFF")
                raw.execute("PRAGMA foreign_keys=ON")


def migrate_database(db: Database, action: str = "upgrade", target: str = "head") -> None:
    """Migrate in one transaction; a database error becomes a sentence saying nothing was changed."""
    try:
        _run_alembic(db, action, target)
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()
        raise UserFacingError(
            Message(
                "Updating the database {path} failed, so nothing was changed: {reason}",
                {"path": where(db), "reason": reason[0] if reason else "?"},
            )
        ) from exc


def upgrade_to(db: Database, target: str = "head") -> None:
    """Upgrade an open database to `target` (tools and tests; `open_database` does this for SQLite)."""
    migrate_database(db, "upgrade", target)


def downgrade_to(db: Database, target: str) -> None:
    """Downgrade an open database to `target` (developer tool and migration tests only)."""
    migrate_database(db, "downgrade", target)
