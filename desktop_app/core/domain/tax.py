"""Tax rates as a shop owner reads them on a credit note: the rate recorded, or the one the amounts show."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from desktop_app.core.domain.money import Money


def rate_percent(rate_ppm: int | None, price_minor: int, tax_minor: int) -> Decimal | None:
    """Return the tax rate in percent of a tax-inclusive price: the recorded rate, else the one its tax shows.

    A rate read from rounded amounts is given only when it lands on a half percent (19 %, 5.5 %); otherwise
    None, so the credit note never prints a made-up rate such as 18.9 %.
    """
    if rate_ppm is not None:
        return (Decimal(rate_ppm) / 10_000).normalize()
    net = price_minor - tax_minor
    if tax_minor <= 0 or net <= 0:
        return Decimal(0) if tax_minor == 0 and price_minor > 0 else None
    exact = Decimal(tax_minor) * 100 / net
    half = (exact * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP) / 2
    # the amounts were rounded to minor units: accept the half percent whose tax of this price is this tax
    for rate in (half, half - Decimal("0.5"), half + Decimal("0.5")):
        share = (Decimal(price_minor) * rate / (100 + rate)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        if rate >= 0 and share == tax_minor:
            return rate.normalize()
    return None


# Standard VAT/GST rates in parts per million (19 % = 190000), the shop's default for tax-inclusive prices
# when an import names no tax. EU/EEA rates as of 2026 (EE 24 % since 7/2025, RO 21 % since 8/2025, SK 23 %
# and FI 25.5 % since 2025). A shop with another rate sets tax.default_rate.
STANDARD_RATES_PPM: dict[str, int] = {
    "AT": 200000, "BE": 210000, "BG": 200000, "HR": 250000, "CY": 190000, "CZ": 210000, "DK": 250000,
    "EE": 240000, "FI": 255000, "FR": 200000, "DE": 190000, "GR": 240000, "HU": 270000, "IE": 230000,
    "IT": 220000, "LV": 210000, "LT": 210000, "LU": 170000, "MT": 180000, "NL": 210000, "PL": 230000,
    "PT": 230000, "RO": 210000, "SK": 230000, "SI": 220000, "ES": 210000, "SE": 250000, "IS": 240000,
    "LI": 81000, "NO": 250000, "GB": 200000, "CH": 81000, "CN": 130000, "JP": 100000, "AU": 100000,
    "NZ": 150000,
}
# Countries whose shops show prices before tax and add sales tax at checkout (the tax varies by state).
TAX_ADDED_AT_CHECKOUT = frozenset({"US", "CA"})
_PPM = 1_000_000
_RATE_IN_NAME = re.compile(r"(\d{1,2}(?:[.,]\d{1,3})?)\s*%")


def default_rate_ppm(country: str) -> int | None:
    """Return the country's standard rate for tax-inclusive prices (None: no default, e.g. US sales tax)."""
    return STANDARD_RATES_PPM.get((country or "").upper().replace("UK", "GB"))


def prices_include_tax_by_default(country: str) -> bool:
    """Return whether shops of the country show prices with tax included (everywhere but the US and Canada)."""
    return (country or "").upper() not in TAX_ADDED_AT_CHECKOUT


def _half_up(numerator: int, denominator: int) -> int:
    """Return numerator / denominator rounded half away from zero (denominator > 0)."""
    sign = -1 if numerator < 0 else 1
    return sign * ((2 * abs(numerator) + denominator) // (2 * denominator))


def tax_inside(gross_minor: int, rate_ppm: int) -> int:
    """Return the tax inside a tax-inclusive amount at a rate (19 %: 100.00 holds 15.97), half-up."""
    return _half_up(gross_minor * rate_ppm, _PPM + rate_ppm) if rate_ppm > 0 else 0


def tax_on_top(net_minor: int, rate_ppm: int) -> int:
    """Return the tax added to a net amount at a rate (19 %: 100.00 adds 19.00), half-up."""
    return _half_up(net_minor * rate_ppm, _PPM) if rate_ppm > 0 else 0


def rate_in_name(name: str) -> int | None:
    """Return the rate a tax's name states ("VAT 19%", "MwSt 7 %", "GST 5.5%") in ppm, or None."""
    match = _RATE_IN_NAME.search(name or "")
    if match is None:
        return None
    ppm = int(Decimal(match.group(1).replace(",", ".")) * 10_000)
    return ppm if 0 < ppm < 1_000_000 else None


def share_at_line_rate(amount: Money, line_paid: Money, line_tax: Money) -> Money:
    """Return the tax inside a tax-inclusive `amount` that belongs to an order line, at that line's rate.

    THE rule for shipping, fees and label charges: they carry tax at the rate of the goods they belong to,
    i.e. the line's tax over its paid money. Shipping is shared over the lines by value, so the shipping
    of an order carries tax at the lines' value-weighted rate.
    """
    if line_paid.amount <= 0 or line_tax.amount <= 0 or amount.is_zero():
        return Money.zero(amount.currency)
    return Money(amount.amount * line_tax.amount / line_paid.amount, amount.currency).quantized()


def refund_tax(refund: Money, goods_tax: Money, added: Money, taken: Money) -> Money:
    """Return the tax inside a refund: the goods' tax, plus tax of what is added, less tax of what is kept.

    Never below zero and never above the refund, so net + tax == refund and net is never negative.
    """
    zero = Money.zero(refund.currency)
    if refund.amount <= 0:
        return zero
    tax = goods_tax + added - taken
    return min(max(tax, zero), refund.quantized()).quantized()


@dataclass(frozen=True)
class RefundPart:
    """One part of a refund as a credit note lists it: goods, refunded shipping, or a fee or label kept."""

    kind: str  # "goods", "shipping", "fee", "label"
    gross: Money  # negative for what the shop keeps
    tax: Money


def refund_parts(amount: Money, tax: Money, kept: tuple[Money, Money, Money], line_paid: Money,
                 line_tax: Money) -> tuple[RefundPart, ...]:
    """Split a refund into its goods, refunded shipping, fee kept and label kept, each with its tax.

    `kept` is (refunded shipping, restocking fee, label charge). Shipping, fee and label carry tax at the
    line's rate (share_at_line_rate); the goods carry the rest, so the parts add up to the refund and its
    tax exactly, however the refund was rounded when it was paid.
    """
    shipping, fee, charge = kept
    taxes = [share_at_line_rate(m, line_paid, line_tax) for m in kept]
    goods = RefundPart("goods", amount - shipping + fee + charge, tax - taxes[0] + taxes[1] + taxes[2])
    extra = [RefundPart(kind, _signed(money, sign), _signed(part, sign))
             for kind, money, part, sign in (("shipping", shipping, taxes[0], 1), ("fee", fee, taxes[1], -1),
                                             ("label", charge, taxes[2], -1)) if not money.is_zero()]
    return (goods, *extra)


def _signed(money: Money, sign: int) -> Money:
    """Return the amount as it counts in the refund: plus for what is paid, minus for what is kept."""
    return money if sign > 0 else Money.zero(money.currency) - money
