"""Exchanges in the window: settling a difference due, and how an exchange reads on the timeline."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from desktop_app.core.domain.exchange import EXCHANGE_STATUS
from desktop_app.core.i18n import current_language
from desktop_app.core.services.returns import ExchangeView, ReturnDetail
from desktop_app.gui.dialogs.step_dialogs import StepDialog
from desktop_app.gui.formatting import money_of
from desktop_app.gui.i18n import tr


def due_exchanges(detail: ReturnDetail) -> list[ExchangeView]:
    """Return the exchanges of a return still waiting for the customer's payment."""
    return [x for x in detail.exchanges if x.status == "payment_due"]


def exchange_line(x: ExchangeView) -> str:
    """Return one exchange for the timeline: what went out, the difference and where it stands."""
    return tr("Exchange: {qty} × {sku}, difference {amount}, {status}", qty=x.quantity, sku=x.sku,
              amount=money_of(x.difference), status=EXCHANGE_STATUS[x.status].render(current_language()))


class SettleExchangeDialog(StepDialog):
    """Record the customer's payment of an exchange's difference (its reference), or the owner waives it."""

    def __init__(self, parent: QWidget | None, detail: ReturnDetail, waive: bool) -> None:
        due = due_exchanges(detail)
        title = tr("Waive difference") if waive else tr("Exchange paid")
        intro = (tr("The replacement ships without the customer paying the difference. Say why.") if waive
                 else tr("Enter the reference of the customer's payment; the replacement may then ship."))
        super().__init__(parent, detail, title, intro)
        self.which = QComboBox()
        self.which.setObjectName("dueExchange")
        for x in due:
            self.which.addItem(tr("{qty} × {sku}: {amount}", qty=x.quantity, sku=x.sku,
                                  amount=money_of(x.difference)), x.id)
        self.reference = QLineEdit()
        self.reference.setObjectName("paymentReference")
        self.reference.setPlaceholderText(tr("why (optional)") if waive else tr("bank transfer or receipt number"))
        self.reference.setMinimumWidth(320)
        self.grid.addWidget(self.which, 0, 0)
        self.grid.addWidget(self.reference, 0, 1)

    def values(self) -> tuple[int, str]:
        """Return (exchange id, reference or reason)."""
        return int(self.which.currentData()), self.reference.text().strip()
