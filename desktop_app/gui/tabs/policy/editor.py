"""The policy editor's form of general rules: window, condition, fees, shipping, resolutions, promise."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QWidget,
)

from desktop_app.core.domain.policy import (
    Condition,
    HolidayExtension,
    PolicyRules,
    Resolution,
    ShippingPayer,
    WindowStart,
)
from desktop_app.gui.formatting import condition_text, resolution_text
from desktop_app.gui.i18n import tr

OFFERED = (Resolution.REFUND, Resolution.STORE_CREDIT, Resolution.EXCHANGE, Resolution.REPAIR, Resolution.KEEP_IT)
LEAP_YEAR = 2000  # month-day pickers need a year; a leap year keeps 29 February


def _money_box(maximum: float = 1_000_000) -> QDoubleSpinBox:
    box = QDoubleSpinBox(minimum=0, maximum=maximum, decimals=2)
    box.setKeyboardTracking(False)
    return box


def _decimal(box: QDoubleSpinBox, old: Decimal) -> Decimal:
    """Return the box's amount, keeping the old value's spelling when the amount did not change."""
    new = Decimal(f"{box.value():.2f}")
    if new == old:
        return old
    return new.quantize(Decimal(1)) if new == new.to_integral_value() else new


def _month_day(box: QDateEdit) -> tuple[int, int]:
    d = box.date()
    return d.month(), d.day()


class RulesForm(QScrollArea):
    """Every general rule of a draft as a field; `edited` fires on any change made by the person."""

    edited = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self._make_fields()
        self._lay_out()
        self._connect()
        self.retranslate()

    def _make_fields(self) -> None:
        """Create one field per rule, each named after the rule it edits."""
        self.country, self.currency = QLineEdit(), QLineEdit()
        self.country.setMaxLength(2)
        self.currency.setMaxLength(3)
        self.window_days = QSpinBox(minimum=0, maximum=3660)
        self.window_start = QComboBox()
        self.holiday = QCheckBox()
        self.holiday_from, self.holiday_to, self.holiday_until = (QDateEdit() for _ in range(3))
        for box in (self.holiday_from, self.holiday_to, self.holiday_until):
            box.setDisplayFormat("MM-dd")
            box.setDateRange(QDate(LEAP_YEAR, 1, 1), QDate(LEAP_YEAR, 12, 31))
        self.required_condition = QComboBox()
        self.fee_percent = _money_box(100)
        self.fee_flat = _money_box()
        self.shipping_payer = QComboBox()
        self.shipping_cost = _money_box()
        self.refund_shipping = QCheckBox()
        self.resolutions = {res: QCheckBox() for res in OFFERED}
        self.credit_bonus = _money_box(100)
        self.keep_it_below = _money_box()
        self.promise_days = QSpinBox(minimum=0, maximum=365)
        for name in ("country", "currency", "window_days", "window_start", "holiday", "required_condition",
                     "fee_percent", "fee_flat", "shipping_payer", "shipping_cost", "refund_shipping",
                     "credit_bonus", "keep_it_below", "promise_days"):
            getattr(self, name).setObjectName(name)

    def _lay_out(self) -> None:
        """Place the fields in one labelled form (the holiday days and the resolutions on a row each)."""
        holiday_row = QHBoxLayout()
        self.holiday_words = [QLabel(), QLabel(), QLabel()]
        for word, box in zip(self.holiday_words, (self.holiday_from, self.holiday_to, self.holiday_until),
                             strict=True):
            holiday_row.addWidget(word)
            holiday_row.addWidget(box)
        holiday_row.addStretch(1)
        resolutions_row = QHBoxLayout()
        for check in self.resolutions.values():
            resolutions_row.addWidget(check)
        resolutions_row.addStretch(1)

        self.labels: dict[str, QLabel] = {}
        body = QWidget()
        form = QFormLayout(body)
        rows: list[tuple[str, QWidget | QHBoxLayout]] = [
            ("country", self.country), ("currency", self.currency), ("window_days", self.window_days),
            ("window_start", self.window_start), ("holiday", self.holiday), ("holiday_days", holiday_row),
            ("required_condition", self.required_condition), ("fee_percent", self.fee_percent),
            ("fee_flat", self.fee_flat), ("shipping_payer", self.shipping_payer),
            ("shipping_cost", self.shipping_cost), ("refund_shipping", self.refund_shipping),
            ("resolutions", resolutions_row), ("credit_bonus", self.credit_bonus),
            ("keep_it_below", self.keep_it_below), ("promise_days", self.promise_days)]
        for key, field in rows:
            label = QLabel()
            label.setWordWrap(True)
            self.labels[key] = label
            form.addRow(label, field)
        self.setWidget(body)

    def _connect(self) -> None:
        """Say `edited` whenever any field changes."""
        for line in (self.country, self.currency):
            line.textEdited.connect(lambda _t: self.edited.emit())
        for spin in (self.window_days, self.promise_days, self.fee_percent, self.fee_flat, self.shipping_cost,
                     self.credit_bonus, self.keep_it_below):
            spin.valueChanged.connect(lambda _v: self.edited.emit())
        for combo in (self.window_start, self.required_condition, self.shipping_payer):
            combo.currentIndexChanged.connect(lambda _i: self.edited.emit())
        for check in (self.holiday, self.refund_shipping, *self.resolutions.values()):
            check.toggled.connect(lambda _c: self.edited.emit())
        for box in (self.holiday_from, self.holiday_to, self.holiday_until):
            box.dateChanged.connect(lambda _d: self.edited.emit())
        self.holiday.toggled.connect(self._enable_holiday)

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        names = {
            "country": tr("Country"), "currency": tr("Currency"), "window_days": tr("Return window (days)"),
            "window_start": tr("Window starts at"), "holiday": tr("Holiday extension"), "holiday_days": "",
            "required_condition": tr("Required condition"), "fee_percent": tr("Restocking fee (%)"),
            "fee_flat": tr("Flat restocking fee"), "shipping_payer": tr("Return shipping paid by"),
            "shipping_cost": tr("Return label cost"), "refund_shipping": tr("Refund original shipping"),
            "resolutions": tr("Allowed resolutions"), "credit_bonus": tr("Store credit bonus (%)"),
            "keep_it_below": tr("Keep-it below"), "promise_days": tr("Refund promise (business days)")}
        for key, label in self.labels.items():
            label.setText(names[key])
        self.holiday.setText(tr("Longer window for holiday purchases"))
        for word, text in zip(self.holiday_words, (tr("bought from"), tr("to"), tr("returnable until")),
                              strict=True):
            word.setText(text)
        for res, box in self.resolutions.items():
            box.setText(resolution_text(res.value))
        self._fill(self.window_start, [(tr("delivery"), WindowStart.DELIVERY.value),
                                       (tr("order date"), WindowStart.ORDER.value)])
        self._fill(self.required_condition, [(tr("any condition"), None),
                                             *[(condition_text(c.value), c.value) for c in Condition]])
        self._fill(self.shipping_payer, [(tr("the customer"), ShippingPayer.CUSTOMER.value),
                                         (tr("the shop"), ShippingPayer.SHOP.value)])

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[str, str | None]]) -> None:
        keep = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for text, value in items:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(0, combo.findData(keep)))
        combo.blockSignals(False)

    def _enable_holiday(self, on: bool) -> None:
        for box in (self.holiday_from, self.holiday_to, self.holiday_until):
            box.setEnabled(on and self.isEnabled())

    def set_rules(self, rules: PolicyRules) -> None:
        """Show a version's rules without reporting an edit."""
        widgets = self.findChildren(QWidget)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.country.setText(rules.country)
            self.currency.setText(rules.currency)
            self.window_days.setValue(rules.window_days)
            self.window_start.setCurrentIndex(self.window_start.findData(rules.window_start.value))
            ext = rules.holiday_extension
            self.holiday.setChecked(ext is not None)
            for box, md in zip((self.holiday_from, self.holiday_to, self.holiday_until),
                               (ext.purchased_from, ext.purchased_to, ext.return_until) if ext
                               else ((11, 1), (12, 24), (1, 31)), strict=True):
                box.setDate(QDate(LEAP_YEAR, md[0], md[1]))
            cond = rules.required_condition.value if rules.required_condition else None
            self.required_condition.setCurrentIndex(max(0, self.required_condition.findData(cond)))
            self.fee_percent.setValue(float(rules.restocking_fee_percent))
            self.fee_flat.setValue(float(rules.restocking_fee_flat))
            self.shipping_payer.setCurrentIndex(self.shipping_payer.findData(rules.return_shipping_payer.value))
            self.shipping_cost.setValue(float(rules.return_shipping_cost))
            self.refund_shipping.setChecked(rules.refund_original_shipping)
            for res, check in self.resolutions.items():
                check.setChecked(res in rules.allowed_resolutions)
            self.credit_bonus.setValue(float(rules.store_credit_bonus_percent))
            self.keep_it_below.setValue(float(rules.keep_it_below))
            self.promise_days.setValue(rules.refund_promise_business_days)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._enable_holiday(self.holiday.isChecked())

    def mark_codes(self) -> None:
        """Outline the country and currency fields in red while they are not two- and three-letter codes."""
        for field, size in ((self.country, 2), (self.currency, 3)):
            text = field.text().strip()
            bad = len(text) != size or not text.isalpha()
            field.setStyleSheet("QLineEdit { border: 1px solid #b00020; }" if bad else "")

    def read(self, base: PolicyRules) -> PolicyRules:
        """Return `base` with the general rules as the form shows them (tables are read elsewhere)."""
        ext = None
        if self.holiday.isChecked():
            ext = HolidayExtension(_month_day(self.holiday_from), _month_day(self.holiday_to),
                                   _month_day(self.holiday_until))
        self.mark_codes()
        cond = self.required_condition.currentData()
        chosen = [r for r in base.allowed_resolutions if r not in OFFERED or self.resolutions[r].isChecked()]
        chosen += [r for r in OFFERED if self.resolutions[r].isChecked() and r not in chosen]
        return replace(
            base, country=self.country.text().strip().upper(), currency=self.currency.text().strip().upper(),
            window_days=self.window_days.value(), window_start=WindowStart(self.window_start.currentData()),
            holiday_extension=ext, required_condition=Condition(cond) if cond else None,
            restocking_fee_percent=_decimal(self.fee_percent, base.restocking_fee_percent),
            restocking_fee_flat=_decimal(self.fee_flat, base.restocking_fee_flat),
            return_shipping_payer=ShippingPayer(self.shipping_payer.currentData()),
            return_shipping_cost=_decimal(self.shipping_cost, base.return_shipping_cost),
            refund_original_shipping=self.refund_shipping.isChecked(),
            allowed_resolutions=tuple(chosen),
            store_credit_bonus_percent=_decimal(self.credit_bonus, base.store_credit_bonus_percent),
            keep_it_below=_decimal(self.keep_it_below, base.keep_it_below),
            refund_promise_business_days=self.promise_days.value())
