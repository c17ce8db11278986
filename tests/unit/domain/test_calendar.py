"""Business days and local/UTC conversion from the real `holidays` package and tz database."""

from datetime import UTC, date, datetime

import pytest

from desktop_app.core.domain.calendar import BusinessCalendar
from desktop_app.core.i18n import UserFacingError


@pytest.mark.parametrize(("country", "day", "working"), [
    ("DE", date(2026, 10, 3), False),   # German Unity Day (a Saturday anyway)
    ("DE", date(2026, 12, 25), False),  # Christmas
    ("DE", date(2026, 12, 23), True),
    ("GB", date(2026, 12, 28), False),  # Boxing Day substitute
    ("UK", date(2026, 12, 29), True),
    ("CN", date(2026, 10, 1), False),   # National Day
    ("CN", date(2026, 1, 4), True),     # make-up working Sunday for the New Year holiday
    ("CN", date(2026, 2, 14), True),    # make-up working Saturday for Spring Festival
    ("US", date(2026, 7, 3), False),    # Independence Day observed
    ("ZZ", date(2026, 1, 3), False),    # unknown country: weekends only
    ("ZZ", date(2026, 1, 1), True),
])
def test_is_business_day(country, day, working):
    assert BusinessCalendar(country, "UTC").is_business_day(day) is working


@pytest.mark.parametrize(("country", "start", "n", "expected"), [
    ("DE", date(2026, 12, 24), 1, date(2026, 12, 28)),  # skips Christmas, Boxing Day, weekend
    ("DE", date(2026, 12, 28), -1, date(2026, 12, 24)),
    ("GB", date(2026, 12, 24), 1, date(2026, 12, 29)),
    ("CN", date(2026, 2, 13), 3, date(2026, 2, 25)),    # Sat 14th works, Spring Festival off
    ("DE", date(2026, 6, 1), 0, date(2026, 6, 1)),
    ("DE", date(2026, 6, 5), 5, date(2026, 6, 12)),
])
def test_add_business_days(country, start, n, expected):
    assert BusinessCalendar(country, "UTC").add_business_days(start, n) == expected


def test_business_days_between_counts_after_a_up_to_b():
    cal = BusinessCalendar("DE", "Europe/Berlin")
    assert cal.business_days_between(date(2026, 12, 24), date(2026, 12, 28)) == 1
    assert cal.business_days_between(date(2026, 12, 28), date(2026, 12, 24)) == -1
    assert cal.business_days_between(date(2026, 6, 1), date(2026, 6, 1)) == 0


def test_local_date_of_a_utc_moment_uses_the_shop_time_zone():
    shanghai = BusinessCalendar("CN", "Asia/Shanghai")
    moment = datetime(2026, 3, 1, 17, 30, tzinfo=UTC)  # 01:30 on 2 March in Shanghai
    assert shanghai.local_date(moment) == date(2026, 3, 2)
    assert BusinessCalendar("US", "America/New_York").local_date(moment) == date(2026, 3, 1)


def test_to_utc_and_back_across_daylight_saving():
    berlin = BusinessCalendar("DE", "Europe/Berlin")
    summer = berlin.to_utc(datetime(2026, 7, 1, 12, 0))
    winter = berlin.to_utc(datetime(2026, 1, 1, 12, 0))
    assert summer == datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    assert winter == datetime(2026, 1, 1, 11, 0, tzinfo=UTC)
    assert berlin.to_local(summer).hour == 12


def test_now_is_aware_utc():
    assert BusinessCalendar("DE", "Europe/Berlin").now_utc().tzinfo is UTC


def test_unknown_time_zone_is_a_clear_sentence():
    with pytest.raises(UserFacingError) as err:
        BusinessCalendar("DE", "Mars/Olympus")
    assert "time zone" in err.value.render("en")
