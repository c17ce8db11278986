"""A document's words, dates and amounts in its language and the shop's country (no PDF library needed).

The HTML and Markdown policy text use these without loading ReportLab; `documents.common` re-exports them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desktop_app.core.i18n import LANGUAGES, translate
from desktop_app.core.i18n.formats import format_amount, format_day, locale_for


def tr(msgid: str, lang: str, **values: object) -> str:
    """Translate `msgid` into the document's language and fill in its values."""
    text = translate(msgid, lang if lang in LANGUAGES else "en")
    return text.format(**values) if values else text


def babel_locale(lang: str, country: str = "") -> str:
    """Return the Babel locale for a document language and the shop's country."""
    return locale_for(lang, country)


def fmt_date(value: date | None, lang: str, country: str = "") -> str:
    """Format a date for a document in its language, as the shop's country writes dates ('' for none)."""
    return format_day(value, lang, country)


def fmt_money(amount: Decimal, currency: str, lang: str, country: str = "") -> str:
    """Format a Decimal amount with its currency for a document in its language and the shop's country."""
    return format_amount(amount, currency, lang, country)
