"""Import one export file: validate it whole, then write what is new in one transaction (or roll back)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from desktop_app.core.db.engine import Database
from desktop_app.core.i18n import Message
from desktop_app.core.imports.batch import BatchWriter
from desktop_app.core.imports.checker import check_file
from desktop_app.core.imports.profile import Profile, in_shop_zone, load_profile
from desktop_app.core.imports.reader import FileRefused, Progress
from desktop_app.core.imports.result import ImportResult
from desktop_app.core.services.admin_common import shop_zone, writing
from desktop_app.core.services.base import CurrentUser, PermissionDenied

KEEP_ROWS = 100_000  # files up to this many rows are parsed once; bigger ones are read twice

__all__ = ["KEEP_ROWS", "ImportResult", "file_sha256", "import_file"]


IMPORTED_MEANWHILE = Message("Someone else imported some of these orders at the same time. Nothing was changed; "
                             "import the file again to add what is still missing.")
BUSY = Message("The shop database is busy with another change. Nothing was changed; try the import again in a moment.")


class _RollBack(Exception):
    def __init__(self, result: ImportResult) -> None:
        super().__init__("dry run")
        self.result = result


def _half(progress: Progress | None, second: bool) -> Progress | None:
    if progress is None:
        return None
    return lambda done, total: progress(done + (total if second else 0), 2 * total)


def shop_timezone(db: Database) -> str:
    """Return the shop's time zone setting (UTC when none is set)."""
    with db.read() as session:
        return shop_zone(session).key


def file_sha256(path: Path) -> str:
    """Return the SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_file(db: Database, path: str | Path, profile: str | Path | Profile, user: CurrentUser | None,
                dry_run: bool = False, progress: Progress | None = None) -> ImportResult:
    """Validate the whole file, then add its new orders, lines, products and returns in one transaction.

    Raises ImportRefused (every bad line), FileRefused, ProfileError, ImportCancelled or PermissionDenied;
    in all of these cases nothing was changed. A dry run rolls the transaction back and reports counts.
    """
    path = Path(path)
    profile = profile if isinstance(profile, Profile) else load_profile(profile)
    if user is None and not dry_run:
        raise PermissionDenied(Message("Sign in to make changes."))
    profile = in_shop_zone(profile, shop_timezone(db))
    summary = check_file(path, profile, _half(progress, False), keep_rows=KEEP_ROWS)
    try:
        digest = file_sha256(path)
        with writing(db, BUSY, taken=IMPORTED_MEANWHILE, locked=BUSY) as session:
            writer = BatchWriter(session, profile, path, user, summary, digest, dry_run)
            result = writer.run(_half(progress, True))
            if dry_run:
                raise _RollBack(result)
    except _RollBack as done:
        return done.result
    except OSError as exc:
        raise FileRefused(Message("The file {path} cannot be read: {reason}",
                                  {"path": str(path), "reason": exc.strerror or str(exc)})) from exc
    return result
