"""Tax rates as a shop owner reads them on a credit note: the rate recorded, or the one the amounts show."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


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
