"""A barcode scanner anywhere in the main window: it types a code fast and ends with Enter.

The catcher holds back printable keys meant for a widget that does not edit text (the queue, buttons) for a
moment: a scanner's next key comes within GAP_MS, a person's does not. Keys that turn out to be a person's are
handed on unchanged; a fast run ending with Enter is a scan, so the queue never type-aheads a scanned code.
In a line edit the keys go through at once; a scanned run there is taken back out of the field.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from shiboken6 import isValid

GAP_MS = 50  # a scanner sends its keys closer together than this; people type slower
MIN_LENGTH = 4  # the shortest code a scan can be (an RMA has 8 characters)
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.KeypadModifier)


@dataclass
class _Held:
    """A key held back until it is clear whether a person or a scanner typed it."""

    target: QWidget
    key: int
    modifiers: Qt.KeyboardModifier
    text: str


class ScanCatcher(QObject):
    """Watches the keys of one window; `scanned` carries each code a scanner typed there."""

    scanned = Signal(str)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.held: list[_Held] = []
        self.run = ""  # the fast run typed so far (held or typed into a line edit)
        self.field: QLineEdit | None = None  # the line edit the run went into, and its text before the run
        self.field_before = ""
        self.last = 0.0
        self._replaying = False
        self.timer = QTimer(self, singleShot=True, interval=GAP_MS)
        self.timer.timeout.connect(self.hand_on)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Hold back, hand on or recognise the window's key presses."""
        if self._replaying or event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        if not isinstance(event, QKeyEvent) or not self._ours(watched):
            return False
        now = time.monotonic()
        fast = (now - self.last) * 1000 <= GAP_MS
        self.last = now
        if event.key() in ENTER_KEYS and fast and len(self.run) >= MIN_LENGTH:
            self._scanned()
            return True
        text = event.text()
        printable = len(text) == 1 and text.isprintable() and event.modifiers() in PLAIN
        if not printable or not fast:
            self.hand_on()
        if not printable:
            return False
        if isinstance(watched, QLineEdit) and not watched.isReadOnly():
            if not self.run:
                self.field, self.field_before = watched, watched.text()
            self.run += text
            return False  # typed into the field at once; taken back if it was a scan
        self.held.append(_Held(watched, event.key(), event.modifiers(), text))
        self.run += text
        self.timer.start()
        return True

    def _ours(self, widget: QWidget) -> bool:
        """Is the key for this window, with no dialog or popup in front of it?"""
        if QApplication.activePopupWidget() is not None or QApplication.activeWindow() is not self.window:
            return False
        return widget.window() is self.window

    def _scanned(self) -> None:
        code = self.run
        if self.field is not None and isValid(self.field):
            self.field.setText(self.field_before)  # the scan was not meant for the field
        self._forget()
        self.scanned.emit(code)

    def _forget(self) -> None:
        self.timer.stop()
        self.held, self.run, self.field, self.field_before = [], "", None, ""

    def hand_on(self) -> None:
        """Give held keys to the widgets they were meant for: a person typed them."""
        held = self.held
        self._forget()
        self._replaying = True
        try:
            for key in held:
                if isValid(key.target):
                    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                        QApplication.sendEvent(key.target, QKeyEvent(kind, key.key, key.modifiers, key.text))
        finally:
            self._replaying = False
