"""Screenshot scenes for customer messages: a return's timeline with its messages and a phone note, the outbox."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.core.notify import hooks
from desktop_app.core.notify.outbox import list_outbox
from desktop_app.core.services import returns
from desktop_app.gui.dialogs.outbox_dialog import OutboxDialog
from desktop_app.gui.i18n import tr

Scene = tuple[str, QWidget]


def _return_with_messages(desk: Any) -> str | None:
    """Return the RMA of a return with customer messages, approving one (hook on) when none has any."""
    found = next((m.rma for m in list_outbox(desk.db) if m.rma), None)
    if found:
        return found
    ids = returns.return_ids(desk.db, returns.ReturnFilter(status="requested"))
    if not ids:
        return None
    rma = returns.summaries_by_ids(desk.db, ids[:1])[0].rma
    replace(desk, on_return_event=hooks.CUSTOMER_MESSAGES).approve(rma, None)
    desk.add_note(rma, "phone", tr("Customer called: the label is printed, the parcel goes tomorrow."), None)
    return rma


def outbox_scenes(window: Any) -> Iterator[Scene]:
    """Show a return's timeline with its messages, then the outbox dialog."""
    desk = window.desk
    rma = _return_with_messages(desk)
    if rma is None:
        return
    window.tabs.setCurrentIndex(0)
    window.refresh()
    window.queue.open_detail(desk.get_return(rma))
    window.show()
    for _ in range(3):
        QApplication.processEvents()
    yield "tab_returns_messages", window
    dialog = OutboxDialog(desk, window)
    dialog.show()
    for _ in range(3):
        QApplication.processEvents()
    yield "dialog_outbox", dialog
    dialog.close()
    dialog.deleteLater()
