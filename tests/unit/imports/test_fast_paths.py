"""The import's quick paths give exactly what the general rules give: dates, amounts, shares, minor units."""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.domain.money import Money, allocate
from desktop_app.core.imports.paid import share_minor
from desktop_app.core.imports.store import minor_units
from desktop_app.core.imports.values import NumberStyle, fast_reader, parse_amount, read_amount

SHOPIFY = "%Y-%m-%d %H:%M:%S %z"
FORMATS = (SHOPIFY, "%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%d.%m.%Y", "%Y-%m-%dT%H:%M:%S%z")


def _strptime(text: str, fmt: str) -> datetime | None:
    try:
        return datetime.strptime(text, fmt)
    except ValueError:
        return None


two = st.integers(0, 99).map(lambda n: f"{n:02d}")
moments = st.tuples(st.integers(0, 9999).map(lambda n: f"{n:04d}"), two, two, two, two, two,
                    st.sampled_from("+-"), two, two)


@settings(max_examples=400, deadline=None)
@given(moments, st.sampled_from(FORMATS))
def test_the_quick_date_reader_reads_what_strptime_reads_the_same(parts, fmt):
    year, month, day, hour, minute, second, sign, zh, zm = parts
    text = (fmt.replace("%Y", year).replace("%m", month).replace("%d", day).replace("%H", hour)
            .replace("%M", minute).replace("%S", second).replace("%z", f"{sign}{zh}{zm}"))
    quick = fast_reader(fmt)
    assert quick is not None
    got, expected = quick(text), _strptime(text, fmt)
    if got is not None:  # never reads a text strptime refuses, never a different moment
        assert expected is not None and got == expected and got.utcoffset() == expected.utcoffset()


def test_the_quick_date_reader_reads_the_shopify_stamp_and_leaves_the_rest_to_strptime():
    quick = fast_reader(SHOPIFY)
    assert quick("2026-04-05 21:06:21 +0400") == datetime.strptime("2026-04-05 21:06:21 +0400", SHOPIFY)
    for other in ("2026-4-5 21:06:21 +0400", "2026-04-05 21:06:21 +04:00", "2026-04-05  21:06:21 +0400",
                  "2026-02-30 10:00:00 +0000", "2026-04-05 24:00:00 +0000", "2026-04-05 21:06:21 Z"):
        assert quick(other) is None
    assert fast_reader("%d %b %Y") is None and fast_reader("%H:%M") is None


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"-?[0-9]{1,11}(\.[0-9]{1,11})?", fullmatch=True), st.sampled_from(("", ",", " ")))
def test_a_plain_amount_reads_as_the_full_rules_read_it(text, thousands):
    style = NumberStyle(".", thousands)
    try:
        expected = read_amount(text, style)
    except ValueError:
        expected = None
    try:
        got = parse_amount(text, style)
    except ValueError:
        got = None
    assert got == expected and str(got) == str(expected)


@settings(max_examples=300, deadline=None)
@given(st.integers(-100_000, 100_000), st.lists(st.integers(0, 50_000), min_size=1, max_size=8))
def test_integer_shares_are_the_money_allocation(units, weights):
    if sum(weights) == 0:
        weights = [*weights[:-1], 1]
    expected = [m.to_minor() for m in allocate(Money.from_minor(units, "EUR"), weights)]
    assert share_minor(units, weights) == expected


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=-10_000, max_value=10_000, places=4, allow_nan=False, allow_infinity=False),
       st.integers(-50, 50), st.sampled_from(("EUR", "JPY", "KWD")))
def test_minor_units_round_once_per_line(amount, quantity, currency):
    digits = {"EUR": 2, "JPY": 0, "KWD": 3}[currency]
    expected = int((amount * quantity).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
                   .scaleb(digits))
    assert minor_units(amount, quantity, currency) == expected
    assert minor_units(amount, quantity, currency) == expected  # and again, from what was kept
