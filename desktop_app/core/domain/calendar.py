"""Business days and deadlines in the shop's time zone with its country's public holidays.

Holidays and working days come from the `holidays` package. Where a country moves working days (China
declares make-up working Saturdays/Sundays around Spring Festival and National Day), the package's
`weekend_workdays` counts them as business days and its substituted days off as holidays; we use exactly
what the package says. Weekends are the package's weekend for the country (Sat/Sun for DE, GB, CN, US).
A country the package does not know gets Saturday/Sunday weekends and no holidays.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desktop_app.core.i18n import Message, UserFacingError

if TYPE_CHECKING:
    import holidays

_ALIASES = {"UK": "GB", "EL": "GR"}


class BusinessCalendar:
    """Working days of one shop: its country's public holidays and its local time zone."""

    def __init__(self, country: str, tz: str) -> None:
        self.country = _ALIASES.get(country.upper(), country.upper())
        try:
            self.zone = ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise UserFacingError(Message("{tz} is not a time zone ReturnDesk knows (use a name such as "
                                          "Europe/Berlin or Asia/Shanghai).", {"tz": tz})) from None
        self.tz = tz
        import holidays  # a large package: loaded when a deadline is first counted, not by every command

        try:
            self._holidays: holidays.HolidayBase | None = holidays.country_holidays(self.country)
        except NotImplementedError:
            self._holidays = None

    def holiday_name(self, d: date) -> str | None:
        """Return the public holiday on a day (English name from the package), or None."""
        return None if self._holidays is None else self._holidays.get(d)

    def is_business_day(self, d: date) -> bool:
        """Return whether the shop's country works on a day (weekend and holidays excluded)."""
        if self._holidays is None:
            return d.weekday() < 5
        return bool(self._holidays.is_working_day(d))

    def add_business_days(self, d: date, n: int) -> date:
        """Return the n-th business day after `d` (before it when n < 0); n = 0 returns `d`."""
        step = 1 if n >= 0 else -1
        left = abs(n)
        current = d
        while left:
            current += timedelta(days=step)
            if self.is_business_day(current):
                left -= 1
        return current

    def next_business_day(self, d: date) -> date:
        """Return `d` when it is a business day, else the next one."""
        while not self.is_business_day(d):
            d += timedelta(days=1)
        return d

    def business_days_between(self, a: date, b: date) -> int:
        """Return how many business days lie after `a` up to and including `b` (negative when b < a)."""
        if b < a:
            return -self.business_days_between(b, a)
        count, current = 0, a
        while current < b:
            current += timedelta(days=1)
            if self.is_business_day(current):
                count += 1
        return count

    def local_date(self, utc_dt: datetime) -> date:
        """Return the shop's local calendar day of a UTC moment (naive values are taken as UTC)."""
        if utc_dt.tzinfo is None:
            utc_dt = utc_dt.replace(tzinfo=UTC)
        return utc_dt.astimezone(self.zone).date()

    def to_utc(self, local_dt: datetime) -> datetime:
        """Return a shop-local wall-clock time (naive = local) as an aware UTC datetime."""
        if local_dt.tzinfo is None:
            local_dt = local_dt.replace(tzinfo=self.zone)
        return local_dt.astimezone(UTC)

    def to_local(self, utc_dt: datetime) -> datetime:
        """Return a UTC moment as an aware shop-local datetime for display."""
        if utc_dt.tzinfo is None:
            utc_dt = utc_dt.replace(tzinfo=UTC)
        return utc_dt.astimezone(self.zone)

    def today(self) -> date:
        """Return today's date in the shop's time zone."""
        return self.local_date(self.now_utc())

    @staticmethod
    def now_utc() -> datetime:
        """Return the current moment as an aware UTC datetime."""
        return datetime.now(UTC)
