"""The money of an exchange: what the returned units count toward the replacement, and who owes the rest."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.domain.errors import RuleViolation
from desktop_app.core.domain.money import Money, line_total
from desktop_app.core.i18n import Message

EXCHANGE_STATUS = {
    "even": Message("same price, may ship"),
    "payment_due": Message("waiting for the customer's payment"),
    "paid": Message("difference paid, may ship"),
    "waived": Message("difference waived by the owner, may ship"),
    "refunded": Message("difference refunded"),
    "credited": Message("difference given as store credit"),
}


@dataclass(frozen=True)
class ExchangeMoney:
    """An exchange's price difference: `credit` (the returned units) against `price` (the replacement)."""

    credit: Money
    price: Money

    @property
    def difference(self) -> Money:
        """Return price minus credit: positive the customer pays it, negative the shop pays it back."""
        return self.price - self.credit

    @property
    def customer_pays(self) -> Money:
        """Return what the customer still pays before the replacement ships (zero when nothing)."""
        return max(self.difference, Money.zero(self.price.currency))

    @property
    def paid_back(self) -> Money:
        """Return what the shop pays back (zero when nothing); never more than the credit."""
        return max(-self.difference, Money.zero(self.price.currency))


def exchange_money(credit: Money, unit_price: Money, quantity: int) -> ExchangeMoney:
    """Compare the credit of the returned units with `quantity` replacements at `unit_price`."""
    if quantity <= 0:
        raise RuleViolation(Message("An exchange sends out at least one item."))
    if credit.currency != unit_price.currency:
        raise RuleViolation(
            Message(
                "The replacement is priced in {price_currency} but the order was paid in {currency}: "
                "refund the item and sell the replacement as a new order.",
                {"price_currency": unit_price.currency, "currency": credit.currency},
            )
        )
    if credit.amount < 0 or unit_price.amount < 0:
        raise RuleViolation(Message("An exchange cannot be priced below zero."))
    return ExchangeMoney(credit.quantized(), line_total(unit_price, quantity).quantized())
