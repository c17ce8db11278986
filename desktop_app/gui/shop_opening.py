"""Open a shop at window start: a file gets its daily backup and rules check, a damaged one the recovery offer."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop_app.core.db.engine import Database
from desktop_app.core.db.schema import open_database
from desktop_app.core.i18n import Message, UserFacingError
from desktop_app.core.services.startup import DamagedShop, is_shop_file, open_shop_checked, recover_from_backup
from desktop_app.gui.dialogs.recover_dialog import RecoverDialog
from desktop_app.gui.i18n import render, tr

SHOWN_PROBLEMS = 3


def open_for_window(location: str, parent: QWidget | None = None) -> tuple[Database, str]:
    """Open the shop (its rules and daily backup come after the window shows, in the background); return it
    and a recovery sentence."""
    if not is_shop_file(location):
        return open_database(location), ""  # a server: opened as before, it backs itself up
    recovered = ""
    try:
        report = open_shop_checked(location, check_rules=False, backup=False)
    except DamagedShop as damaged:
        if damaged.backup is None:
            raise
        if not RecoverDialog.ask(damaged, parent):
            raise UserFacingError(Message(
                "Nothing was changed: the damaged shop file {path} was left as it is and not opened. The backup "
                "{backup} is still there to restore later.",
                {"path": str(damaged.path), "backup": damaged.backup.name})) from None
        kept = recover_from_backup(damaged.path, damaged.backup)
        report = open_shop_checked(location, check_rules=False, backup=False)
        recovered = tr("The shop was restored from the backup {backup}; the damaged file is kept as {kept}.",
                       backup=damaged.backup.name, kept=str(kept or damaged.path))
    return report.db, recovered


def problems_sentence(problems: list[Message]) -> str:
    """Return one warning about the shop's broken rules ('' when all hold)."""
    if not problems:
        return ""
    shown = " ".join(render(p) for p in problems[:SHOWN_PROBLEMS]) + (" …" if len(problems) > SHOWN_PROBLEMS else "")
    return tr("Problems found in this shop's data ({count}): {problems} Nothing was changed; "
              "`returndesk check` lists them all.", count=len(problems), problems=shown)
