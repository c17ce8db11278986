"""After an export: a busy indicator while the file is written, then Open and Show in folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton, QWidget

from desktop_app.gui.i18n import tr


def busy(parent: QWidget, text: str) -> QProgressDialog:
    """Show a window-modal busy indicator (no Cancel) until the caller closes it."""
    dialog = QProgressDialog(text, "", 0, 0, parent)
    dialog.setObjectName("exportProgress")
    dialog.setWindowTitle(tr("ReturnDesk"))
    dialog.setCancelButton(None)  # writing one file is not worth stopping half-way
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.show()
    return dialog


class SavedFileDialog(QMessageBox):
    """Says where the file was written, with Open (the file) and Show in folder (its folder)."""

    def __init__(self, parent: QWidget | None, path: Path) -> None:
        super().__init__(QMessageBox.Icon.Information, tr("ReturnDesk"), tr("Saved {path}.", path=str(path)),
                         QMessageBox.StandardButton.Close, parent)
        self.setObjectName("savedFile")
        self.path = path
        self.open_button = QPushButton(tr("Open the file"))
        self.open_button.setObjectName("openFile")
        self.folder_button = QPushButton(tr("Show in folder"))
        self.folder_button.setObjectName("showInFolder")
        self.addButton(self.open_button, QMessageBox.ButtonRole.ActionRole)
        self.addButton(self.folder_button, QMessageBox.ButtonRole.ActionRole)
        self.button(QMessageBox.StandardButton.Close).setText(tr("Close"))
        self.setDefaultButton(self.open_button)
        self.open_button.clicked.connect(lambda: self.open_url(QUrl.fromLocalFile(str(path))))
        self.folder_button.clicked.connect(lambda: self.open_url(QUrl.fromLocalFile(str(path.parent))))
        self.setWindowModality(Qt.WindowModality.WindowModal)

    @staticmethod
    def open_url(url: QUrl) -> bool:
        """Hand a file or folder to the desktop's own program for it (tests replace this)."""
        return QDesktopServices.openUrl(url)


def show_saved(parent: QWidget, path: Path) -> SavedFileDialog:
    """Open the saved-file message without blocking; return it."""
    dialog = SavedFileDialog(parent, path)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
