"""Money: ISO 4217 exponents, minor units, half-up per line, largest-remainder allocation, tax share."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.domain.errors import CurrencyMismatch, InvalidCurrency
from desktop_app.core.domain.money import (
    Money,
    allocate,
    exponent,
    format_money,
    line_total,
    money_text,
    percentage,
    tax_share,
)


@pytest.mark.parametrize(("currency", "digits"), [
    ("EUR", 2), ("usd", 2), ("CNY", 2), ("GBP", 2), ("JPY", 0), ("KRW", 0), ("VND", 0), ("CLP", 0),
    ("ISK", 0), ("BHD", 3), ("KWD", 3), ("OMR", 3), ("JOD", 3), ("TND", 3), ("IQD", 3), ("LYD", 3),
])
def test_exponent_follows_iso_4217(currency, digits):
    assert exponent(currency) == digits


@pytest.mark.parametrize("code", ["XXX1", "", "EURO", "ABC"])
def test_unknown_currency_is_refused_with_a_sentence(code):
    with pytest.raises(InvalidCurrency) as err:
        exponent(code)
    assert "is not a currency code" in err.value.render("en")
    assert "货币代码" in err.value.render("zh_CN")


@pytest.mark.parametrize(("minor", "currency", "amount"), [
    (12345, "EUR", "123.45"), (12345, "JPY", "12345"), (12345, "KWD", "12.345"), (-250, "GBP", "-2.50"),
    (0, "CNY", "0"),
])
def test_minor_units_round_trip(minor, currency, amount):
    m = Money.from_minor(minor, currency)
    assert m == Money(Decimal(amount), currency)
    assert m.to_minor() == minor


@pytest.mark.parametrize(("amount", "currency", "minor"), [
    ("1.005", "EUR", 101), ("1.004", "EUR", 100), ("-1.005", "EUR", -101), ("0.5", "JPY", 1),
    ("2.5", "JPY", 3), ("1.0005", "KWD", 1001),
])
def test_to_minor_rounds_half_up(amount, currency, minor):
    assert Money.of(amount, currency).to_minor() == minor


def test_arithmetic_and_comparisons_within_one_currency():
    a, b = Money.of("10.50", "EUR"), Money.of("0.25", "EUR")
    assert a + b == Money.of("10.75", "EUR")
    assert a - b == Money.of("10.25", "EUR")
    assert a * 3 == Money.of("31.50", "EUR") == 3 * a
    assert b < a and a >= b and max(a, b) == a
    assert Money.zero("EUR").is_zero() and not a.is_zero()


def test_mixing_currencies_is_refused():
    with pytest.raises(CurrencyMismatch):
        _ = Money.of("1", "EUR") + Money.of("1", "USD")
    with pytest.raises(CurrencyMismatch):
        _ = Money.of("1", "EUR") < Money.of("1", "USD")


def test_money_never_takes_a_float():
    with pytest.raises(TypeError):
        Money.of(0.1, "EUR")  # type: ignore[arg-type]


@pytest.mark.parametrize(("unit", "qty", "currency", "total"), [
    ("0.125", 3, "EUR", "0.38"),   # 0.375 -> 0.38 once, not 3 × 0.13 = 0.39
    ("0.333", 3, "EUR", "1.00"),   # 0.999 -> 1.00, not 3 × 0.33 = 0.99
    ("19.99", 2, "EUR", "39.98"),
    ("99.5", 1, "JPY", "100"),
    ("1.2345", 2, "KWD", "2.469"),
])
def test_line_total_rounds_once_after_multiplying(unit, qty, currency, total):
    assert line_total(Money.of(unit, currency), qty) == Money.of(total, currency)


@pytest.mark.parametrize(("total", "weights", "expected"), [
    ("10.00", [1, 1, 1], ["3.34", "3.33", "3.33"]),
    ("-10.00", [1, 1, 1], ["-3.34", "-3.33", "-3.33"]),
    ("5.00", [Money.of("30", "EUR"), Money.of("10", "EUR")], ["3.75", "1.25"]),
    ("0.05", [0, 0], ["0.03", "0.02"]),           # zero weights split evenly
    ("1.00", [Decimal("0.5"), Decimal("0.25"), Decimal("0.25")], ["0.50", "0.25", "0.25"]),
    ("0.02", [1, 1, 1], ["0.01", "0.01", "0.00"]),
])
def test_allocate_by_largest_remainder(total, weights, expected):
    parts = allocate(Money.of(total, "EUR"), weights)
    assert parts == [Money.of(e, "EUR") for e in expected]


def test_allocate_nothing_to_no_lines():
    assert allocate(Money.of("5", "EUR"), []) == []


@pytest.mark.parametrize(("tax", "part", "whole", "share"), [
    ("3.19", 1, 3, "1.06"), ("3.19", 2, 3, "2.13"), ("3.19", 3, 3, "3.19"), ("3.19", 0, 3, "0.00"),
    ("0.05", 1, 2, "0.03"),
])
def test_tax_share_of_a_partial_refund(tax, part, whole, share):
    assert tax_share(Money.of(tax, "EUR"), part, whole) == Money.of(share, "EUR")


def test_percentage_rounds_half_up():
    assert percentage(Money.of("10.05", "EUR"), 10) == Money.of("1.01", "EUR")


@pytest.mark.parametrize(("amount", "currency", "lang", "text"), [
    ("12.34", "EUR", "en", "€12.34"), ("12.34", "CNY", "zh_CN", "¥12.34"),
    ("1234.5", "GBP", "en", "£1,234.50"),
    ("12.34", "SEK", "en", "12.34 SEK"), ("-5", "EUR", "en", "-€5.00"), ("500", "JPY", "en", "¥500"),
])
def test_format_money(amount, currency, lang, text):
    assert format_money(Money.of(amount, currency), lang) == text
    assert money_text(Money.of(amount, currency)).render(lang) == text


amounts = st.integers(min_value=-10**9, max_value=10**9)
weights = st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=12)
currencies = st.sampled_from(["EUR", "JPY", "KWD", "CNY"])


@given(amounts, weights, currencies)
def test_allocations_always_sum_exactly_to_the_total(minor, ws, currency):
    total = Money.from_minor(minor, currency)
    parts = allocate(total, ws)
    assert len(parts) == len(ws)
    assert sum(p.to_minor() for p in parts) == minor
    assert all((p.to_minor() >= 0) == (minor >= 0) or p.is_zero() for p in parts)


@given(amounts, st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=8), currencies)
def test_allocation_to_money_weights_sums_exactly(minor, ws, currency):
    total = Money.from_minor(minor, currency)
    parts = allocate(total, [Money.from_minor(w, currency) for w in ws])
    assert sum(p.to_minor() for p in parts) == minor


@given(amounts, currencies)
def test_minor_units_round_trip_for_any_amount(minor, currency):
    assert Money.from_minor(minor, currency).to_minor() == minor
