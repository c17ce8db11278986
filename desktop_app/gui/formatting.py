"""How the window shows values: local times, amounts, statuses, reasons and ages in the user's language."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desktop_app.core.domain.lifecycle_labels import status_label, status_title
from desktop_app.core.domain.money import Money
from desktop_app.core.domain.policy import (
    DEFAULT_REASONS,
    Condition,
    Resolution,
    condition_label,
    resolution_label,
)
from desktop_app.core.i18n import Message, current_language
from desktop_app.core.i18n.formats import format_amount, format_moment, format_short_day
from desktop_app.gui.i18n import tr

_REASONS = {reason.code: reason for reason in DEFAULT_REASONS}
_SHOP = {"country": ""}  # the open shop's country (its settings, read with the queue): how dates and money read


def set_shop_country(country: str | None) -> None:
    """Show dates, numbers and money in the form of the open shop's country from now on ('' for none)."""
    _SHOP["country"] = (country or "").strip().upper()


def shop_country() -> str:
    """Return the country whose forms the window shows dates and money in ('' for none set)."""
    return _SHOP["country"]


def _local(moment: datetime, zone: str | None = None) -> datetime:
    """Return a stored UTC time in the shop's zone, or this computer's (naive values are UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if zone:
        try:
            return moment.astimezone(ZoneInfo(zone))
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return moment.astimezone()


def local_time(moment: datetime | None, zone: str | None = None) -> str:
    """Return a date and time in local time in the shop country's form, e.g. 02.12.2026 14:05 in Germany."""
    return "" if moment is None else format_moment(_local(moment, zone), current_language(), shop_country())


def local_day(moment: datetime | date, zone: str | None = None) -> date:
    """Return the local date of a stored time (a date stays as it is)."""
    return _local(moment, zone).date() if isinstance(moment, datetime) else moment


def local_date(moment: datetime | date | None, zone: str | None = None) -> str:
    """Return a local date in the shop country's form, e.g. 02.12.2026 in Germany, 2026年12月2日 in Chinese."""
    if moment is None:
        return ""
    return format_short_day(local_day(moment, zone), current_language(), shop_country())


def age_text(since: datetime | None, now: datetime) -> str:
    """Return how long ago something happened in whole days ('3 d') or hours for today."""
    if since is None:
        return ""
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    hours = max(0, int((now - since).total_seconds() // 3600))
    if hours < 24:
        return tr("{n} h", n=hours)
    return tr("{n} d", n=hours // 24)


def money_text(minor: int | None, currency: str | None) -> str:
    """Return an amount held in minor units in the shop country's form, e.g. 12,34 € in Germany (empty when unknown)."""
    if minor is None or not currency:
        return ""
    return money_of(Money.from_minor(minor, currency))


def money_of(amount: Money | None) -> str:
    """Return a Money value in the shop country's form, as documents print it (empty when unknown)."""
    if amount is None:
        return ""
    q = amount.quantized()
    return format_amount(q.amount, q.currency, current_language(), shop_country())


def status_text(status: str) -> str:
    """Return the name of a return status in the user's language, as it reads inside a sentence."""
    try:
        return status_label(status).render(current_language())
    except (KeyError, ValueError):
        return status


def status_title_text(status: str) -> str:
    """Return the name of a return status standing alone (a list, filter, column, heading): capitalised."""
    try:
        return status_title(status, current_language())
    except (KeyError, ValueError):
        return status


def reason_text(code: str | None, label: Message | None = None) -> str:
    """Return a return reason's name (from the policy when given, else the default catalogue)."""
    if label is not None:
        return label.render(current_language())
    reason = _REASONS.get(code or "")
    return reason.label().render(current_language()) if reason else (code or "")


def condition_text(condition: str | None) -> str:
    """Return an item condition's name."""
    try:
        return condition_label(Condition(condition)).render(current_language()) if condition else ""
    except ValueError:
        return condition or ""


def resolution_text(resolution: str | None) -> str:
    """Return a resolution's name."""
    try:
        return resolution_label(Resolution(resolution)).render(current_language()) if resolution else ""
    except ValueError:
        return resolution or ""


def text_of(value: Any) -> str:
    """Return a Message or plain value as text in the user's language."""
    if isinstance(value, Message):
        return value.render(current_language())
    return "" if value is None else str(value)


def list_text(items: list[str]) -> str:
    """Join names the way the user's language lists them ("a, b" or "a、b")."""
    return ("、" if current_language() == "zh_CN" else ", ").join(items)


def sentences_text(items: list[str]) -> str:
    """Join sentences ("A. B." in English, "甲。乙。" without spaces in Chinese)."""
    return ("" if current_language() == "zh_CN" else " ").join(item for item in items if item)
