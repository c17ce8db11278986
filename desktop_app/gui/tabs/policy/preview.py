"""The live customer-facing preview of a draft, in English or Chinese, from the same core code as the exports."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from desktop_app.core.documents.policy_text import policy_document, to_html
from desktop_app.core.domain.policy import PolicyRules
from desktop_app.core.i18n import LANGUAGES, current_language
from desktop_app.gui.i18n import LANGUAGE_NAMES, tr


class PolicyPreview(QWidget):
    """What customers will read: `policy_document` + `to_html`, in the language chosen here."""

    def __init__(self) -> None:
        super().__init__()
        self.caption = QLabel()
        self.language = QComboBox()
        self.language.setObjectName("previewLanguage")
        for lang in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[lang], lang)
        self.language.setCurrentIndex(max(0, self.language.findData(current_language())))
        self.text = QTextBrowser()
        self.text.setObjectName("policyPreview")
        self.text.setOpenExternalLinks(False)
        row = QHBoxLayout()
        row.addWidget(self.caption, 1)
        row.addWidget(self.language)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.text, 1)
        self.rules: PolicyRules | None = None
        self.shop_name, self.contact = "", ""
        self.version: int | None = None
        self.language.currentIndexChanged.connect(lambda _i: self._render())
        self.retranslate()

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.caption.setText(tr("What customers will read:"))

    def show_rules(self, rules: PolicyRules, shop_name: str = "", contact: str = "",
                   version: int | None = None) -> None:
        """Show the customer text of some rules."""
        self.rules, self.shop_name, self.contact, self.version = rules, shop_name, contact, version
        self._render()

    def html(self, lang: str | None = None) -> str:
        """Return the preview's HTML in a language (the shown one by default)."""
        if self.rules is None:
            return ""
        doc = policy_document(self.rules, lang or self.language.currentData(), shop_name=self.shop_name,
                              contact=self.contact, version=self.version)
        return to_html(doc)

    def _render(self) -> None:
        bar = self.text.verticalScrollBar()
        where = bar.value()
        self.text.setHtml(self.html())
        bar.setValue(where)
