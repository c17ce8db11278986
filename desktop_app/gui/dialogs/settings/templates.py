"""The Templates settings page: each event's customer message per language, edited with a live preview."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from desktop_app.core.i18n import LANGUAGES, N_, current_language
from desktop_app.core.notify.templates import EVENT_TITLES, EVENTS, MERGE_FIELDS, MessageTemplate, check_template
from desktop_app.core.notify.templates_store import EditableTemplate, load_template, reset_template, save_template
from desktop_app.gui.backend import Desk
from desktop_app.gui.dialogs.settings.base import Save, SettingsPage
from desktop_app.gui.i18n import LANGUAGE_NAMES, error_text, tr

FIELD_MEANINGS = {
    "customer_name": N_("the customer's name"), "rma": N_("the return number"),
    "items": N_("the items returned"), "amount": N_("the amount refunded or credited"),
    "resolution": N_("what the shop does (refund, store credit, exchange)"),
    "deadline": N_("the last day to send the parcel"), "shop_name": N_("the shop's name"),
    "status_url": N_("where the customer follows the return"), "note": N_("the shop's note (why it was rejected)"),
    "shipping": N_("who pays the return label, and what it costs"),
}
Key = tuple[str, str]  # (event, language)


class TemplatesPage(SettingsPage):
    """The owner edits the wording of each customer message; broken or hostile templates are refused."""

    TITLE = N_("Message templates")
    OWNER_ONLY = True

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)
        self.loaded: dict[Key, EditableTemplate] = {}  # per key, as stored
        self.drafts: dict[Key, tuple[str, str]] = {}  # typed but not saved
        self.shown: Key | None = None
        self.event_box = QComboBox()
        self.event_box.setObjectName("templateEvent")
        for event in EVENTS:
            self.event_box.addItem(tr(EVENT_TITLES[event]), event)
        self.language = QComboBox()
        self.language.setObjectName("templateLanguage")
        for lang in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[lang], lang)
        self.subject = QLineEdit()
        self.subject.setObjectName("templateSubject")
        self.body = QPlainTextEdit()
        self.body.setObjectName("templateBody")
        self.fields = QListWidget()
        self.fields.setObjectName("mergeFields")
        self.fields.setWordWrap(True)
        self.fields.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for name in MERGE_FIELDS:
            item = QListWidgetItem(f"{{{{ {name} }}}}  {tr(FIELD_MEANINGS[name])}")
            item.setData(256, name)
            self.fields.addItem(item)
        self.insert = QPushButton(tr("Insert field"))
        self.insert.setObjectName("insertField")
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("templatePreview")
        self.preview.setReadOnly(True)
        self.problem = QLabel()
        self.problem.setObjectName("templateProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b22222")
        self.state = QLabel()
        self.state.setObjectName("templateState")
        self.state.setWordWrap(True)
        self.save_button = QPushButton(tr("Save this template"))
        self.save_button.setObjectName("saveTemplate")
        self.reset_button = QPushButton(tr("Back to the shipped wording"))
        self.reset_button.setObjectName("resetTemplate")
        self._lay_out()
        self.event_box.currentIndexChanged.connect(self._switch)
        self.language.currentIndexChanged.connect(self._switch)
        self.subject.textChanged.connect(self.update_preview)
        self.body.textChanged.connect(self.update_preview)
        self.insert.clicked.connect(self.insert_field)
        self.fields.itemDoubleClicked.connect(lambda _item: self.insert_field())
        self.save_button.clicked.connect(self.save_current)
        self.reset_button.clicked.connect(self.reset_current)

    def _lay_out(self) -> None:
        pickers = QHBoxLayout()
        pickers.addWidget(QLabel(tr("Message"), self))
        pickers.addWidget(self.event_box, 1)
        pickers.addWidget(QLabel(tr("Language"), self))
        pickers.addWidget(self.language)
        grid = QGridLayout()
        grid.addWidget(QLabel(tr("Subject"), self), 0, 0)
        grid.addWidget(self.subject, 1, 0)
        grid.addWidget(QLabel(tr("Text"), self), 2, 0)
        grid.addWidget(self.body, 3, 0)
        grid.addWidget(QLabel(tr("Merge fields (double-click to insert)"), self), 0, 1)
        grid.addWidget(self.fields, 1, 1, 3, 1)
        grid.addWidget(self.insert, 4, 1)
        grid.addWidget(QLabel(tr("Preview with sample values"), self), 5, 0, 1, 2)
        grid.addWidget(self.preview, 6, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(pickers)
        layout.addWidget(self.state)
        layout.addLayout(grid, 1)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        fixed = QFont("monospace")
        fixed.setStyleHint(QFont.StyleHint.TypeWriter)
        self.body.setFont(fixed)
        self.body.setMinimumHeight(150)
        self.preview.setMinimumHeight(130)

    def key(self) -> Key:
        """Return the event and language being edited."""
        return str(self.event_box.currentData()), str(self.language.currentData())

    def load(self) -> None:
        """Show the first event's template in the window's language."""
        self.language.blockSignals(True)
        self.language.setCurrentIndex(max(0, self.language.findData(current_language())))
        self.language.blockSignals(False)
        self._switch()

    def _keep_draft(self) -> None:
        if self.shown is None or self.shown not in self.loaded:
            return
        stored, typed = self.loaded[self.shown], (self.subject.text(), self.body.toPlainText())
        if typed != (stored.subject, stored.body):
            self.drafts[self.shown] = typed
        else:
            self.drafts.pop(self.shown, None)

    def _switch(self) -> None:
        """Keep what was typed for the template shown, then show the chosen one."""
        self._keep_draft()
        key, db = self.key(), self.desk.db
        if key in self.loaded:
            self._show(key)
            return
        self.desk.runner.run(lambda _p: load_template(db, *key), self._loaded,
                             lambda error: self.problem.setText(error_text(error)))

    def _loaded(self, template: EditableTemplate) -> None:
        key = (template.event, template.language)
        self.loaded[key] = template
        if key == self.key():
            self._show(key)

    def _show(self, key: Key) -> None:
        stored = self.loaded[key]
        subject, body = self.drafts.get(key, (stored.subject, stored.body))
        self.shown = None  # no draft bookkeeping while the editors are refilled
        self.subject.setText(subject)
        self.body.setPlainText(body)
        self.shown = key
        self.state.setText(tr("This is your own wording.") if stored.edited
                           else tr("This is the wording shipped with ReturnDesk."))
        self.update_preview()

    def update_preview(self) -> None:
        """Fill the template with sample values as the owner types; say what is wrong when it cannot be."""
        event, lang = self.key()
        try:
            rendered = check_template(MessageTemplate(event, lang, self.subject.text(), self.body.toPlainText()))
        except Exception as error:  # TemplateProblem: its sentence; anything else the generic one
            self.preview.setPlainText("")
            self.problem.setText(error_text(error))
            return
        self.problem.setText("")
        self.preview.setPlainText(f"{tr('Subject')}: {rendered.subject}\n\n{rendered.body}")

    def insert_field(self) -> None:
        """Put the chosen merge field into the text at the cursor."""
        item = self.fields.currentItem()
        if item is None:
            return
        self.body.insertPlainText(f"{{{{ {item.data(256)} }}}}")
        self.body.setFocus()

    def save_current(self) -> None:
        """Save the template shown (checked by the service; a broken one is refused with the sentence)."""
        (event, lang), ctx = self.key(), self.desk.ctx
        subject, body = self.subject.text(), self.body.toPlainText()
        self.desk.runner.run(lambda _p: save_template(ctx, event, lang, subject, body), self._saved,
                             lambda error: self.problem.setText(error_text(error)))

    def reset_current(self) -> None:
        """Forget the owner's wording for the template shown."""
        (event, lang), ctx = self.key(), self.desk.ctx
        self.desk.runner.run(lambda _p: reset_template(ctx, event, lang), self._saved,
                             lambda error: self.problem.setText(error_text(error)))

    def _saved(self, template: EditableTemplate) -> None:
        key = (template.event, template.language)
        self.loaded[key] = template
        self.drafts.pop(key, None)
        if key == self.key():
            self._show(key)
            self.state.setText(tr("Saved. This is your own wording.") if template.edited
                               else tr("Back to the wording shipped with ReturnDesk."))

    def save(self) -> Save:
        """Save every template typed but not saved when the dialog's OK is pressed."""
        self._keep_draft()
        drafts, ctx = dict(self.drafts), self.desk.ctx
        if not drafts:
            return None

        def save() -> None:
            for (event, lang), (subject, body) in drafts.items():
                save_template(ctx, event, lang, subject, body)
            return None

        return save
