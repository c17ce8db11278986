"""What the menus and the print actions need of the main window, so they never import the window module."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMainWindow, QTabWidget, QWizard

from desktop_app.gui.backend import Desk
from desktop_app.gui.tabs.queue_tab import QueueTab


class DeskWindow(QMainWindow):
    """A signed-in desk's main window as its menus and print actions see it (MainWindow fills it in)."""

    open_database_requested = Signal(str)  # a path; the app reopens and asks to sign in again
    sign_out_requested = Signal()
    language_changed = Signal(str)

    desk: Desk
    queue: QueueTab
    tabs: QTabWidget
    actions_by_name: dict[str, QAction]

    def scan(self) -> QDialog:
        """Open the scan field."""
        raise NotImplementedError

    def new_return(self, search: str = "") -> QWizard:
        """Open the new-return wizard."""
        raise NotImplementedError

    def sign_out(self) -> None:
        """Sign out (after asking about unsaved work)."""
        raise NotImplementedError

    def may_leave(self, go: Callable[[], object]) -> bool:
        """Return True when nothing unsaved is lost; else ask, and call `go` once the person decided."""
        raise NotImplementedError

    def focus_search(self) -> None:
        """Put the keyboard in the queue's search field."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Reload what is shown."""
        raise NotImplementedError

    def choose_file(self, title: str, save: bool, pattern: str, start: str = "") -> str:
        """Ask for a file name ('' when none was chosen)."""
        raise NotImplementedError
