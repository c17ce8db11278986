"""The Policy tab until the policy editor lands: the published policy as customers read it, read-only."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from desktop_app.core.i18n import current_language
from desktop_app.gui.backend import Desk
from desktop_app.gui.formatting import local_date
from desktop_app.gui.i18n import Retranslatable, error_text, tr


class PolicyView(Retranslatable, QWidget):
    """Shows the current published policy's customer text (same core code as the exports)."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.info: Any = None
        self.shop_name = ""
        self.problem: str = ""
        self.title = QLabel()
        self.title.setObjectName("policyTitle")
        self.title.setWordWrap(True)
        self.text = QTextBrowser()
        self.text.setObjectName("policyText")
        self.text.setOpenExternalLinks(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.text, 1)
        self.retranslate()

    def refresh(self) -> None:
        """Load the published policy in the background."""
        from desktop_app.core.services.policies import current_policy
        from desktop_app.core.services.settings import get_settings

        db = self.desk.db
        self.desk.runner.run(lambda _p: (current_policy(db), get_settings(db).shop_name), self._show,
                             self._failed)

    def _failed(self, error: BaseException) -> None:
        self.info, self.problem = None, error_text(error)
        self.retranslate()

    def _show(self, result: tuple[Any, str]) -> None:
        (self.info, self.shop_name), self.problem = result, ""
        self.retranslate()

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        if self.info is None:
            self.title.setText(self.problem or tr("Loading the policy…"))
            self.text.clear()
            return
        from desktop_app.core.documents.policy_text import policy_document, to_html

        info = self.info
        self.title.setText(tr("Policy version {number}, published {date} by {name}. New returns are judged "
                              "by it.", number=info.number, date=local_date(info.published_at),
                              name=info.published_by))
        doc = policy_document(info.rules, current_language(), shop_name=self.shop_name, version=info.number)
        self.text.setHtml(to_html(doc))
