"""Restoring the open shop from a backup: the owner's decision, checked here for every front end."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.db.backup import restore_from
from desktop_app.core.i18n import Message, UserFacingError
from desktop_app.core.services.base import ServiceContext, require_owner


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
    ctx.db.dispose()
    return restore_from(path, backup)
