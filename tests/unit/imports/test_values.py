"""Cell parsers: amounts with the profile's separators, whole numbers, explicit date formats."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.domain.money import Money, line_total
from desktop_app.core.imports.store import minor_units
from desktop_app.core.imports.values import (
    BadValue,
    DateParser,
    DateStyle,
    NumberStyle,
    ambiguous_formats,
    parse_amount,
    parse_whole_number,
)

POINT = NumberStyle(".", ",")
COMMA = NumberStyle(",", ".")


@pytest.mark.parametrize(("text", "style", "expected"), [
    ("19.99", POINT, "19.99"),
    ("$1,245.00", POINT, "1245.00"),
    ("1,234,567.5", POINT, "1234567.5"),
    ("116,99 €", COMMA, "116.99"),
    ("1.049,00 €", COMMA, "1049.00"),
    ("-12,50", COMMA, "-12.50"),
    ("(5.00)", POINT, "-5.00"),
    ("12990", NumberStyle(), "12990"),
    ("EUR 33.6442", NumberStyle(), "33.6442"),
])
def test_amounts_are_read_with_the_profiles_separators(text, style, expected):
    assert parse_amount(text, style) == Decimal(expected)


@pytest.mark.parametrize(("text", "style"), [
    ("12.50", COMMA),  # a decimal point in a decimal-comma file is not silently 1250
    ("19,99", NumberStyle()),
    ("1,23.00", POINT),
    ("abc", POINT),
    ("1.2.3", NumberStyle()),
    ("", POINT),
])
def test_amounts_that_do_not_fit_the_style_are_refused(text, style):
    with pytest.raises(BadValue):
        parse_amount(text, style)


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_any_amount_written_with_grouping_reads_back_exactly(value):
    english = f"{value:,.2f}"
    german = english.replace(",", "_").replace(".", ",").replace("_", ".")
    assert parse_amount(english, POINT) == value
    assert parse_amount(german + " €", COMMA) == value


@given(st.decimals(min_value=0, max_value=10**6, places=4), st.integers(min_value=1, max_value=1000))
def test_line_values_round_half_up_once_per_line_like_the_domain(price, quantity):
    assert minor_units(price, quantity, "USD") == line_total(Money(price, "USD"), quantity).to_minor()


def test_whole_numbers():
    assert [parse_whole_number(t) for t in ("3", "-1", "+2", " 4 ", "5.0")] == [3, -1, 2, 4, 5]
    for bad in ("1.5", "two", "", "1e3"):
        with pytest.raises(BadValue):
            parse_whole_number(bad)


def test_dates_use_only_the_listed_formats_in_the_files_time_zone():
    dates = DateParser(DateStyle(("%m/%d/%Y", "%Y-%m-%d"), "America/New_York"))
    assert dates.parse("1/13/2015") == datetime(2015, 1, 13, 5, 0, tzinfo=UTC)
    assert dates.parse("2017-07-01") == datetime(2017, 7, 1, 4, 0, tzinfo=UTC)
    for bad in ("13/1/2015", "2015.01.13", "Jan 13 2015"):
        with pytest.raises(BadValue):
            dates.parse(bad)


def test_an_offset_in_the_value_wins_over_the_files_zone():
    dates = DateParser(DateStyle(("%Y-%m-%d %H:%M:%S %z",), "Europe/Berlin"))
    assert dates.parse("2026-04-05 21:06:21 +0400") == datetime(2026, 4, 5, 17, 6, 21, tzinfo=UTC)


def test_month_names_in_the_files_language():
    german = DateParser(DateStyle(("%d-%b-%y",), "UTC", (("Mär", 3), ("Dez", 12), ("Mai", 5))))
    assert german.parse("10-Dez-25") == datetime(2025, 12, 10, tzinfo=UTC)
    assert german.parse("3-Mär-26") == datetime(2026, 3, 3, tzinfo=UTC)
    with pytest.raises(BadValue):
        german.parse("10-Foo-25")


def test_day_first_and_month_first_together_are_ambiguous():
    assert ambiguous_formats(("%d/%m/%Y", "%m/%d/%Y")) == ("%d/%m/%Y", "%m/%d/%Y")
    assert ambiguous_formats(("%m/%d/%Y", "%m-%d-%Y", "%Y-%m-%d")) is None
