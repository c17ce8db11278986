"""The replacement chosen for a line in the resolve form, with what it costs the customer."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from desktop_app.core.services.returns import ExchangeQuote
from desktop_app.gui.formatting import money_of
from desktop_app.gui.i18n import tr


def difference_text(quote: ExchangeQuote | None) -> str:
    """Return what the chosen replacement means for the customer's money, in one short sentence."""
    if quote is None:
        return ""
    if not quote.customer_pays.is_zero():
        return tr("Customer pays {amount}", amount=money_of(quote.customer_pays))
    if not quote.paid_back.is_zero():
        return tr("{amount} back to the customer", amount=money_of(quote.paid_back))
    return tr("Same price")


class ExchangeBox(QWidget):
    """The replacement for one line (its other variants first, stock shown) and what it costs the customer."""

    def __init__(self, quotes: tuple[ExchangeQuote, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.quotes = {q.sku: q for q in quotes}
        self.combo = QComboBox()
        self.combo.setObjectName("exchangeSku")
        for q in quotes:
            self.combo.addItem(tr("{sku} {name} ({stock} in stock), {price}", sku=q.sku, name=q.name, stock=q.stock,
                                  price=money_of(q.price)), q.sku)
        if not quotes:
            self.combo.addItem(tr("Nothing in stock to exchange for"), "")
        self.difference = QLabel()
        self.difference.setObjectName("exchangeDifference")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addWidget(self.difference)
        self.combo.currentIndexChanged.connect(self._show_difference)
        self._show_difference()

    def sku(self) -> str:
        """Return the SKU chosen to send out ('' when none)."""
        return str(self.combo.currentData() or "")

    def _show_difference(self) -> None:
        self.difference.setText(difference_text(self.quotes.get(self.sku())))
