"""Opening a shop at start: check it, take the daily backup (keeping `backup.keep`), offer recovery.

The window and the command call `open_shop_checked`; a damaged file raises `DamagedShop`, which names the
newest backup that passes its checks so the owner can be offered `recover_from_backup`.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from desktop_app.core.db.backup import (
    BackupProgress,
    backup_folder,
    backup_if_due,
    newest_good_backup,
    restore_from,
)
from desktop_app.core.db.engine import Database, normalise_url
from desktop_app.core.db.schema import open_database, schema_status
from desktop_app.core.db.schema_check import structure_problems
from desktop_app.core.db.sqlite_file import MALFORMED, FileKind, inspect_file, open_for_check
from desktop_app.core.files.output import remove_leftovers
from desktop_app.core.i18n import Message, UserFacingError

DAILY = timedelta(days=1)


class DamagedShop(UserFacingError):
    """The shop file cannot be used; `backup` is the newest good backup to recover from (or None)."""

    def __init__(self, message: Message, path: Path, backup: Path | None) -> None:
        super().__init__(message)
        self.path, self.backup = path, backup


@dataclass
class StartupReport:
    """An opened shop, the backup taken now (if one was due) and any broken rule found."""

    db: Database
    backup: Path | None = None
    problems: list[Message] = field(default_factory=list)


def integrity_problems(db: Database) -> list[Message]:
    """Run SQLite's full integrity check on a shop file; a server checks itself (empty list)."""
    path = db.sqlite_path
    if path is None:
        return []
    try:
        with closing(open_for_check(path)) as connection:
            rows = [r[0] for r in connection.execute("PRAGMA integrity_check(20)").fetchall()]
    except sqlite3.Error as exc:
        rows = [str(exc)]
    except UnicodeDecodeError:  # SQLite's complaint quoted damaged bytes that are not text
        rows = [MALFORMED]
    if rows == ["ok"]:
        return []
    return [Message("The database file {path} is damaged: {detail}", {"path": str(path), "detail": r})
            for r in rows]


def structure_of(db: Database) -> list[Message]:
    """Return how a shop file's schema differs from the one ReturnDesk's migrations create (a server: none)."""
    path = db.sqlite_path
    if path is None:
        return []
    revision = schema_status(db).current or ""
    return [Message("The database file {path} is not built the way ReturnDesk builds a shop: {problem}",
                    {"path": str(path), "problem": problem}) for problem in structure_problems(path, revision)]


def check_shop(db: Database) -> list[Message]:
    """Return every problem of an open shop: file damage, a changed schema, then broken rules (empty = healthy)."""
    from desktop_app.core.services.invariants import check_invariants

    return integrity_problems(db) + structure_of(db) + check_invariants(db)


def _damaged(path: Path, error: UserFacingError) -> DamagedShop:
    backup = newest_good_backup(path)
    if backup is None:
        text = Message("{problem} There is no good backup beside it to recover from.", {"problem": error.message})
    else:
        text = Message("{problem} The newest good backup is {backup}; recover from it?",
                       {"problem": error.message, "backup": backup.name})
    return DamagedShop(text, path, backup)


def open_shop_checked(path_or_url: str | Path, *, every: timedelta = DAILY, check_rules: bool = True,
                      backup: bool = True) -> StartupReport:
    """Open a shop, back it up when the newest backup is older than `every`, and check its rules.

    `backup=False`: the caller takes the daily backup itself later (the window: in the background, with
    `daily_backup`, after it shows).
    """
    url = normalise_url(path_or_url)
    path = Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None
    found = None
    if path is not None:
        _remove_leftovers(path)
        found = inspect_file(path)
        # A file that is no longer a database at all (written over by another program) is damage too, when
        # there is a good backup to recover from; otherwise it is refused as not a ReturnDesk database.
        if found.kind is FileKind.DAMAGED or (
            found.kind in (FileKind.NOT_SQLITE, FileKind.EMPTY_FILE) and path.is_file() and newest_good_backup(path)
        ):
            raise _damaged(path, UserFacingError(found.problem or Message("The file is damaged.")))
    db = open_database(path_or_url, inspected=found)  # the file was just looked at: not checked twice
    report = StartupReport(db)
    try:
        if db.sqlite_path is not None and backup:
            report.backup = daily_backup(db, every)
        if check_rules:  # the rules and the services they need load only when asked (not for a quick command)
            from desktop_app.core.services.invariants import check_invariants

            report.problems = check_invariants(db)
    except BaseException:
        db.dispose()
        raise
    return report


def daily_backup(db: Database, every: timedelta = DAILY, progress: BackupProgress | None = None) -> Path | None:
    """Back a shop file up when its newest backup is older than `every` (keeping `backup.keep`); None if not due.

    The copy goes in steps (SQLite's backup API) and tells `progress` (pages copied, pages in all) after each,
    so it can run on its own thread while the shop is in use.
    """
    if db.sqlite_path is None:
        return None
    from desktop_app.core.services.settings import get_settings

    return backup_if_due(db, "daily", every=every, keep=get_settings(db).backup_keep, progress=progress)


def _remove_leftovers(path: Path) -> None:
    """Delete the temporary files that killed backups and restores left beside the shop and in its backups."""
    remove_leftovers(backup_folder(path))
    remove_leftovers(path.parent, (f".{path.name}.", f"{path.name}.partial"))


def is_shop_file(path_or_url: str | Path) -> bool:
    """Return whether a shop location is a SQLite file (not a server URL)."""
    text = str(path_or_url)
    return "://" not in text or text.startswith("sqlite:")


def recover_from_backup(path: str | Path, backup: str | Path) -> Path | None:
    """Replace a damaged shop file with a checked backup (schema and rules); return where the damaged file was kept."""
    from desktop_app.core.services.backups import refuse_broken_backup

    refuse_broken_backup(backup)
    return restore_from(path, backup)


IN_USE_SUFFIX = ".in-use"  # beside the shop file while a window has it open; left behind by a crash


def _in_use_marker(path: Path) -> Path:
    return path.with_name(path.name + IN_USE_SUFFIX)


def mark_in_use(path: str | Path) -> bool:
    """Note that a window has the shop file open; return False when the window before did not close it cleanly.

    A shop that was not closed cleanly (a crash, a power cut) gets SQLite's full integrity check after the
    window shows; one that was closed cleanly is only checked on open (`quick_check` up to the size limit).
    """
    marker = _in_use_marker(Path(path))
    clean = not marker.exists()
    try:
        marker.touch()
    except OSError:  # a read-only folder: no marker, and every start counts as clean
        return True
    return clean


def mark_closed(path: str | Path) -> None:
    """Note that the window closed the shop file cleanly."""
    _in_use_marker(Path(path)).unlink(missing_ok=True)
