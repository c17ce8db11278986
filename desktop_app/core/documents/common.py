"""Shared helpers for document builders: translation into the document's language, dates, money, canvas."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from functools import lru_cache

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from desktop_app.core.documents.fonts import LATIN, register_fonts
from desktop_app.core.i18n import LANGUAGES, UserFacingError, translate
from desktop_app.core.i18n.formats import format_amount, format_day, locale_for

INCH = 72.0
PAGE_SIZES: dict[str, tuple[float, float]] = {"4x6": (4 * INCH, 6 * INCH), "a4": A4, "letter": LETTER}


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


def page_size(size: str) -> tuple[float, float]:
    """Return (width, height) in points of '4x6', 'a4' or 'letter'."""
    try:
        return PAGE_SIZES[size.lower()]
    except (KeyError, AttributeError):
        raise UserFacingError(
            "Unknown paper size {size}: choose 4x6, a4 or letter.", size=str(size)
        ) from None


def new_canvas(buffer: io.BytesIO, size: tuple[float, float], title: str) -> Canvas:
    """Return a ReportLab canvas writing to `buffer` with fonts registered."""
    register_fonts()
    canvas = Canvas(buffer, pagesize=size, invariant=True, pageCompression=1, initialFontName=LATIN)
    canvas.setTitle(title)
    canvas.setCreator("ReturnDesk")
    return canvas


def save(canvas: Canvas) -> None:
    """Finish the PDF with binary (Flate only) streams: smaller and faster than ASCII85 text streams."""
    previous = rl_config.useA85
    rl_config.useA85 = 0
    try:
        canvas.save()
    finally:
        rl_config.useA85 = previous


@lru_cache(maxsize=8)
def _logo_reader(logo: bytes) -> ImageReader | None:
    try:
        reader = ImageReader(io.BytesIO(logo))
        reader.getSize()
    except Exception:  # any unreadable picture: the document prints without it
        return None
    return reader


def draw_logo(canvas: Canvas, logo: bytes | None, x: float, top: float, max_w: float, max_h: float) -> float:
    """Draw the shop's logo scaled into (max_w, max_h) with its top-left at (x, top); return the width used."""
    reader = _logo_reader(logo) if logo else None
    if reader is None:
        return 0.0
    w, h = reader.getSize()
    scale = min(max_w / w, max_h / h)
    canvas.drawImage(reader, x, top - h * scale, w * scale, h * scale, mask="auto")
    return float(w * scale)
