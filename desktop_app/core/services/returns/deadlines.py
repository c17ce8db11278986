"""Due times of returns: the shop's business calendar, the approval and resolution deadlines, overdue."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy.orm import Session

from desktop_app.core.db.models import Setting, utcnow
from desktop_app.core.domain.calendar import BusinessCalendar
from desktop_app.core.domain.lifecycle import Status
from desktop_app.core.domain.open_returns import OVERDUE_RETURN_STATUSES
from desktop_app.core.domain.policy import PolicyRules
from desktop_app.core.services.settings import load_settings

SLA_STATUSES = frozenset(Status(s) for s in OVERDUE_RETURN_STATUSES)  # the one definition of overdue
DEFAULT_APPROVAL_DAYS = 2


def setting(session: Session, key: str, default: Any = None) -> Any:
    """Return a shop setting's stored value, or `default` when the owner never set it."""
    row = session.get(Setting, key)
    return default if row is None else row.value


def shop_country(session: Session) -> str:
    """Return the shop's country code ('' when unset): sentences write amounts and days in its form."""
    return str(setting(session, "shop.country") or "")


def shop_calendar(session: Session, fallback_country: str = "") -> BusinessCalendar:
    """Return the shop's business calendar (its country's holidays in its time zone)."""
    shop = load_settings(session)
    return BusinessCalendar(shop.shop_country or fallback_country or "US", shop.shop_timezone or "UTC")


def sla_business_days(session: Session, rules: PolicyRules | None) -> int:
    """Return the business days to resolve an arrived return: `sla.days`, capped by the policy promise."""
    days = load_settings(session).sla_days
    return min(days, rules.refund_promise_business_days) if rules is not None else days


def approval_business_days(session: Session) -> int:
    """Return the business days the shop gives itself to approve or reject a request."""
    return int(setting(session, "sla.approval_days", DEFAULT_APPROVAL_DAYS))


def due_after(calendar: BusinessCalendar, start: datetime, business_days: int) -> datetime:
    """Return the end (local 23:59) of the n-th business day after a UTC moment, as UTC."""
    day: date = calendar.add_business_days(calendar.local_date(start), business_days)
    return calendar.to_utc(datetime.combine(day, time(23, 59)))


def is_overdue(status: str, due_at: datetime | None, now: datetime | None = None) -> bool:
    """Return whether a return waits on the shop past its due time."""
    return due_at is not None and status in SLA_STATUSES and due_at < (now or utcnow())
