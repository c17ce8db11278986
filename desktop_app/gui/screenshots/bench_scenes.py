"""Screenshot scenes of the bench and the finish: a refund waiting for the owner, the mail banner, a saved
export with Open / Show in folder, and a clerk's read-only shop settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.core.services import returns, users
from desktop_app.core.services.auth import sign_in
from desktop_app.gui.dialogs.saved_file import SavedFileDialog
from desktop_app.gui.dialogs.settings.dialog import SettingsDialog
from desktop_app.gui.dialogs.settings.pages import ShopPage

Scene = tuple[str, QWidget]


def _settle(widget: QWidget) -> None:
    widget.show()
    for _ in range(3):
        QApplication.processEvents()


def _waiting_request(desk: Any) -> str | None:
    """Return the RMA of a refund waiting for the owner, asking one as the demo clerk when none waits."""
    waiting = returns.return_ids(desk.db, returns.ReturnFilter(owner_waiting=True))
    if waiting:
        return returns.summaries_by_ids(desk.db, waiting[:1])[0].rma
    ids = returns.return_ids(desk.db, returns.ReturnFilter(status="received"))
    if not ids:
        return None
    clerk = sign_in(desk.db, "clerk", "1234")
    users.set_refund_limit(desk.ctx, clerk.id, 100, None)  # 1.00: this refund needs the owner
    rma = returns.summaries_by_ids(desk.db, ids[:1])[0].rma
    detail = desk.get_return(rma)
    clerk_desk = desk.with_user(clerk)
    clerk_desk.resolve_lines(rma, [(ln.id, "refund", ln.received_qty, "") for ln in detail.lines
                                   if ln.received_qty > 0], None)
    return rma


def bench_scenes(window: Any) -> Iterator[Scene]:
    """Show the owner's queue filtered to a waiting refund, a saved export, and a clerk's shop settings."""
    desk = window.desk
    rma = _waiting_request(desk)
    if rma is not None:
        window.show_waiting_for_owner()
        window.refresh()
        window.queue.open_detail(desk.get_return(rma))
        _settle(window)
        yield "tab_returns_waiting_for_owner", window
        window.queue.set_status("open")
    saved = SavedFileDialog(window, Path("/home/shop/Documents/returns-2026-11-01_2026-11-30.pdf"))
    _settle(saved)
    yield "dialog_export_saved", saved
    saved.close()
    saved.deleteLater()
    clerk = desk.with_user(sign_in(desk.db, "clerk", "1234"))
    settings = SettingsDialog(clerk, window)
    settings.show_page(ShopPage)
    _settle(settings)
    yield "dialog_settings_shop_clerk", settings
    settings.close()
    settings.deleteLater()
