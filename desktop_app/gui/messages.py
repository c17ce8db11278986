"""Plain-sentence message boxes that never block the event loop (tests read them like a person would)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.gui.i18n import tr


def show_error(parent: QWidget | None, text: str) -> QMessageBox:
    """Show a refusal or failure as one sentence in a window-modal box; return the box."""
    return _show(parent, QMessageBox.Icon.Warning, tr("ReturnDesk"), text)


def show_info(parent: QWidget | None, text: str, title: str = "") -> QMessageBox:
    """Show a piece of news in a window-modal box; return the box."""
    return _show(parent, QMessageBox.Icon.Information, title or tr("ReturnDesk"), text)


def _show(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("messageBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()
    return box
