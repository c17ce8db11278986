"""A banner over the tabs when customer messages wait because the shop has no mail server set up."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop_app.gui.backend import Desk
from desktop_app.gui.i18n import Retranslatable, tr


class MailBanner(Retranslatable, QFrame):
    """Says how many messages wait for a mail server; the owner's button opens the mail settings."""

    set_up = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mailBanner")
        self.desk = desk
        self.waiting = 0
        self.setStyleSheet("#mailBanner { background: #fff4ce; border: 1px solid #d9a400; border-radius: 4px; }")
        self.text = QLabel()
        self.text.setObjectName("mailBannerText")
        self.text.setWordWrap(True)
        self.button = QPushButton()
        self.button.setObjectName("mailBannerSetUp")
        self.button.setVisible(desk.user.is_owner)  # only the owner sets the mail server up
        self.button.clicked.connect(self.set_up)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        self.hide()

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.button.setText(tr("Set up mail…"))
        if self.desk.user.is_owner:
            self.text.setText(tr("Customer messages waiting to be sent: {n}. No mail server is set up.",
                                 n=self.waiting))
        else:
            self.text.setText(tr("Customer messages waiting to be sent: {n}. No mail server is set up; "
                                 "ask the owner to set it up.", n=self.waiting))

    def refresh(self) -> None:
        """Ask in the background whether messages wait for a mail server, then show or hide the banner."""
        desk = self.desk
        desk.runner.run(lambda _p: desk.mail_waiting(), self._show, lambda _error: None)

    def _show(self, waiting: int) -> None:
        self.waiting = waiting
        self.retranslate()
        self.setVisible(waiting > 0)
