"""Wizard page 2: lines, quantities, reasons, comments and files, with the policy's live explanation per line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.domain.policy import Condition
from desktop_app.gui.dialogs.new_return.files import FileStrip
from desktop_app.gui.dialogs.new_return.judge import LineChoice, judge_all, total_refund
from desktop_app.gui.dialogs.new_return.page import ReadyPage
from desktop_app.gui.formatting import condition_text, money_of, resolution_text, text_of
from desktop_app.gui.i18n import tr

if TYPE_CHECKING:
    from desktop_app.core.domain.eligibility import Decision
    from desktop_app.gui.dialogs.new_return.wizard import NewReturnWizard


def explanation_html(decision: Decision) -> str:
    """Return a decision as a headline (eligible or not) and one line per sentence of its explanation."""
    verdict, colour = (tr("Eligible"), "#1b7f3b") if decision.eligible else (tr("Not eligible"), "#b00020")
    head = f"<b style='color:{colour}'>{_escape(verdict)}</b>"
    lines = "".join(f"<br>• {_escape(text_of(m))}" for m in decision.explanation)
    return head + lines


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class LineEditor(QFrame):
    """One bought line: include it, how many, why, in what condition, the comment, and the verdict."""

    changed = Signal()

    def __init__(self, line: Any, reasons: list[Any]) -> None:
        super().__init__()
        self.line = line
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName(f"line_{line.id}")
        self.include = QCheckBox()
        self.include.setObjectName("include")
        self.quantity = QSpinBox(minimum=0, maximum=line.returnable_qty)
        self.quantity.setObjectName("quantity")
        self.quantity.setValue(min(1, line.returnable_qty))
        self.reason = QComboBox()
        self.reason.setObjectName("reason")
        self.reasons = reasons
        self.condition = QComboBox()
        self.condition.setObjectName("condition")
        self.comment = QLineEdit()
        self.comment.setObjectName("comment")
        self.verdict = QLabel()
        self.verdict.setObjectName("verdict")
        self.verdict.setWordWrap(True)
        self.left = QLabel()
        self.qty_label, self.reason_label, self.cond_label, self.comment_label = (QLabel() for _ in range(4))
        grid = QGridLayout(self)
        grid.addWidget(self.include, 0, 0, 1, 4)
        grid.addWidget(self.left, 0, 4, 1, 2)
        for col, (label, field) in enumerate(((self.qty_label, self.quantity), (self.reason_label, self.reason),
                                              (self.cond_label, self.condition))):
            grid.addWidget(label, 1, col * 2)
            grid.addWidget(field, 1, col * 2 + 1)
        grid.addWidget(self.comment_label, 2, 0)
        grid.addWidget(self.comment, 2, 1, 1, 5)
        grid.addWidget(self.verdict, 3, 0, 1, 6)
        grid.setColumnStretch(3, 1)
        for signal in (self.include.toggled, self.quantity.valueChanged, self.reason.currentIndexChanged,
                       self.condition.currentIndexChanged):
            signal.connect(lambda *_a: self._changed())
        self.include.setEnabled(line.returnable_qty > 0)
        self.retranslate()
        self._enable()

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        line = self.line
        self.include.setText(tr("{sku} {name} ({category})", sku=line.sku, name=line.name,
                                category=line.category or tr("no category")))
        self.left.setText(tr("{left} of {bought} returnable · {price} each", left=line.returnable_qty,
                             bought=line.quantity, price=money_of(line.unit_price)))
        self.qty_label.setText(tr("Units:"))
        self.reason_label.setText(tr("Reason:"))
        self.cond_label.setText(tr("Condition:"))
        self.comment_label.setText(tr("Comment:"))
        self.comment.setPlaceholderText(tr("What the customer says (optional)"))
        keep_reason, keep_cond = self.reason.currentData(), self.condition.currentData()
        for box in (self.reason, self.condition):
            box.blockSignals(True)
            box.clear()
        self.reason.addItem(tr("Choose a reason…"), "")
        for reason in self.reasons:
            self.reason.addItem(text_of(reason.label()), reason.code)
        self.condition.addItem(tr("Not known yet"), None)
        for cond in Condition:
            self.condition.addItem(condition_text(cond.value), cond.value)
        self.reason.setCurrentIndex(max(0, self.reason.findData(keep_reason)))
        self.condition.setCurrentIndex(max(0, self.condition.findData(keep_cond)))
        for box in (self.reason, self.condition):
            box.blockSignals(False)

    def _enable(self) -> None:
        on = self.include.isChecked()
        for widget in (self.quantity, self.reason, self.condition, self.comment):
            widget.setEnabled(on)
        self.verdict.setVisible(on)

    def _changed(self) -> None:
        self._enable()
        self.changed.emit()

    def set_choice(self, quantity: int, reason: str, condition: str | None = None, comment: str = "") -> None:
        """Include the line with these values (used by the keyboard and by tests)."""
        self.include.setChecked(True)
        self.quantity.setValue(quantity)
        self.reason.setCurrentIndex(max(0, self.reason.findData(reason)))
        self.condition.setCurrentIndex(max(0, self.condition.findData(condition)))
        self.comment.setText(comment)

    def choice(self) -> LineChoice | None:
        """Return the chosen values, or None when the line is not part of the return."""
        if not self.include.isChecked() or self.quantity.value() < 1 or not self.reason.currentData():
            return None
        return LineChoice(self.line, self.quantity.value(), self.reason.currentData(),
                          self.condition.currentData(), self.comment.text().strip())

    def show_decision(self, decision: Decision | None) -> None:
        """Show the policy's verdict for the current choice (or ask for a reason)."""
        if decision is None:
            self.verdict.setText(tr("Choose a reason to see what the policy says."))
        else:
            self.verdict.setText(explanation_html(decision))


class LinesPage(ReadyPage):
    """Pick lines and quantities, see each line's verdict, choose the resolution, attach files."""

    def __init__(self, wizard: NewReturnWizard) -> None:
        super().__init__("lines")
        self.wiz = wizard
        self.editors: list[LineEditor] = []
        self.order_info = QLabel()
        self.order_info.setWordWrap(True)
        self.holder = QWidget()
        self.holder_box = QVBoxLayout(self.holder)
        self.holder_box.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.holder)
        self.resolution = QComboBox()
        self.resolution.setObjectName("resolution")
        self.resolution.currentIndexChanged.connect(lambda _i: self.rejudge())
        self.resolution_label = QLabel()
        self.total = QLabel()
        self.total.setObjectName("total")
        self.total.setWordWrap(True)
        self.files = FileStrip(wizard)
        row = QHBoxLayout()
        row.addWidget(self.resolution_label)
        row.addWidget(self.resolution)
        row.addWidget(self.total, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.order_info)
        layout.addWidget(scroll, 1)
        layout.addLayout(row)
        layout.addWidget(self.files)
        self.decisions: dict[int, Decision] = {}
        self.retranslate()

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.setTitle(tr("Lines, reasons and files"))
        self.setSubTitle(tr("Tick the lines coming back. The policy's verdict updates as you type."))
        self.resolution_label.setText(tr("&Resolution:"))
        self.resolution_label.setBuddy(self.resolution)
        data = self.wiz.data
        if data is not None:
            keep = self.resolution.currentData()
            self.resolution.blockSignals(True)
            self.resolution.clear()
            for res in data.policy.rules.allowed_resolutions:
                self.resolution.addItem(resolution_text(res.value), res.value)
            self.resolution.setCurrentIndex(max(0, self.resolution.findData(keep)))
            self.resolution.blockSignals(False)
            self.order_info.setText(tr("Order {number} · {name}", number=data.order.number,
                                       name=data.order.customer.name if data.order.customer
                                       else data.order.ship_to.name))
        for editor in self.editors:
            editor.retranslate()
        self.files.retranslate()
        self.rejudge()

    def initializePage(self) -> None:
        """Build one editor per line of the chosen order (kept when coming back to the same order)."""
        data = self.wiz.data
        if data is None or (self.editors and self.editors[0].line.id in {ln.id for ln in data.order.lines}):
            return
        for editor in self.editors:
            editor.deleteLater()
        self.editors = []
        reasons = list(data.policy.rules.reasons)
        for line in data.order.lines:
            editor = LineEditor(line, reasons)
            editor.changed.connect(self.rejudge)
            self.holder_box.insertWidget(self.holder_box.count() - 1, editor)
            self.editors.append(editor)
        if len(self.editors) == 1 and self.editors[0].include.isEnabled():
            self.editors[0].include.setChecked(True)
        self.retranslate()

    def editor_for(self, sku: str) -> LineEditor:
        """Return the editor of the line with a SKU."""
        return next(e for e in self.editors if e.line.sku == sku)

    def choices(self) -> list[LineChoice]:
        """Return the chosen lines."""
        return [c for c in (e.choice() for e in self.editors) if c is not None]

    def rejudge(self) -> None:
        """Ask the policy about every chosen line again and show the verdicts and the total."""
        data = self.wiz.data
        self.decisions = {}
        if data is None:
            return
        resolution = self.resolution.currentData()
        chosen = [(editor, editor.choice()) for editor in self.editors]
        picked = [(editor, choice) for editor, choice in chosen if choice is not None]
        decisions_in_order = judge_all(data, [choice for _e, choice in picked], resolution)
        for (editor, _choice), decision in zip(picked, decisions_in_order, strict=True):
            self.decisions[editor.line.id] = decision
        for editor in self.editors:
            editor.show_decision(self.decisions.get(editor.line.id))
        decisions = list(self.decisions.values())
        if decisions:
            eligible = sum(1 for d in decisions if d.eligible)
            amount = total_refund(decisions, resolution, data.order.currency)
            self.total.setText(tr("{eligible} of {count} lines within the policy; {resolution}: {amount}",
                                  eligible=eligible, count=len(decisions),
                                  resolution=resolution_text(resolution), amount=money_of(amount)))
        else:
            self.total.setText(tr("Tick at least one line and choose its reason."))
        self.update_ready()

    def ready(self) -> bool:
        """Return True when at least one line is chosen with a reason and some units."""
        return bool(self.choices()) and all(
            e.choice() is not None for e in self.editors if e.include.isChecked())
