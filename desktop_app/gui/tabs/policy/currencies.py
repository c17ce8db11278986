"""The policy editor's page for orders in other currencies: the policy's money amounts per currency."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.domain.money import exponent
from desktop_app.core.domain.policy import CurrencyAmounts, PolicyRules
from desktop_app.core.i18n import N_, UserFacingError
from desktop_app.gui.i18n import tr

# (field of CurrencyAmounts, column title); the first column is the currency code
COLUMNS = (("currency", N_("Currency")), ("return_shipping_cost", N_("Label cost")),
           ("keep_it_below", N_("Keep-it below")), ("restocking_fee_flat", N_("Flat restocking fee")),
           ("auto_approve_max", N_("Auto-approve refunds up to")),
           ("auto_keep_it_max", N_("Auto-approve keep-it up to")))


class CurrencyAmountsTable(QWidget):
    """One row per other currency the shop's orders are paid in; `edited` whenever a cell changes."""

    edited = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("currencyAmounts")
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.add_button, self.remove_button = QPushButton(), QPushButton()
        self.add_button.setObjectName("addCurrency")
        self.remove_button.setObjectName("removeCurrency")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.table.itemChanged.connect(lambda _i: self.edited.emit())
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.intro.setText(tr("The rules' amounts are in the policy's currency. Orders paid in another currency "
                              "use the amounts given here; an order in a currency without a row is refused "
                              "with a sentence saying so."))
        self.table.setHorizontalHeaderLabels([tr(title) for _f, title in COLUMNS])
        self.add_button.setText(tr("Add currency"))
        self.remove_button.setText(tr("Remove currency"))

    def set_editable(self, on: bool) -> None:
        """Allow changes only while a draft is edited."""
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers if on
                                   else QAbstractItemView.EditTrigger.NoEditTriggers)
        self.add_button.setEnabled(on)
        self.remove_button.setEnabled(on)

    def set_rules(self, rules: PolicyRules) -> None:
        """Show a version's amounts per currency without reporting an edit."""
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for amounts in rules.currency_amounts:
            self._append([str(getattr(amounts, name)) for name, _t in COLUMNS])
        self.table.blockSignals(False)

    def _append(self, values: list[str]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col, value in enumerate(values):
            self.table.setItem(row, col, QTableWidgetItem(value))

    def add_row(self) -> None:
        """Add an empty row to fill in (a currency code, then its amounts)."""
        self.table.blockSignals(True)
        self._append([""] + ["0"] * (len(COLUMNS) - 1))
        self.table.blockSignals(False)
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self.edited.emit()

    def remove_row(self) -> None:
        """Remove the chosen currency's row."""
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.edited.emit()

    def _cell(self, row: int, col: int) -> str:
        item = self.table.item(row, col)
        return item.text().strip() if item is not None else ""

    def _row(self, row: int, policy_currency: str) -> CurrencyAmounts:
        """Return one row's amounts, or raise a sentence naming the cell that cannot be read."""
        code = self._cell(row, 0).upper()
        try:
            exponent(code)
        except UserFacingError:
            raise ValueError(tr("Row {row}: “{code}” is not a currency code such as USD.", row=row + 1,
                                code=code)) from None
        if code == policy_currency.upper():
            raise ValueError(tr("Row {row}: {code} is the policy's own currency; its amounts are on the Rules "
                                "page.", row=row + 1, code=code))
        values: dict[str, Decimal] = {}
        for col, (name, title) in enumerate(COLUMNS[1:], start=1):
            try:
                value = Decimal(self._cell(row, col).replace(",", ".") or "0")
            except InvalidOperation:
                value = Decimal(-1)
            if not value.is_finite() or value < 0:
                raise ValueError(tr("Row {row}, {column}: enter an amount of 0 or more, such as 4.95.",
                                    row=row + 1, column=tr(title)))
            values[name] = value
        return CurrencyAmounts(code, **values)

    def apply(self, base: PolicyRules) -> tuple[PolicyRules, list[str]]:
        """Return `base` with the amounts per currency as shown, and the cells that could not be read."""
        rows: list[CurrencyAmounts] = []
        problems: list[str] = []
        for row in range(self.table.rowCount()):
            try:
                amounts = self._row(row, base.currency)
            except ValueError as problem:
                problems.append(str(problem))
                continue
            if any(a.currency == amounts.currency for a in rows):
                problems.append(tr("{code} has two rows; keep one.", code=amounts.currency))
                continue
            rows.append(amounts)
        if problems:
            return base, problems
        return base.with_changes(currency_amounts=tuple(rows)), []
