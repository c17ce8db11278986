"""Where a file may be written, and writing it whole: a temporary name in the same folder, then a rename.

Every output a person names (`--out`, a Save dialog) goes through `check_output` first: the shop's own
database, its `-wal`/`-shm`/`-journal` companions, the shop's backup folder and any SQLite database are
never written over, and an existing file is replaced only when the person said so (`force`).
"""

from __future__ import annotations

import os
import re
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

from desktop_app.core.i18n import Message, UserFacingError

SQLITE_HEADER = b"SQLite format 3\x00"
COMPANIONS = ("-wal", "-shm", "-journal")
BACKUP_FOLDER = "backups"  # the folder beside the shop file where automatic backups go (db.backup's)
PRIVATE = 0o600
PARTIAL = ".partial"
OWN_PARTIAL = re.compile(r"^\..+\.\d+-[0-9a-f]{8}\.partial$")  # what temporary_name makes


class OutputRefused(UserFacingError):
    """A file may not be written where the person asked; nothing was written."""


def is_database(path: Path) -> bool:
    """Return whether a file starts with SQLite's header (or is a database's -wal/-shm/-journal file)."""
    for suffix in COMPANIONS:
        if path.name.endswith(suffix) and is_database(path.with_name(path.name[: -len(suffix)])):
            return True
    try:
        with path.open("rb") as handle:
            return handle.read(16) == SQLITE_HEADER
    except OSError:
        return False


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _protected(target: Path, shop: Path) -> Message | None:
    """Return why `target` touches the shop's own files (None when it does not)."""
    shop = shop.expanduser().resolve()
    resolved = target.resolve()
    if resolved in {shop, *(shop.with_name(shop.name + s) for s in COMPANIONS)} or _same_file(target, shop):
        return Message("{path} is the shop's own database; ReturnDesk never writes over it. Nothing was "
                       "written: choose another file name.", {"path": str(target)})
    folder = shop.parent / BACKUP_FOLDER
    if resolved.is_relative_to(folder):
        return Message("{path} is in the shop's backup folder {folder}, which only ReturnDesk's own backups "
                       "use. Nothing was written: choose another folder.", {"path": str(target), "folder": str(folder)})
    return None


def check_output(path: str | Path, *, shop: Path | None, force: bool = False) -> Path:
    """Return `path` if a file may be written there, or refuse with one sentence (nothing written)."""
    target = Path(path).expanduser()
    shown = str(target)
    if target.is_dir():
        raise OutputRefused(Message("{path} is a folder. Give a file name to write.", {"path": shown}))
    if not target.parent.is_dir():
        raise OutputRefused(Message("The folder {folder} does not exist.", {"folder": str(target.parent)}))
    if shop is not None and (problem := _protected(target, shop)) is not None:
        raise OutputRefused(problem)
    if target.exists() or target.is_symlink():
        if not target.is_file() or not stat.S_ISREG(target.stat().st_mode):
            raise OutputRefused(Message("{path} is not an ordinary file; ReturnDesk writes only ordinary files. "
                                        "Nothing was written.", {"path": shown}))
        if is_database(target):
            raise OutputRefused(Message("{path} is a database; ReturnDesk never writes over a database. Nothing "
                                        "was written: choose another file name.", {"path": shown}))
        if not force:
            raise OutputRefused(Message("{path} already exists and was not replaced. Add --force to replace it, "
                                        "or choose another file name.", {"path": shown}))
    return target


def temporary_name(path: Path) -> Path:
    """Return a fresh temporary name beside `path` (same folder, so the final rename is atomic)."""
    return path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}{PARTIAL}")


def _writer_gone(path: Path) -> bool:
    """Return whether the process that was writing a temporary file no longer runs (or it is an old one)."""
    pid = path.name.rsplit(".", 2)[-2].split("-")[0] if path.name.count(".") >= 2 else ""
    if not pid.isdigit():
        return True  # an older program's `NAME.partial`: nobody writes those any more
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def remove_leftovers(folder: Path, prefixes: tuple[str, ...] = ("",)) -> list[Path]:
    """Delete the temporary files of killed writers in `folder` (with their SQLite companions); return them."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for path in folder.iterdir():
        if not path.name.startswith(prefixes):
            continue
        base = next((path.name[: -len(s)] for s in COMPANIONS if path.name.endswith(PARTIAL + s)), path.name)
        if base.endswith(PARTIAL) and path.is_file() and _writer_gone(path.with_name(base)):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def remove_killed_writes(folder: Path) -> list[Path]:
    """Delete this program's temporary files in `folder` whose writer was killed; return them.

    Only names `temporary_name` makes (`.NAME.<pid>-<8 hex>.partial`) of a process that no longer runs are
    touched: another program's `*.partial` and a write still going on are left alone.
    """
    removed: list[Path] = []
    try:
        names = [entry for entry in folder.iterdir() if OWN_PARTIAL.match(entry.name)]
    except OSError:
        return removed
    for path in names:
        if path.is_file() and not path.is_symlink() and _writer_gone(path):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def write_atomic(path: str | Path, write: Callable[[Path], object], *, private: bool = False) -> Path:
    """Let `write` fill a temporary file beside `path`, then rename it over `path`; 0600 when `private`.

    Temporary files that killed writers left in the same folder are removed first.
    """
    target = Path(path)
    remove_killed_writes(target.parent)
    temporary = temporary_name(target)
    try:
        os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE if private else 0o666))
        write(temporary)
        with temporary.open("rb+") as handle:
            os.fsync(handle.fileno())
        if private:
            os.chmod(temporary, PRIVATE)
        os.replace(temporary, target)
    except OSError as error:
        raise OutputRefused(Message("{path} could not be written: {reason}. Nothing was changed.",
                                    {"path": str(target), "reason": error.strerror or str(error)})) from None
    finally:
        temporary.unlink(missing_ok=True)
    return target


def write_bytes_atomic(path: str | Path, data: bytes, *, private: bool = False) -> Path:
    """Write `data` to `path` whole (temporary file, then rename)."""
    return write_atomic(path, lambda temporary: temporary.write_bytes(data), private=private)


def write_text_atomic(path: str | Path, text: str, *, private: bool = False, encoding: str = "utf-8") -> Path:
    """Write `text` to `path` whole (temporary file, then rename)."""
    return write_atomic(path, lambda temporary: temporary.write_text(text, encoding=encoding), private=private)
