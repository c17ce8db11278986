"""Restoring the open shop from a backup: the owner's decision, checked here for every front end."""

from __future__ import annotations

import tempfile
from pathlib import Path

from desktop_app.core.db.backup import backup_to, restore_from, verify_backup
from desktop_app.core.db.schema import open_database
from desktop_app.core.i18n import Message, UserFacingError
from desktop_app.core.services.base import ServiceContext, require_owner
from desktop_app.core.services.invariants import check_invariants


def restore_backup(ctx: ServiceContext, backup: str | Path) -> Path | None:
    """Replace the open shop file with a checked backup (the owner only); return the copy of the old state.

    The shop's connections are closed first: open the file again afterwards. A shop on a server is
    restored by its administrator. A damaged file nobody can sign in to is recovered with
    `startup.recover_from_backup` instead.
    """
    require_owner(ctx, Message("restore a backup"))
    path = ctx.db.sqlite_path
    if path is None:
        raise UserFacingError(Message("A server database is restored by its administrator with pg_restore."))
    refuse_broken_backup(backup)
    ctx.db.dispose()
    return restore_from(path, backup)


def backup_rule_problems(backup: str | Path) -> list[Message]:
    """Return the shop rules a backup breaks, checked on a migrated copy in a temporary folder (empty: none)."""
    with tempfile.TemporaryDirectory() as folder:
        copy = backup_to(backup, Path(folder) / "restore-check.sqlite3")
        db = open_database(copy)
        try:
            return check_invariants(db)
        finally:
            db.dispose()


def refuse_broken_backup(backup: str | Path) -> None:
    """Refuse, before anything is replaced, a backup that fails its checks or breaks the shop's rules."""
    ok, problem = verify_backup(backup)
    if not ok:
        raise UserFacingError(Message("ReturnDesk did not restore: {problem} Nothing was changed.",
                                      {"problem": problem}))
    broken = backup_rule_problems(backup)
    if broken:
        raise UserFacingError(Message(
            "ReturnDesk did not restore: the backup {path} breaks the shop's rules ({count} problem(s)): {list} "
            "Nothing was changed.", {"path": str(backup), "count": len(broken), "list": _listed(broken)}))


def _listed(problems: list[Message]) -> Message:
    """Return the problems as one sentence each, one after the other."""
    fields = " ".join(f"{{p{n}}}" for n in range(len(problems)))
    return Message(fields, {f"p{n}": problem for n, problem in enumerate(problems)})
