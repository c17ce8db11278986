"""Amounts and dates inside Messages, written in the reader's language and the shop country's form.

The domain explains decisions with typed values (`money_text`, `day_text`) and knows no shop; the services
that show an explanation bind the shop's country with `in_country` (stored explanations too, when read).
Babel is imported only when such a value is rendered, so the domain imports without it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from desktop_app.core.i18n import Message


class CountryForm(Message):
    """A value rendered in the reader's language and, once a country is bound, that country's form."""

    def in_country(self, country: str) -> CountryForm:
        """Return the same value written as `country` writes it ('' for a shop without a country)."""
        return replace(self, values={**self.values, "country": country})


class DayText(CountryForm):
    """A calendar day: 02.12.2026 for a German shop, 12/2/2026 in the US, 2026年12月2日 in Chinese."""

    def render(self, lang: str | None = None) -> str:
        """Return the day in the reader's language and the bound country's short form (ISO without one)."""
        from desktop_app.core.i18n.formats import format_short_day

        return format_short_day(self.values["day"], lang or "en", self.values.get("country") or "")


def day_text(day: date, country: str | None = None) -> DayText:
    """Return a day as a Message value, so explanations write it in the reader's language and country's form."""
    if isinstance(day, datetime):
        day = day.date()
    return DayText("{day}", {"day": day} if country is None else {"day": day, "country": country})


def in_country(message: Message, country: str | None) -> Message:
    """Return `message` with every amount and day in it bound to the shop's country (None: unchanged)."""
    if country is None:
        return message
    if isinstance(message, CountryForm):
        return message.in_country(country)
    if not message.values:
        return message
    return replace(message, values={k: _value_in(v, country) for k, v in message.values.items()})


def _value_in(value: Any, country: str) -> Any:
    """Return one value of a Message bound to the country (nested Messages, tuples of them, plain days)."""
    if isinstance(value, Message):
        return in_country(value, country)
    if isinstance(value, tuple):
        return tuple(_value_in(v, country) for v in value)
    if isinstance(value, date):
        return day_text(value, country)
    return value


def all_in_country(messages: Iterable[Message], country: str | None) -> tuple[Message, ...]:
    """Return several Messages bound to the shop's country."""
    return tuple(in_country(m, country) for m in messages)
