"""Key figures, breakdowns and the trend agree with numbers worked out by hand for a known shop."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desktop_app.core.domain.money import Money
from desktop_app.core.reports.breakdowns import breakdown, return_ids_for, trend
from desktop_app.core.reports.figures import key_figures
from desktop_app.core.reports.period import BadPeriod, Period, month_period


def eur(text: str) -> Money:
    return Money(Decimal(text), "EUR")


OCTOBER = month_period("2026-10", "Europe/Berlin")


def test_october_figures_match_the_hand_count(known_shop):
    figures = key_figures(known_shop, OCTOBER, "EUR")

    assert figures.returns == 5  # R1 R2 R4 R5 R6; R3 was rejected, R7 is September's
    assert figures.units_sold == 11  # 3 + 2 + 5 + 1 (O4 at 23:30 Berlin); O3 cancelled, O5 is November
    assert figures.units_returned == 7
    assert figures.received_rate == Decimal("0.6364")  # period-based: 7 units in / 11 sold
    assert figures.returned_value.of("EUR") == eur("196.00")
    assert figures.refund_value.of("EUR") == eur("78.00")
    assert figures.restocking_fees.of("EUR") == eur("2.00")
    assert figures.store_credit_issued.of("EUR") == eur("20.00")  # spending credit is not issuing it
    assert figures.exchanges == 1
    assert figures.written_off_value.of("EUR") == eur("40.00")  # one damaged shirt of the two worth 80.00
    assert figures.shop_paid_shipping.of("EUR") == eur("6.50")  # R4's prepaid label at the policy's label cost
    assert figures.refunds_counted == 2
    assert figures.days_to_refund_mean == Decimal("13.0")  # 2 days and 24 days
    assert figures.days_to_refund_p90 == Decimal("24.0")
    assert figures.refunded_within_promise == Decimal("0.5000")
    # R-000004 is approved: open, but waiting for the customer's parcel, so not overdue (as the queue says)
    assert (figures.open_returns, figures.overdue_returns) == (1, 0)


def test_previous_month_and_its_time_zone_boundary(known_shop):
    september = key_figures(known_shop, OCTOBER.previous(), "EUR")
    assert OCTOBER.previous() == month_period("2026-09", "Europe/Berlin")
    assert (september.returns, september.units_returned, september.units_sold) == (1, 1, 6)


def test_breakdown_by_reason_and_category(known_shop):
    by_reason = {row.key: row for row in breakdown(known_shop, OCTOBER, "EUR", "reason")}
    assert (by_reason["wrong_size"].returns, by_reason["wrong_size"].units) == (2, 3)
    assert by_reason["wrong_size"].values.of("EUR") == eur("120.00")
    assert (by_reason["defective"].units, by_reason["defective"].values.of("EUR")) == (3, eur("64.00"))
    assert by_reason[""].units == 1  # the imported return gave no reason
    assert "changed_mind" not in by_reason  # rejected returns do not count

    by_category = {row.key: row for row in breakdown(known_shop, OCTOBER, "EUR", "category")}
    assert (by_category["Shirts"].units, by_category["Shirts"].units_sold) == (4, 4)


def test_breakdown_by_channel_and_customer(known_shop):
    by_channel = {row.key: row.units for row in breakdown(known_shop, OCTOBER, "EUR", "channel")}
    assert by_channel == {"shop": 6, "amazon": 1}
    by_customer = {row.label: row.units for row in breakdown(known_shop, OCTOBER, "EUR", "customer")}
    assert by_customer == {"Anna Schmidt": 4, "王芳": 2, "": 1}


def test_a_figure_opens_the_returns_behind_it(known_shop):
    ids = return_ids_for(known_shop, OCTOBER, "reason", "defective")
    assert len(ids) == 2  # R4 and R6; the imported return never enters the queue


def test_trend_covers_twelve_months_ending_with_the_month(known_shop):
    points = trend(known_shop, OCTOBER, "EUR")
    assert [p.month for p in points][-3:] == ["2026-08", "2026-09", "2026-10"]
    assert len(points) == 12
    assert (points[-1].units_sold, points[-1].units_returned) == (11, 7)
    assert (points[-2].units_sold, points[-2].units_returned) == (6, 1)
    assert points[0].return_rate is None  # nothing sold in November 2025


@pytest.mark.parametrize("text", ["2026-13", "26-10", "October", "2026/10", ""])
def test_a_bad_month_is_refused_with_a_sentence(text):
    with pytest.raises(BadPeriod) as refused:
        month_period(text)
    assert "YYYY-MM" in refused.value.render("en")


def test_a_range_that_ends_before_it_starts_is_refused():
    with pytest.raises(BadPeriod):
        Period(date(2026, 10, 5), date(2026, 10, 1))
