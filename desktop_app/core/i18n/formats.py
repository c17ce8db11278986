"""Dates, numbers and money in a language and a country's conventions (Babel), for documents and the window.

The language decides the words (English or Chinese); the shop's country decides the order of day and
month, the separators and where the currency sign goes: an English document of a German shop prints
"2 Dec 2026" and "2.282,00 €", of an Indian shop "₹2,282.00", a Chinese one "2026年12月2日".
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal

FALLBACK = {"zh_CN": "zh_Hans_CN", "en": "en_US"}


@lru_cache(maxsize=256)
def locale_for(lang: str, country: str = "") -> str:
    """Return the Babel locale for a language ('en' or 'zh_CN') and an ISO country code ('' for none)."""
    base = "zh_Hans" if lang == "zh_CN" else "en"
    code = (country or "").strip().upper()
    if len(code) == 2 and code.isalpha():
        try:
            Locale.parse(f"{base}_{code}")
            return f"{base}_{code}"
        except (UnknownLocaleError, ValueError):
            pass
    return FALLBACK.get(lang, "en_US")


def format_day(value: date | None, lang: str, country: str = "", style: str = "medium") -> str:
    """Return a date as the country writes it in the language ('' for none)."""
    return format_date(value, style, locale=locale_for(lang, country)) if value else ""


def format_amount(amount: Decimal, currency: str, lang: str, country: str = "") -> str:
    """Return an amount with its currency as the country writes it in the language."""
    return format_currency(amount, currency, locale=locale_for(lang, country))


def format_number(value: Decimal | int, lang: str, country: str = "") -> str:
    """Return a number with the country's separators."""
    return format_decimal(value, locale=locale_for(lang, country))


@lru_cache(maxsize=64)
def _country_locale(country: str) -> Locale | None:
    """Return the locale of a country's own main language (de_DE for DE), None when unknown or unset."""
    code = (country or "").strip().upper()
    if len(code) != 2 or not code.isalpha():
        return None
    try:
        return Locale.parse(f"und_{code}")
    except (UnknownLocaleError, ValueError):
        return None


def format_short_day(value: date | None, lang: str, country: str = "") -> str:
    """Return a date for a list or a line of the window: 2026年12月2日 in Chinese, else in the country's
    numeric form with the whole year (02.12.2026 in Germany, 12/2/2026 in the US; 2026-12-02 without a country).
    """
    if not value:
        return ""
    if lang == "zh_CN":
        return format_date(value, "medium", locale=locale_for(lang, country))
    own = _country_locale(country)
    if own is None:
        return value.isoformat()
    return format_date(value, re.sub(r"y+", "y", own.date_formats["short"].pattern), locale=own)


def format_moment(value: datetime | None, lang: str, country: str = "") -> str:
    """Return a local date and time for the window: the short day and the country's clock (14:05, 2:05 PM)."""
    if value is None:
        return ""
    own = _country_locale(country)
    clock = (format_time(value, "short", locale=own) if own is not None and lang != "zh_CN"
             else f"{value:%H:%M}")
    return f"{format_short_day(value.date(), lang, country)} {clock}"
