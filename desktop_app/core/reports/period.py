"""Report periods: months and date ranges in the shop's time zone, turned into UTC bounds for queries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from desktop_app.core.i18n import Message, UserFacingError

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


class BadPeriod(UserFacingError):
    """A month or date range that cannot be reported on."""


@dataclass(frozen=True)
class Period:
    """The local dates [start, end] (both included) of a report, in a time zone."""

    start: date
    end: date
    timezone: str = "UTC"

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise BadPeriod(Message("The period ends before it starts."))

    @property
    def days(self) -> int:
        """Return how many days the period has."""
        return (self.end - self.start).days + 1

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """Return [from, to) in UTC covering the local dates of the period."""
        zone = ZoneInfo(self.timezone)
        start = datetime.combine(self.start, time.min, zone).astimezone(UTC)
        end = datetime.combine(self.end + timedelta(days=1), time.min, zone).astimezone(UTC)
        return start, end

    def previous(self) -> Period:
        """Return the period of the same kind just before this one (the previous month for a month)."""
        if self.is_month:
            first = (self.start - timedelta(days=1)).replace(day=1)
            return month_period(f"{first:%Y-%m}", self.timezone)
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1), self.timezone)

    @property
    def is_month(self) -> bool:
        """Return True when the period is exactly one calendar month."""
        next_month = (self.start.replace(day=28) + timedelta(days=4)).replace(day=1)
        return self.start.day == 1 and self.end == next_month - timedelta(days=1)

    @property
    def label(self) -> str:
        """Return "2026-10" for a month, else "2026-10-01 – 2026-10-15"."""
        return f"{self.start:%Y-%m}" if self.is_month else f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"


    @property
    def file_label(self) -> str:
        """Return "2026-10" for a month, else "2026-10-01_2026-10-15" (fits in a file name)."""
        return f"{self.start:%Y-%m}" if self.is_month else f"{self.start:%Y-%m-%d}_{self.end:%Y-%m-%d}"


def month_period(text: str, timezone: str = "UTC") -> Period:
    """Parse YYYY-MM into the period of that calendar month."""
    match = MONTH_PATTERN.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        raise BadPeriod(Message("Give the month as YYYY-MM, for example 2026-10 (got {value}).", {"value": text}))
    first = date(int(match.group(1)), int(match.group(2)), 1)
    next_month = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return Period(first, next_month - timedelta(days=1), timezone)


def last_full_month(timezone: str = "UTC", today: date | None = None) -> Period:
    """Return the calendar month before the current one in the shop's time zone (the reports' default)."""
    day = today or datetime.now(ZoneInfo(timezone)).date()
    last = day.replace(day=1) - timedelta(days=1)
    return month_period(f"{last:%Y-%m}", timezone)


def last_months(end_month: Period, count: int = 12) -> list[Period]:
    """Return `count` consecutive months ending with `end_month`, oldest first."""
    months = [end_month]
    while len(months) < count:
        months.append(months[-1].previous())
    return list(reversed(months))
