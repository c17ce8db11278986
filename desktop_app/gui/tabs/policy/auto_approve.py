"""The policy editor's auto-approve page: which requests the shop approves at once, without a person."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QLabel, QListWidget, QListWidgetItem, QScrollArea, QWidget

from desktop_app.core.domain.policy import PolicyRules
from desktop_app.gui.formatting import text_of
from desktop_app.gui.i18n import tr


def _money_box(name: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox(minimum=0, maximum=1_000_000, decimals=2)
    box.setKeyboardTracking(False)
    box.setObjectName(name)
    return box


def _amount(box: QDoubleSpinBox, old: Decimal) -> Decimal:
    """Return the box's amount, keeping the old value's spelling when it did not change."""
    new = Decimal(f"{box.value():.2f}")
    if new == old:
        return old
    return new.quantize(Decimal(1)) if new == new.to_integral_value() else new


class AutoApproveForm(QScrollArea):
    """The auto-approve limits (policy currency) and the reasons approved at once; `edited` on any change."""

    edited = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setObjectName("autoIntro")
        self.refund_max = _money_box("autoRefundMax")
        self.keep_it_max = _money_box("autoKeepItMax")
        self.reasons = QListWidget()
        self.reasons.setObjectName("autoReasons")
        self.reasons.setMinimumHeight(160)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.labels = {key: QLabel() for key in ("refund_max", "reasons", "keep_it_max")}
        body = QWidget()
        form = QFormLayout(body)
        form.addRow(self.intro)
        form.addRow(self.labels["refund_max"], self.refund_max)
        form.addRow(self.labels["reasons"], self.reasons)
        form.addRow(self.labels["keep_it_max"], self.keep_it_max)
        form.addRow(self.note)
        for label in self.labels.values():
            label.setWordWrap(True)
        self.setWidget(body)
        self.rules: PolicyRules | None = None
        for box in (self.refund_max, self.keep_it_max):
            box.valueChanged.connect(lambda _v: self.edited.emit())
        self.reasons.itemChanged.connect(lambda _i: self.edited.emit())
        self.retranslate()

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self._texts()
        if self.rules is not None:
            self._fill_reasons(self.rules, self._checked() if self.reasons.count() else None)

    def _texts(self) -> None:
        currency = self.rules.currency if self.rules else ""
        self.intro.setText(tr("Requests these rules cover are approved as soon as they are created, at the desk "
                              "or in the portal. Everything else, and every request of a flagged customer, "
                              "waits for a person. A limit of 0 switches its rule off."))
        self.labels["refund_max"].setText(tr("Approve at once when every line is within the policy and the "
                                             "refund is at most ({currency})", currency=currency))
        self.labels["reasons"].setText(tr("… and every line's reason is one of"))
        self.labels["keep_it_max"].setText(tr("Approve keep-it requests (nothing sent back) paying at most "
                                              "({currency})", currency=currency))
        self.note.setText(tr("Limits for orders in other currencies are on the Other currencies page."))

    def _checked(self) -> tuple[str, ...]:
        items = (self.reasons.item(i) for i in range(self.reasons.count()))
        return tuple(str(it.data(Qt.ItemDataRole.UserRole)) for it in items
                     if it.checkState() == Qt.CheckState.Checked)

    def _fill_reasons(self, rules: PolicyRules, checked: tuple[str, ...] | None = None) -> None:
        chosen = set(rules.auto_approve.reasons if checked is None else checked)
        self.reasons.blockSignals(True)
        self.reasons.clear()
        for reason in rules.reasons:
            if not reason.code:
                continue
            item = QListWidgetItem(f"{text_of(reason.label())} ({reason.code})")
            item.setData(Qt.ItemDataRole.UserRole, reason.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if reason.code in chosen else Qt.CheckState.Unchecked)
            self.reasons.addItem(item)
        self.reasons.blockSignals(False)

    def set_rules(self, rules: PolicyRules) -> None:
        """Show a version's auto-approve rules without reporting an edit."""
        self.rules = rules
        for box, value in ((self.refund_max, rules.auto_approve.refund_max),
                           (self.keep_it_max, rules.auto_approve.keep_it_max)):
            box.blockSignals(True)
            box.setValue(float(value))
            box.blockSignals(False)
        self._fill_reasons(rules)
        self.retranslate()

    def follow_reasons(self, rules: PolicyRules) -> None:
        """Rebuild the reason list when the reason catalogue changed, keeping the ticks."""
        shown = [str(self.reasons.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.reasons.count())]
        self.rules = rules
        self._texts()
        if shown != [r.code for r in rules.reasons if r.code]:
            self._fill_reasons(rules, self._checked())

    def apply(self, base: PolicyRules) -> PolicyRules:
        """Return `base` with the auto-approve rules as shown (only reasons the catalogue still has)."""
        known = {r.code for r in base.reasons}
        old = base.auto_approve
        auto = replace(old, refund_max=_amount(self.refund_max, old.refund_max),
                       keep_it_max=_amount(self.keep_it_max, old.keep_it_max),
                       reasons=tuple(code for code in self._checked() if code in known))
        return base.with_changes(auto_approve=auto)
