"""What every settings page is: a title, who may see it, and its load and save."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from desktop_app.gui.backend import Desk

Save = Callable[[], object] | None  # work for the background runner, or None when nothing changed


class SettingsPage(QWidget):
    """One page of the settings dialog."""

    TITLE = ""
    OWNER_ONLY = False

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk

    def load(self) -> None:
        """Fill the page from where its settings live."""

    def save(self) -> Save:
        """Return the work that stores the page (run in the background), or None."""
        return None
