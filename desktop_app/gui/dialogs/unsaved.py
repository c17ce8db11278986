"""The one question asked before unsaved work would be lost: Save, Discard or Cancel (never blocking)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from desktop_app.gui.i18n import tr

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


class UnsavedQuestion(QMessageBox):
    """Ask what to do with unsaved work; `answered` gets SAVE, DISCARD or CANCEL (Esc is Cancel)."""

    def __init__(self, parent: QWidget | None, text: str, save_text: str, can_save: bool = True) -> None:
        super().__init__(QMessageBox.Icon.Question, tr("Unsaved changes"), text, parent=parent)
        self.setObjectName("unsavedQuestion")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.save_button: QPushButton | None = None
        if can_save:
            self.save_button = self.addButton(save_text, QMessageBox.ButtonRole.AcceptRole)
            self.save_button.setObjectName("unsavedSave")
        self.discard_button = self.addButton(tr("&Discard"), QMessageBox.ButtonRole.DestructiveRole)
        self.discard_button.setObjectName("unsavedDiscard")
        self.cancel_button = self.addButton(tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("unsavedCancel")
        self.setDefaultButton(self.save_button or self.cancel_button)
        self.setEscapeButton(self.cancel_button)
        self.answer = CANCEL

    def choice(self) -> str:
        """Return SAVE, DISCARD or CANCEL for the button pressed."""
        clicked = self.clickedButton()
        if self.save_button is not None and clicked is self.save_button:
            return SAVE
        return DISCARD if clicked is self.discard_button else CANCEL


def ask_unsaved(parent: QWidget | None, text: str, save_text: str, then: Callable[[str], None],
                can_save: bool = True) -> UnsavedQuestion:
    """Open the question window-modally and call `then` with the answer once a button is pressed."""
    box = UnsavedQuestion(parent, text, save_text, can_save)

    def answered(_result: int) -> None:
        box.answer = box.choice()
        then(box.answer)

    box.finished.connect(answered)
    box.open()
    return box
