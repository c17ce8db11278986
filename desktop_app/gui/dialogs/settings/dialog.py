"""The settings dialog: a list of pages on the left (the PAGES below), OK saves all."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.services.base import CurrentUser
from desktop_app.gui.backend import Desk
from desktop_app.gui.dialogs.settings.base import SettingsPage
from desktop_app.gui.dialogs.settings.mail import MailPage
from desktop_app.gui.dialogs.settings.pages import DeskPage, LanguagePage, ShopPage, UsersPage
from desktop_app.gui.dialogs.settings.templates import TemplatesPage
from desktop_app.gui.i18n import error_text, tr
from desktop_app.gui.workers import Progress

# Every page in the order shown.
PAGES: tuple[type[SettingsPage], ...] = (ShopPage, MailPage, TemplatesPage, DeskPage, LanguagePage, UsersPage)
P = TypeVar("P", bound=SettingsPage)


class SettingsDialog(QDialog):
    """Shop, desk, language and users pages; the owner sees every page, a clerk the ones for them."""

    language_chosen = Signal(str)
    saved = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(tr("Settings"))
        self.desk = desk
        self.pages: list[SettingsPage] = [page(desk) for page in PAGES
                                          if desk.user.is_owner or not page.OWNER_ONLY]
        self.list = QListWidget()
        self.list.setObjectName("settingsPages")
        self.stack = QStackedWidget()
        for page in self.pages:
            self.list.addItem(tr(page.TITLE))
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(page)
            self.stack.addWidget(scroll)
        self.list.setFixedWidth(max(140, self.list.sizeHintForColumn(0) + 24))
        self.list.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.problem = QLabel()
        self.problem.setObjectName("settingsProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b22222")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addWidget(self.list)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(820, 600)
        for page in self.pages:
            try:
                page.load()
            except Exception as error:  # a page that cannot load says so instead of closing the dialog
                self.problem.setText(error_text(error))
        self.list.setCurrentRow(0)

    def page(self, kind: type[P]) -> P | None:
        """Return the page of one kind, or None when this user does not see it."""
        return next((p for p in self.pages if isinstance(p, kind)), None)

    def show_page(self, kind: type[SettingsPage]) -> None:
        """Show one page."""
        page = self.page(kind)
        if page is not None:
            self.list.setCurrentRow(self.pages.index(page))

    def save(self) -> None:
        """Save every page in one background task; close only when all succeeded."""
        work = [job for job in (page.save() for page in self.pages) if job is not None]
        language = self.page(LanguagePage)
        lang = language.chosen() if language is not None else None

        def task(_progress: Progress) -> list[object]:
            return [job() for job in work]

        def done(results: list[object]) -> None:
            for result in results:
                if isinstance(result, CurrentUser):
                    self.desk.user = result
            self.saved.emit()
            self.accept()
            if lang:
                self.language_chosen.emit(lang)

        self.desk.runner.run(task, done, lambda error: self.problem.setText(error_text(error)))
