"""The question at start when the shop file is damaged: restore the newest good backup, or leave it as it is."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.gui.i18n import error_text, tr


class RecoverDialog(QMessageBox):
    """Ask whether to replace a damaged shop file with its newest good backup (the damaged file is kept)."""

    def __init__(self, damaged: Exception, parent: QWidget | None = None) -> None:
        super().__init__(QMessageBox.Icon.Warning, tr("ReturnDesk"), error_text(damaged), parent=parent)
        self.setObjectName("recoverDialog")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setInformativeText(tr("Restoring replaces the damaged file with the backup and keeps the damaged "
                                   "file beside it. Changes made after the backup was taken are not in it."))
        self.restore_button = self.addButton(tr("Restore the backup"), QMessageBox.ButtonRole.AcceptRole)
        self.addButton(tr("Leave it as it is"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.restore_button)

    @classmethod
    def ask(cls, damaged: Exception, parent: QWidget | None = None) -> bool:
        """Show the question and return True when the owner chooses to restore the backup."""
        dialog = cls(damaged, parent)
        dialog.exec()
        return dialog.clickedButton() is dialog.restore_button
