"""Backups of a SQLite shop through SQLite's backup API: safe while desks have the file open.

A server (PostgreSQL) shop is backed up by the server's own tools (pg_dump); these functions say so.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop_app.core.db.engine import BUSY_TIMEOUT_MS, Database
from desktop_app.core.db.revisions import known_revisions
from desktop_app.core.db.schema_check import structure_problems
from desktop_app.core.db.sqlite_file import FileKind, inspect_file
from desktop_app.core.files.output import BACKUP_FOLDER, COMPANIONS, PRIVATE, temporary_name
from desktop_app.core.i18n import Message, UserFacingError

BACKUP_SUFFIX = ".sqlite3"
_STAMP_FORMAT = "%Y%m%dT%H%M%S%fZ"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{12}Z)-(?P<reason>[a-z0-9-]+)\.sqlite3$")

SERVER_BACKUP = Message(
    "This shop lives on a database server: backups are the server's job. Ask whoever runs the server to "
    "back it up with pg_dump (and restore with pg_restore)."
)


def _source_path(db: Database | str | Path) -> Path:
    """Return the SQLite file of a shop, or refuse a server shop with the pg_dump sentence."""
    if isinstance(db, Database):
        if db.sqlite_path is None:
            raise UserFacingError(SERVER_BACKUP)
        return db.sqlite_path
    return Path(db)


def _connect(path: Path) -> sqlite3.Connection:
    """Open a plain sqlite3 connection that waits for other desks instead of failing."""
    return sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)


# Pages copied per step of SQLite's backup API (4 KiB each: 16 MiB a step); between steps other desks write.
STEP_PAGES = 4096
BackupProgress = Callable[[int, int], object]  # (pages copied, pages in all)


def _copy_with_backup_api(source: Path, dest: Path, progress: BackupProgress | None = None) -> None:
    """Copy `source` (including committed WAL content) into a new single-file database at `dest`.

    The copy goes in steps of `STEP_PAGES` pages, telling `progress` after each; a change another desk makes
    between steps restarts the copy from the changed state, so the result is exact (SQLite's backup API).

    The copy is written under a temporary name (owner-only), passes SQLite's integrity check, and only
    then replaces `dest`; stale `-wal`/`-shm`/`-journal` files beside `dest` are removed first, since SQLite
    would otherwise replay them into the new file.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = temporary_name(dest)
    try:
        os.close(os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE))
        with closing(_connect(source)) as src, closing(sqlite3.connect(partial, isolation_level=None)) as dst:
            src.backup(dst, pages=STEP_PAGES,
                       progress=None if progress is None else lambda _s, left, total: progress(total - left, total))
            dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
            verdict = [row[0] for row in dst.execute("PRAGMA integrity_check(5)").fetchall()]
        if verdict != ["ok"]:
            raise sqlite3.DatabaseError("the copy failed its integrity check: " + "; ".join(verdict))
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(partial, PRIVATE)
        for suffix in COMPANIONS:
            dest.with_name(dest.name + suffix).unlink(missing_ok=True)
        os.replace(partial, dest)
    finally:
        for suffix in ("", *COMPANIONS):
            partial.with_name(partial.name + suffix).unlink(missing_ok=True)


def backup_to(db: Database | str | Path, dest_path: str | Path, progress: BackupProgress | None = None) -> Path:
    """Write a consistent copy of the shop to `dest_path` (works while the app is open)."""
    source = _source_path(db)
    dest = Path(dest_path)
    if dest.resolve() == source.resolve():
        raise UserFacingError("A backup cannot overwrite the shop's own database file.")
    try:
        _copy_with_backup_api(source, dest, progress)
    except (sqlite3.Error, OSError) as exc:
        raise UserFacingError(
            Message("The backup to {path} failed: {reason}", {"path": str(dest), "reason": str(exc)})
        ) from exc
    return dest


def backup_folder(db_path: str | Path) -> Path:
    """Return the folder beside the database where automatic backups go."""
    return Path(db_path).resolve().parent / BACKUP_FOLDER


def _clean_reason(reason: str) -> str:
    """Turn a free-text reason into a file-name part."""
    cleaned = re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-")
    return cleaned or "manual"


def list_backups(db_path: str | Path) -> list[Path]:
    """Return the automatic backups of this database, newest first."""
    folder = backup_folder(db_path)
    stem = Path(db_path).stem
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match and match["stem"] == stem:
            found.append((match["stamp"], path))
    return [path for _stamp, path in sorted(found, reverse=True)]


def auto_backup(db: Database | str | Path, reason: str, keep: int = 10,
                progress: BackupProgress | None = None) -> Path:
    """Back up into `backups/` beside the database with a timestamped name, keeping the newest `keep`."""
    source = _source_path(db)
    stamp = datetime.now(UTC).strftime(_STAMP_FORMAT)
    dest = backup_folder(source) / f"{source.stem}-{stamp}-{_clean_reason(reason)}{BACKUP_SUFFIX}"
    backup_to(source, dest, progress)
    for old in list_backups(source)[max(keep, 1) :]:
        old.unlink(missing_ok=True)
    return dest


def backup_if_due(
    db: Database, reason: str = "daily", every: timedelta = timedelta(days=1), keep: int = 10,
    progress: BackupProgress | None = None,
) -> Path | None:
    """Take an automatic backup when the newest one is older than `every` (call at start); None if not due."""
    if db.sqlite_path is None:
        return None
    newest = list_backups(db.sqlite_path)
    if newest:
        stamp = _NAME.match(newest[0].name)["stamp"]  # type: ignore[index]
        taken = datetime.strptime(stamp, _STAMP_FORMAT).replace(tzinfo=UTC)
        if datetime.now(UTC) - taken < every:
            return None
    return auto_backup(db, reason, keep=keep, progress=progress)


def verify_backup(path: str | Path) -> tuple[bool, Message]:
    """Check a backup: readable, intact, a ReturnDesk database, not newer than this app, and built exactly
    as the app's migrations build a shop (no extra trigger, view, index or table; no changed column)."""
    report = inspect_file(path)
    if report.kind is FileKind.BLANK:
        return False, Message("The file {path} is an empty database, not a ReturnDesk backup.", {"path": str(path)})
    if report.kind is not FileKind.RETURNDESK:
        return False, report.problem or Message("The file {path} is not a ReturnDesk database.", {"path": str(path)})
    if report.revision not in known_revisions():
        return False, Message(
            "The backup {path} was made by a newer ReturnDesk (schema {revision}). Update ReturnDesk to restore it.",
            {"path": str(path), "revision": report.revision or "?"},
        )
    odd = structure_problems(path, report.revision or "")
    if odd:
        return False, Message(
            "The backup {path} is not built the way ReturnDesk builds a shop, so it may have been tampered "
            "with: {problem} ({count} difference(s) in all)", {"path": str(path), "problem": odd[0], "count": len(odd)})
    return True, Message("The backup {path} is intact.", {"path": str(path)})


def _safety_copy(db_path: Path) -> Path | None:
    """Keep the current database before it is replaced; plain file copies if SQLite cannot read it."""
    if not db_path.exists():
        return None
    if inspect_file(db_path).kind is FileKind.RETURNDESK:
        return auto_backup(db_path, "before-restore", keep=1_000_000)
    stamp = datetime.now(UTC).strftime(_STAMP_FORMAT)
    dest = backup_folder(db_path) / f"{db_path.stem}-{stamp}-before-restore-raw{db_path.suffix or '.db'}"
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(db_path, dest)
    for extra in ("-wal", "-shm"):
        companion = db_path.with_name(db_path.name + extra)
        if companion.exists():
            shutil.copy2(companion, dest.with_name(dest.name + extra))
    return dest


def restore_from(db_path: str | Path, backup_path: str | Path) -> Path | None:
    """Replace the shop's database with a verified backup; return the safety copy of the old one.

    Close every `Database` on this file first (`db.dispose()`); the copy goes through SQLite's backup
    API into the live file, so its WAL is honoured and other readers never see half a file.
    """
    target = Path(db_path)
    source = Path(backup_path)
    ok, problem = verify_backup(source)
    if not ok:
        raise UserFacingError(
            Message("ReturnDesk did not restore: {problem} Nothing was changed.", {"problem": problem})
        )
    if source.resolve() == target.resolve():
        raise UserFacingError("A database cannot be restored from itself.")
    safety = _safety_copy(target)
    try:
        if inspect_file(target).kind in (FileKind.RETURNDESK, FileKind.BLANK, FileKind.MISSING):
            with closing(_connect(source)) as src, closing(_connect(target)) as dst:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=WAL")
        else:  # the current file is damaged: SQLite cannot write into it, so replace it whole
            for extra in ("-wal", "-shm"):
                target.with_name(target.name + extra).unlink(missing_ok=True)
            _copy_with_backup_api(source, target)
    except (sqlite3.Error, OSError) as exc:
        raise UserFacingError(
            Message(
                "The restore failed: {reason}. The previous database was kept in {safety}.",
                {"reason": str(exc), "safety": str(safety) if safety else "-"},
            )
        ) from exc
    return safety


def newest_good_backup(db_path: str | Path) -> Path | None:
    """Return the newest automatic backup that passes `verify_backup`, or None."""
    for path in list_backups(db_path):
        if verify_backup(path)[0]:
            return path
    return None
