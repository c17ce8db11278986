"""Shared helpers for document builders: translation into the document's language, dates, money, canvas."""

from __future__ import annotations

import io
from functools import lru_cache

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from desktop_app.core.documents.fonts import LATIN, register_fonts
from desktop_app.core.documents.wording import babel_locale as babel_locale
from desktop_app.core.documents.wording import fmt_date as fmt_date
from desktop_app.core.documents.wording import fmt_money as fmt_money
from desktop_app.core.documents.wording import tr as tr
from desktop_app.core.i18n import UserFacingError

INCH = 72.0
PAGE_SIZES: dict[str, tuple[float, float]] = {"4x6": (4 * INCH, 6 * INCH), "a4": A4, "letter": LETTER}


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
