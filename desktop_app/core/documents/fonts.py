"""Fonts for documents: Helvetica for Western text, the bundled TrueType CJK font for the rest.

The bundled Droid Sans Fallback has CJK, Hangul and symbols but no Latin letters, so every string is
split into runs: characters Helvetica can encode (Windows-1252) use Helvetica, characters the CJK font
has use it (embedded as a subset), and anything neither can draw (emoji, unknown scripts) becomes '?'.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop_app.paths import resource

LATIN = "Helvetica"
LATIN_BOLD = "Helvetica-Bold"
CJK = "ReturnDeskCJK"
CJK_FILE = "DroidSansFallbackFull.ttf"
REPLACEMENT = "?"

_lock = threading.Lock()
_cjk_chars: frozenset[int] = frozenset()


def register_fonts() -> None:
    """Register the bundled CJK font with ReportLab once per process."""
    global _cjk_chars
    if _cjk_chars:
        return
    with _lock:
        if _cjk_chars:
            return
        font = TTFont(CJK, str(resource("fonts", CJK_FILE)))
        pdfmetrics.registerFont(font)
        _cjk_chars = frozenset(code for code in font.face.charToGlyph if code > 0x20)


@lru_cache(maxsize=8192)
def _latin_ok(ch: str) -> bool:
    try:
        ch.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return ord(ch) >= 0x20 and ch not in "\x7f\x81\x8d\x8f\x90\x9d"


def font_for(ch: str, bold: bool = False) -> str | None:
    """Return the font that draws `ch`, or None when no bundled font has it."""
    if _latin_ok(ch):
        return LATIN_BOLD if bold else LATIN
    if ord(ch) in _cjk_chars:
        return CJK
    return None


def runs(text: str, bold: bool = False) -> list[tuple[str, str]]:
    """Split `text` into (font, text) runs; characters no font can draw become '?'."""
    register_fonts()
    latin = LATIN_BOLD if bold else LATIN
    out: list[tuple[str, str]] = []
    for ch in text:
        font = font_for(ch, bold)
        if font is None:
            font, ch = latin, REPLACEMENT
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + ch)
        else:
            out.append((font, ch))
    return out


@lru_cache(maxsize=65536)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Return the printed width of `text` in points at `size`."""
    return sum(pdfmetrics.stringWidth(part, font, size) for font, part in runs(text, bold))

