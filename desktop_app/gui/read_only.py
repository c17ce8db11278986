"""Fields a person may read but not change look it: the window's background, a quiet frame, no caret."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit

READ_ONLY_STYLE = ("background: palette(window); color: palette(window-text); border: 1px solid palette(mid);"
                   " border-radius: 2px;")


def look_read_only(field: QLineEdit | QPlainTextEdit | QTextEdit, read_only: bool = True) -> None:
    """Make a text field read-only and look it (or editable again); its text can still be selected and copied."""
    field.setReadOnly(read_only)
    field.setProperty("readOnlyLook", read_only)
    field.setStyleSheet(READ_ONLY_STYLE if read_only else "")
    if isinstance(field, QLineEdit):
        field.setFocusPolicy(Qt.FocusPolicy.ClickFocus if read_only else Qt.FocusPolicy.StrongFocus)
    else:
        field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                      | Qt.TextInteractionFlag.TextSelectableByKeyboard if read_only
                                      else Qt.TextInteractionFlag.TextEditorInteraction)
