"""Wizard page 2: lines, quantities, reasons, comments and files, with the policy's live explanation per line."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.domain.eligibility import Decision
from desktop_app.core.domain.policy import Condition, Reason
from desktop_app.core.services.orders import OrderLineInfo
from desktop_app.core.services.returns import DraftVerdict
from desktop_app.gui.dialogs.new_return.files import FileStrip
from desktop_app.gui.dialogs.new_return.page import ReadyPage
from desktop_app.gui.dialogs.new_return.state import LineChoice, WizardHost
from desktop_app.gui.formatting import condition_text, money_of, resolution_text, text_of
from desktop_app.gui.i18n import error_text, tr, trn


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

    def __init__(self, line: OrderLineInfo, reasons: list[Reason]) -> None:
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
        self.comment = QPlainTextEdit()
        self.comment.setObjectName("comment")
        self.comment.setTabChangesFocus(True)  # Tab moves on; Enter starts a new line of a long comment
        self.comment.setFixedHeight(self.comment.fontMetrics().lineSpacing() * 3 + 12)
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
        self.comment.setPlainText(comment)

    def choice(self) -> LineChoice | None:
        """Return the chosen values, or None when the line is not part of the return."""
        if not self.include.isChecked() or self.quantity.value() < 1 or not self.reason.currentData():
            return None
        return LineChoice(self.line, self.quantity.value(), self.reason.currentData(),
                          self.condition.currentData(), self.comment.toPlainText().strip())

    def show_decision(self, decision: Decision | None) -> None:
        """Show the policy's verdict for the current choice (or ask for a reason)."""
        if decision is None:
            self.verdict.setText(tr("Choose a reason to see what the policy says."))
        else:
            self.verdict.setText(explanation_html(decision))


class LinesPage(ReadyPage):
    """Pick lines and quantities, see each line's verdict, choose the resolution, attach files."""

    def __init__(self, wizard: WizardHost) -> None:
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
        self.verdict: DraftVerdict | None = None  # the service's verdict on the current choices
        self.judging = 0  # numbers the verdicts asked for; only the latest one is shown
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
        """Ask the returns service to judge the chosen lines again; the verdicts and total follow."""
        data = self.wiz.data
        self.verdict = None
        self.judging += 1
        picked = self.choices()
        if data is None or not picked:
            self._show(None)
            return
        ticket, desk, order = self.judging, self.wiz.desk, data.order
        resolution = self.resolution.currentData()
        requests = [choice.request() for choice in picked]
        desk.runner.run(
            lambda _p: desk.judge_draft(order.number, order.channel, requests, resolution),
            lambda verdict: self._judged(ticket, verdict),
            lambda error: self._judge_failed(ticket, error))
        self.update_ready()

    def _judged(self, ticket: int, verdict: DraftVerdict) -> None:
        if ticket == self.judging:
            self.verdict = verdict
            self._show(verdict)

    def _judge_failed(self, ticket: int, error: BaseException) -> None:
        if ticket == self.judging:
            self._show(None)
            self.total.setText(error_text(error))

    def _show(self, verdict: DraftVerdict | None) -> None:
        """Show each line's verdict and the total (or ask for a line and its reason)."""
        for editor in self.editors:
            judged = verdict.line(editor.line.id) if verdict is not None else None
            editor.show_decision(judged.decision if judged is not None else None)
        if verdict is not None:
            eligible = sum(1 for line in verdict.lines if line.eligible)
            self.total.setText(trn("{eligible} of %n line within the policy; {resolution}: {amount}",
                                   "{eligible} of %n lines within the policy; {resolution}: {amount}",
                                   len(verdict.lines), eligible=eligible,
                                   resolution=resolution_text(verdict.resolution), amount=money_of(verdict.total)))
        else:
            self.total.setText(tr("Tick at least one line and choose its reason."))
        self.update_ready()

    def ready(self) -> bool:
        """Return True when at least one line is chosen with a reason and some units, and is judged."""
        return self.verdict is not None and bool(self.choices()) and all(
            e.choice() is not None for e in self.editors if e.include.isChecked())
