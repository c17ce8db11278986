"""The Policy tab: edit a draft (rules, categories, reasons) with undo, warnings and a live preview; publish."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.domain.policy import PolicyRules
from desktop_app.core.domain.presets import PRESETS, default_rules
from desktop_app.core.services.policies import PolicyVersionInfo, legal_warnings, list_versions, validate_draft
from desktop_app.core.services.settings import ShopSettings, get_settings
from desktop_app.gui.backend import Desk
from desktop_app.gui.formatting import text_of
from desktop_app.gui.i18n import Retranslatable, error_text, tr
from desktop_app.gui.tabs.policy.auto_approve import AutoApproveForm
from desktop_app.gui.tabs.policy.categories import CategoryTable
from desktop_app.gui.tabs.policy.currencies import CurrencyAmountsTable
from desktop_app.gui.tabs.policy.editor import RulesForm
from desktop_app.gui.tabs.policy.history import PolicyHistory
from desktop_app.gui.tabs.policy.preview import PolicyPreview
from desktop_app.gui.tabs.policy.publish import PolicyPublishing
from desktop_app.gui.tabs.policy.reasons import ReasonTable

UNDO_DEPTH = 200
CHECKS_MAX_HEIGHT = 180  # pixels for problems and warnings; more scroll


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class PolicyTab(Retranslatable, PolicyPublishing):
    """The owner edits and publishes the return policy here; a clerk reads it."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.owner = desk.user.is_owner
        self.versions: list[PolicyVersionInfo] = []
        self.published: PolicyVersionInfo | None = None
        self.draft: PolicyVersionInfo | None = None
        self.rules: PolicyRules | None = None
        self.undo_stack: list[PolicyRules] = []
        self.redo_stack: list[PolicyRules] = []
        self.cell_problems: list[str] = []
        self.problems: list[str] = []
        self.warnings: list[str] = []
        self.shop_name = self.contact = self.shop_country = ""
        self.loading_error = ""
        bar = self._make_bar()
        self._make_editors()
        self._lay_out(bar)
        self._connect()
        self._set_editable(self.owner)
        self.retranslate()

    def _make_bar(self) -> QHBoxLayout:
        """Create the state line, presets, undo/redo, discard, save and publish; return the button bar."""
        self.state = QLabel()
        self.state.setObjectName("policyState")
        self.state.setWordWrap(True)
        self.preset = QComboBox()
        self.preset.setObjectName("preset")
        self.apply_preset_button = QPushButton()
        self.apply_preset_button.setObjectName("applyPreset")
        self.undo_button, self.redo_button = QPushButton(), QPushButton()
        self.undo_button.setObjectName("undo")
        self.redo_button.setObjectName("redo")
        self.save_button, self.publish_button = QPushButton(), QPushButton()
        self.save_button.setObjectName("saveDraft")
        self.discard_button = QPushButton()
        self.discard_button.setObjectName("discardDraft")
        self.publish_button.setObjectName("publish")
        self.message = QLabel()
        self.message.setObjectName("policyMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        bar = QHBoxLayout()
        for widget in (self.undo_button, self.redo_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.discard_button)
        bar.addWidget(self.save_button)
        bar.addWidget(self.publish_button)
        return bar

    def _make_editors(self) -> None:
        """Create the editor pages, the checks and the customer-facing preview."""
        self.form = RulesForm()
        self.categories = CategoryTable()
        self.reasons = ReasonTable()
        self.auto = AutoApproveForm()
        self.currencies = CurrencyAmountsTable()
        self.history = PolicyHistory(self.desk)
        self.editors = QTabWidget()
        self.editors.setObjectName("policyEditors")
        for page in (self.form, self.categories, self.reasons, self.auto, self.currencies, self.history):
            self.editors.addTab(page, "")
        self.checks = QLabel()
        self.checks.setObjectName("policyChecks")
        self.checks.setWordWrap(True)
        self.checks.setTextFormat(Qt.TextFormat.RichText)
        self.preview = PolicyPreview()
        self.title, self.text = self.state, self.preview.text  # the read-only view's names, kept for callers

    def _lay_out(self, bar: QHBoxLayout) -> None:
        """Place the editors and checks on the left, the preview on the right, the state and bar on top."""
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        presets = QHBoxLayout()
        presets.addWidget(self.preset)
        presets.addWidget(self.apply_preset_button)
        presets.addStretch(1)
        left_box.addLayout(presets)
        left_box.addWidget(self.editors, 1)
        self.checks_scroll = QScrollArea()
        self.checks_scroll.setWidgetResizable(True)
        self.checks_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.checks_scroll.setWidget(self.checks)
        left_box.addWidget(self.checks_scroll)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.splitter, 1)

    def _connect(self) -> None:
        """Wire the editors, buttons and shortcuts (undo, redo, save) to what they do."""
        for editor in (self.form, self.categories, self.reasons, self.auto, self.currencies):
            editor.edited.connect(self.edited)
        self.apply_preset_button.clicked.connect(lambda: self.apply_preset(self.preset.currentData()))
        self.undo_button.clicked.connect(self.undo)
        self.redo_button.clicked.connect(self.redo)
        self.save_button.clicked.connect(lambda: self.save_draft())
        self.discard_button.clicked.connect(self.discard_draft)
        self.publish_button.clicked.connect(self.publish)
        for keys, slot in (("Ctrl+Z", self.undo), ("Ctrl+Shift+Z", self.redo),
                           ("Ctrl+S", lambda: self.save_draft())):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    # -- text --------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        for index, title in enumerate((tr("Rules"), tr("Categories"), tr("Reasons"), tr("Auto-approve"),
                                       tr("Other currencies"), tr("History"))):
            self.editors.setTabText(index, title)
        keep = self.preset.currentData()
        self.preset.clear()
        for key, name in (("eu", tr("EU legal minimum (14 days)")), ("uk", tr("UK legal minimum (14 days)")),
                          ("cn", tr("China: 7-day no-reason return"))):
            self.preset.addItem(name, key)
        self.preset.setCurrentIndex(max(0, self.preset.findData(keep)))
        self.apply_preset_button.setText(tr("Start from preset"))
        self.undo_button.setText(tr("Undo"))
        self.redo_button.setText(tr("Redo"))
        self.save_button.setText(tr("Save draft"))
        self.discard_button.setText(tr("Discard draft…"))
        self.publish_button.setText(tr("Publish…"))
        if not self.owner:
            self.publish_button.setToolTip(tr("Only the owner can change or publish the policy."))
        for part in (self.form, self.categories, self.reasons, self.auto, self.currencies, self.history,
                     self.preview):
            part.retranslate()
        self._update()

    def _set_editable(self, on: bool) -> None:
        self.form.setEnabled(on)
        self.auto.setEnabled(on)
        self.categories.set_editable(on)
        self.reasons.set_editable(on)
        self.currencies.set_editable(on)
        for widget in (self.preset, self.apply_preset_button, self.undo_button, self.redo_button,
                       self.save_button, self.discard_button, self.publish_button):
            widget.setEnabled(on)

    # -- loading -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Load the versions and the shop's name and country in the background."""
        db = self.desk.db
        self.desk.runner.run(lambda _p: (list_versions(db), get_settings(db)), self._loaded, self._failed)

    def _failed(self, error: BaseException) -> None:
        self.loading_error = error_text(error)
        self._update()

    def _loaded(self, result: tuple[list[PolicyVersionInfo], ShopSettings]) -> None:
        versions, shop = result
        keep = self.rules if self.rules is not None and self.dirty() else None  # unsaved edits survive a reload
        self.loading_error = ""
        self.versions = versions
        self.shop_name, self.contact = shop.shop_name, shop.shop_email
        self.shop_country = shop.shop_country
        self.published = next((v for v in versions if v.status == "published"), None)
        self.draft = next((v for v in versions if v.is_draft), None) if self.owner else None
        base = self.draft or self.published
        rules = base.rules if base else default_rules(shop.shop_country or "US", shop.shop_currency or "EUR")
        self.history.show_versions(versions)
        if keep is not None:
            self._show_rules(keep)
            return
        self.undo_stack.clear()
        self.redo_stack.clear()
        self._show_rules(rules)

    # -- editing -----------------------------------------------------------------------------------
    def stored_rules(self) -> PolicyRules | None:
        """Return the rules as last saved: the draft's, else the published version's."""
        base = self.draft or self.published
        return base.rules if base else None

    def dirty(self) -> bool:
        """Return True when the editor holds changes that are not saved in a draft."""
        return self.rules is not None and self.rules != self.stored_rules()

    def _show_rules(self, rules: PolicyRules) -> None:
        self.rules = rules
        self.form.set_rules(rules)
        self.categories.set_rules(rules.category_rules)
        self.reasons.set_reasons(rules.reasons)
        self.auto.set_rules(rules)
        self.currencies.set_rules(rules)
        self.cell_problems = []
        self._update()

    def read_editors(self) -> PolicyRules:
        """Return the draft as the editors show it."""
        assert self.rules is not None
        rules = self.form.read(self.rules)
        rules, self.cell_problems = self.categories.apply(rules)
        rules = self.reasons.apply(rules)
        rules, currency_problems = self.currencies.apply(rules)
        self.cell_problems = [*self.cell_problems, *currency_problems]
        self.auto.follow_reasons(rules)
        return self.auto.apply(rules)

    def edited(self) -> None:
        """Take in a change made in any editor (an undo step when the rules changed)."""
        if self.rules is None:
            return
        new = self.read_editors()
        if new != self.rules or new.to_dict() != self.rules.to_dict():
            self._push(self.rules)
            self.rules = new
        self._update()

    def _push(self, rules: PolicyRules) -> None:
        self.undo_stack.append(rules)
        del self.undo_stack[:-UNDO_DEPTH]
        self.redo_stack.clear()

    def apply_preset(self, key: str) -> None:
        """Start the draft from a legal preset, keeping the shop's country and currency (one undo step)."""
        if self.rules is None or key not in PRESETS:
            return
        self._push(self.rules)
        self._show_rules(replace(PRESETS[key], country=self.rules.country, currency=self.rules.currency))
        self.say(tr("Started from the preset. Check the warnings, then save or publish."))

    def undo(self) -> None:
        """Go back one change."""
        if self.undo_stack and self.rules is not None and self.owner:
            self.redo_stack.append(self.rules)
            self._show_rules(self.undo_stack.pop())

    def redo(self) -> None:
        """Do again the change just undone."""
        if self.redo_stack and self.rules is not None and self.owner:
            self.undo_stack.append(self.rules)
            self._show_rules(self.redo_stack.pop())

    def say(self, text: str) -> None:
        """Show the outcome of the last action in one sentence (the line hides when there is none)."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- checks and preview ------------------------------------------------------------------------
    def _update(self) -> None:
        rules = self.rules
        if rules is None:
            self.state.setText(self.loading_error or tr("Loading the policy…"))
            self.checks.clear()
            return
        self.problems = [*self.cell_problems, *(text_of(m) for m in validate_draft(rules))]
        self.warnings = [text_of(m) for m in legal_warnings(rules, self.shop_country or None)]
        parts = []
        if self.problems:
            items = "".join(f"<li>{_escape(p)}</li>" for p in self.problems)
            head = tr("To fix before publishing:")
            parts.append(f"<b style='color:#b00020'>{_escape(head)}</b><ul>{items}</ul>")
        if self.warnings:
            items = "".join(f"<li>{_escape(w)}</li>" for w in self.warnings)
            head = tr("Below the legal minimum of {country}:", country=self.shop_country or rules.country)
            parts.append(f"<b style='color:#8a5a00'>{_escape(head)}</b><ul>{items}</ul>")
        if not parts:
            fine = tr("No problems; meets the legal minimum.")
            parts.append(f"<span style='color:#1b7f3b'>{_escape(fine)}</span>")
        self.checks.setText("".join(parts))
        width = max(200, self.checks_scroll.viewport().width())
        self.checks_scroll.setFixedHeight(min(CHECKS_MAX_HEIGHT, self.checks.heightForWidth(width) + 6))
        self.state.setText(self._state_text())
        version = self.draft.number if self.draft else (self.published.number if self.published else None)
        self.preview.show_rules(rules, self.shop_name, self.contact, version)
        if self.owner:
            self.undo_button.setEnabled(bool(self.undo_stack))
            self.redo_button.setEnabled(bool(self.redo_stack))
            self.save_button.setEnabled(self.dirty() and not self.cell_problems)
            self.discard_button.setEnabled(self.draft is not None or self.dirty())
            self.publish_button.setEnabled(not self.problems)

    def _state_text(self) -> str:
        pub = self.published
        current = (tr("Policy version {number} is in force.", number=pub.number) if pub
                   else tr("No version is published yet."))
        if not self.owner:
            return " ".join((current, tr("Only the owner can change or publish the policy.")))
        if self.dirty():
            editing = tr("Editing a draft with unsaved changes.")
        elif self.draft is not None:
            editing = tr("Editing the saved draft.")
        else:
            editing = tr("Change any rule to start a new draft.")
        return " ".join((current, editing))
