"""Look inside a SQLite file before trusting it: is it a database, is it intact, is it ReturnDesk's."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from desktop_app.core.db.revisions import known_revisions
from desktop_app.core.i18n import Message

SQLITE_HEADER = b"SQLite format 3\x00"
# Written into the SQLite header (PRAGMA application_id) by the first migration: "RDK1".
APPLICATION_ID = 0x52444B31


class FileKind(Enum):
    """What a file turned out to be."""

    MISSING = "missing"
    EMPTY_FILE = "empty_file"
    NOT_SQLITE = "not_sqlite"
    DAMAGED = "damaged"
    FOREIGN = "foreign"
    BLANK = "blank"  # a SQLite database without any table: a new shop can be created in it
    RETURNDESK = "returndesk"


@dataclass(frozen=True)
class FileReport:
    """The result of looking inside one file; `revision` is the stored schema revision if any."""

    path: Path
    kind: FileKind
    revision: str | None = None
    application_id: int = 0
    problem: Message | None = None


def _read_header(path: Path) -> bytes:
    """Return the first 16 bytes of a file."""
    with path.open("rb") as handle:
        return handle.read(16)


# `PRAGMA quick_check` reads the whole file: about 5 s for a 2.8 GB shop with a million returns. Files up to
# this size are checked on open; a larger shop opens at once and the window runs the full check in the
# background right after it shows (services.startup.check_shop), as `returndesk check` does on demand.
QUICK_CHECK_ON_OPEN_LIMIT = 256 * 1024 * 1024


# SQLite's own words for a damaged file, used when its message about the damage cannot be decoded.
MALFORMED = "database disk image is malformed"


def lenient_text(raw: bytes) -> str:
    """Decode text read from a file that may be damaged: mangled bytes become U+FFFD instead of an error."""
    return raw.decode("utf-8", errors="replace")


def open_for_check(path: Path, timeout: float = 5.0) -> sqlite3.Connection:
    """Open a plain sqlite3 connection whose text never fails to decode (complaints quote damaged bytes)."""
    connection = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    connection.text_factory = lenient_text
    return connection


def quick_check(connection: sqlite3.Connection) -> list[str]:
    """Run `PRAGMA quick_check` and return its complaints (empty when the file is intact)."""
    connection.text_factory = lenient_text  # a complaint may quote a damaged record's bytes
    rows = [row[0] for row in connection.execute("PRAGMA quick_check").fetchall()]
    return [] if rows == ["ok"] else rows


def _not_a_database(path: Path) -> FileReport | None:
    """Return the report of a file that is missing, a folder, unreadable, empty or not SQLite (else None)."""
    shown = str(path)
    if not path.exists():
        return FileReport(
            path, FileKind.MISSING, problem=Message("The file {path} does not exist.", {"path": shown})
        )
    if path.is_dir():
        return FileReport(
            path,
            FileKind.NOT_SQLITE,
            problem=Message("{path} is a folder, not a ReturnDesk database.", {"path": shown}),
        )
    try:
        header = _read_header(path)
    except OSError as exc:
        return FileReport(
            path,
            FileKind.NOT_SQLITE,
            problem=Message(
                "The file {path} cannot be read: {reason}",
                {"path": shown, "reason": exc.strerror or str(exc)},
            ),
        )
    if not header:
        return FileReport(
            path,
            FileKind.EMPTY_FILE,
            problem=Message("The file {path} is empty, not a ReturnDesk database.", {"path": shown}),
        )
    if header != SQLITE_HEADER:
        return FileReport(
            path,
            FileKind.NOT_SQLITE,
            problem=Message("The file {path} is not a ReturnDesk database.", {"path": shown}),
        )
    return None


def inspect_file(path: str | Path) -> FileReport:
    """Classify a file as missing, not a database, damaged, someone else's, blank or ReturnDesk's."""
    path = Path(path)
    shown = str(path)
    refused = _not_a_database(path)
    if refused is not None:
        return refused
    try:
        with closing(open_for_check(path)) as connection:
            complaints = quick_check(connection) if path.stat().st_size <= QUICK_CHECK_ON_OPEN_LIMIT else []
            if complaints:
                return _damaged(path, complaints[0])
            application_id = connection.execute("PRAGMA application_id").fetchone()[0]
            tables = {
                row[0]
                for row in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                )
            }
            revision = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
    except sqlite3.DatabaseError as exc:
        return _damaged(path, str(exc))
    except UnicodeDecodeError:  # SQLite's complaint quoted damaged bytes that are not text
        return _damaged(path, MALFORMED)
    if application_id not in (0, APPLICATION_ID):
        return FileReport(path, FileKind.FOREIGN, application_id=application_id, problem=_foreign(shown))
    if not (tables - {"alembic_version"}) and revision is None:
        return FileReport(path, FileKind.BLANK, application_id=application_id)
    # Every ReturnDesk file carries our application id (migration 0001); without it, only a revision this
    # app knows makes the file ours. A stamped file with an unknown revision comes from a newer ReturnDesk.
    if application_id != APPLICATION_ID and revision not in known_revisions():
        return FileReport(path, FileKind.FOREIGN, application_id=application_id, problem=_foreign(shown))
    return FileReport(path, FileKind.RETURNDESK, revision=revision, application_id=application_id)


def _damaged(path: Path, detail: str) -> FileReport:
    """Return the report of a file SQLite could not read or whose check failed."""
    return FileReport(
        path,
        FileKind.DAMAGED,
        problem=Message(
            "The database {path} is damaged ({detail}). Restore it from a backup.",
            {"path": str(path), "detail": detail},
        ),
    )


def _foreign(shown: str) -> Message:
    """Return the sentence for a SQLite database made by another program."""
    return Message(
        "The file {path} is a database of another program, not a ReturnDesk database.", {"path": shown}
    )
