"""Money as Decimal with a currency: minor units by ISO 4217 exponent, half-up rounding, allocation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import total_ordering

from desktop_app.core.domain.errors import CurrencyMismatch, InvalidAmount, InvalidCurrency
from desktop_app.core.i18n import Message
from desktop_app.core.i18n.country_forms import CountryForm

_ZERO_DECIMALS = frozenset({"JPY", "KRW", "VND", "CLP", "ISK", "BIF", "DJF", "GNF", "KMF", "PYG", "RWF",
                            "UGX", "VUV", "XAF", "XOF", "XPF"})
_THREE_DECIMALS = frozenset({"BHD", "KWD", "OMR", "JOD", "TND", "IQD", "LYD"})
_TWO_DECIMALS = frozenset({
    "EUR", "USD", "GBP", "CNY", "HKD", "TWD", "SGD", "AUD", "NZD", "CAD", "CHF", "SEK", "NOK", "DKK",
    "PLN", "CZK", "HUF", "RON", "BGN", "TRY", "RUB", "UAH", "INR", "PKR", "BDT", "LKR", "IDR", "MYR",
    "THB", "PHP", "MXN", "BRL", "ARS", "COP", "PEN", "ZAR", "EGP", "MAD", "NGN", "KES", "GHS", "ILS",
    "AED", "SAR", "QAR", "MOP", "RSD", "MKD", "ALL", "BAM", "GEL", "AMD", "AZN", "KZT", "UZS",
    "MNT", "NPR", "DZD", "ETB", "TZS", "ZMW", "BWP", "MUR", "JMD", "TTD", "DOP", "CRC", "GTQ", "HNL",
    "NIO", "PAB", "UYU", "BOB", "MDL", "BYN", "KGS", "TJS", "MVR", "FJD", "PGK", "WST", "TOP", "XCD",
    "BSD", "BBD", "BZD", "BMD", "KYD", "ANG", "AWG", "SRD", "GYD", "HTG", "CUP", "LBP", "SYP", "YER",
    "AFN", "IRR", "MMK", "LAK", "KHR", "BND", "SCR", "MWK", "MZN", "AOA", "NAD", "SZL", "LSL", "SLE",
    "LRD", "GMD", "CVE", "STN", "SDG", "SSP", "SOS", "ERN", "CDF", "MGA", "MRU", "HRK",
})

_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CNY": "¥", "JPY": "¥", "KRW": "₩", "HKD": "HK$",
            "CHF": "CHF ", "INR": "₹"}


def exponent(currency: str) -> int:
    """Return the number of minor-unit digits of an ISO 4217 currency (JPY 0, EUR 2, KWD 3)."""
    code = (currency or "").upper()
    if code in _ZERO_DECIMALS:
        return 0
    if code in _THREE_DECIMALS:
        return 3
    if code in _TWO_DECIMALS:
        return 2
    raise InvalidCurrency(Message("{currency} is not a currency code ReturnDesk knows (use a code such as "
                                  "EUR, GBP, CNY or USD).", {"currency": currency}))


def _quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-exponent(currency))


def _as_decimal(value: Decimal | int | str) -> Decimal:
    if isinstance(value, float):
        raise TypeError("Money never takes a float; pass a Decimal, int or string")
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)
    except (InvalidOperation, ValueError, TypeError):
        number = Decimal("NaN")
    if not number.is_finite():
        raise InvalidAmount(Message("“{value}” is not an amount of money.", {"value": value}))
    return number


@total_ordering
@dataclass(frozen=True)
class Money:
    """An amount of one currency; arithmetic keeps full precision until `quantized()`."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", _as_decimal(self.amount))
        object.__setattr__(self, "currency", self.currency.upper())
        exponent(self.currency)

    @classmethod
    def of(cls, amount: Decimal | int | str, currency: str) -> Money:
        """Return Money from a Decimal, int or decimal string such as "12.34"."""
        return cls(_as_decimal(amount), currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Return nothing of a currency, at its precision."""
        return cls(Decimal(0).quantize(_quantum(currency)), currency)

    @classmethod
    def from_minor(cls, minor: int, currency: str) -> Money:
        """Return Money from integer minor units (cents, fen, yen) as stored in the database."""
        return cls(Decimal(int(minor)).scaleb(-exponent(currency)), currency)

    def to_minor(self) -> int:
        """Return the amount in integer minor units, rounded half-up."""
        return int(self.quantized().amount.scaleb(exponent(self.currency)))

    def quantized(self) -> Money:
        """Return the amount rounded half-up to the currency's minor unit."""
        return Money(self.amount.quantize(_quantum(self.currency), rounding=ROUND_HALF_UP), self.currency)

    def is_zero(self) -> bool:
        """Return whether the amount is zero."""
        return self.amount == 0

    def _check(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented  # type: ignore[no-any-return]
        if other.currency != self.currency:
            raise CurrencyMismatch(Message("Amounts in {first} and {second} cannot be combined.",
                                           {"first": self.currency, "second": other.currency}))
        return other

    def __add__(self, other: Money) -> Money:
        o = self._check(other)
        if o is NotImplemented:
            return NotImplemented
        return Money(self.amount + o.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        o = self._check(other)
        if o is NotImplemented:
            return NotImplemented
        return Money(self.amount - o.amount, self.currency)

    def __mul__(self, factor: int | Decimal) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int | Decimal):
            return NotImplemented
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        o = self._check(other)
        if o is NotImplemented:
            return NotImplemented
        return self.amount < o.amount

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return self.currency == other.currency and self.amount == other.amount

    def __hash__(self) -> int:
        return hash((self.amount.normalize(), self.currency))

    def __str__(self) -> str:
        return f"{self.quantized().amount} {self.currency}"


def line_total(unit: Money, qty: int) -> Money:
    """Return unit × quantity, rounded half-up once (per line, after multiplying)."""
    return (unit * int(qty)).quantized()


def percentage(m: Money, percent: Decimal | int) -> Money:
    """Return `percent` % of an amount, rounded half-up to the minor unit."""
    return Money(m.amount * _as_decimal(percent) / 100, m.currency).quantized()


def _weight(w: Money | int | Decimal) -> Decimal:
    if isinstance(w, Money):
        return w.amount
    return _as_decimal(w)


def allocate(total: Money, weights: Sequence[Money | int | Decimal]) -> list[Money]:
    """Split `total` over weights by largest remainder in minor units; the parts sum exactly to it."""
    if not weights:
        return []
    units = total.to_minor()
    ws = [_weight(w) for w in weights]
    if any(w < 0 for w in ws):
        raise ValueError("allocation weights must not be negative")
    wsum = sum(ws, Decimal(0))
    if wsum == 0:
        ws, wsum = [Decimal(1)] * len(ws), Decimal(len(ws))
    sign = -1 if units < 0 else 1
    units = abs(units)
    exact = [Decimal(units) * w / wsum for w in ws]
    floors = [int(e) for e in exact]  # int() truncates toward zero; all non-negative here
    left = units - sum(floors)
    order = sorted(range(len(ws)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [Money.from_minor(sign * f, total.currency) for f in floors]


def unit_slice(total: Money, quantity: int, start: int, count: int) -> Money:
    """Return what units start..start+count-1 of a line carry of its `total`, split by largest remainder.

    The total in minor units is split over `quantity` equal units, the leftover minor units going to the
    first units; so slices that cover every unit once add up to exactly `total`, whatever their sizes.
    """
    if quantity <= 0 or count <= 0:
        return Money.zero(total.currency)
    minor = total.to_minor()
    sign, minor = (-1, -minor) if minor < 0 else (1, minor)
    base, extra = divmod(minor, quantity)

    def prefix(n: int) -> int:
        n = max(0, min(n, quantity))
        return n * base + min(n, extra)

    return Money.from_minor(sign * (prefix(start + count) - prefix(start)), total.currency)


def tax_share(tax: Money, part_qty: int, total_qty: int) -> Money:
    """Return the part of a line's tax that belongs to `part_qty` of its `total_qty` units, half-up."""
    if total_qty <= 0 or part_qty <= 0:
        return Money.zero(tax.currency)
    if part_qty >= total_qty:
        return tax.quantized()
    return Money(tax.amount * part_qty / total_qty, tax.currency).quantized()


def format_money(m: Money, lang: str = "en") -> str:
    """Return an amount for display, e.g. "€12.34", "¥12.34", or "12.34 SEK" when no symbol is known."""
    q = m.quantized()
    sign = "-" if q.amount < 0 else ""
    digits = f"{abs(q.amount):,.{exponent(q.currency)}f}"
    symbol = _SYMBOLS.get(q.currency)
    if q.currency == "CNY" and lang != "zh_CN":
        symbol = "CN¥"
    if q.currency == "JPY" and lang == "zh_CN":
        symbol = "JP¥"
    if symbol is None:
        return f"{sign}{digits} {q.currency}"
    return f"{sign}{symbol}{digits}"


class _AmountText(CountryForm):
    """An amount that renders with the symbol conventions of the reader's language."""

    def render(self, lang: str | None = None) -> str:
        """Return the formatted amount (as the shop's country writes it when one is given)."""
        money: Money = self.values["money"]
        country = self.values.get("country")
        if country is not None:
            from desktop_app.core.i18n.formats import format_amount

            return format_amount(money.quantized().amount, money.currency, lang or "en", country)
        return format_money(money, lang or "en")


def money_text(m: Money, country: str | None = None) -> Message:
    """Return an amount as a Message value, so explanations format it in the reader's language.

    With `country` (the shop's, "" for none) it renders as documents and e-mails print amounts."""
    return _AmountText("{money}", {"money": m} if country is None else {"money": m, "country": country})
