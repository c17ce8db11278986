"""Fonts for documents: bundled TrueType fonts for every script a shop meets, embedded as subsets.

Each character is drawn by the first bundled font that has it (Noto Sans for Latin, Greek, Cyrillic and
currency signs, then Hebrew, Arabic, Devanagari, Thai, Droid Sans Fallback for Chinese and Japanese,
a renamed Nanum Gothic subset for Korean, DejaVu Sans for symbols). Text is split into runs of one
font and one direction in visual order (the Unicode bidirectional algorithm); runs of scripts that need shaping (Arabic,
Hebrew, Devanagari, Thai) are shaped with HarfBuzz through ReportLab. A character no font has prints as
'?' and `missing_characters` names it so the caller can say so.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from bidi import algorithm as bidi
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, shapeStr

from desktop_app.paths import resource

LATIN = "RDSans"
LATIN_BOLD = "RDSans-Bold"
HEBREW = "RDHebrew"
ARABIC = "RDArabic"
DEVANAGARI = "RDDevanagari"
THAI = "RDThai"
CJK = "RDCJK"
HANGUL = "RDHangul"
SYMBOLS = "RDSymbols"
REPLACEMENT = "?"

FONT_FILES: dict[str, str] = {
    LATIN: "NotoSans-Regular.ttf", LATIN_BOLD: "NotoSans-Bold.ttf", HEBREW: "NotoSansHebrew-Regular.ttf",
    ARABIC: "NotoSansArabic-Regular.ttf", DEVANAGARI: "NotoSansDevanagari-Regular.ttf",
    THAI: "NotoSansThai-Regular.ttf", CJK: "DroidSansFallbackFull.ttf", HANGUL: "ReturnDeskHangul-Regular.ttf",
    SYMBOLS: "DejaVuSans.ttf",
}
CHAIN = (LATIN, HEBREW, ARABIC, DEVANAGARI, THAI, CJK, HANGUL, SYMBOLS)
SHAPED = frozenset({HEBREW, ARABIC, DEVANAGARI, THAI})
REAL_BOLD = frozenset({LATIN_BOLD})
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u200f\u202b\u202e\u2067]")
_COMMON = frozenset({"Zs", "Po", "Pd", "Ps", "Pe", "Pi", "Pf", "Nd", "Sm", "Sc", "Sk", "So", "Mn", "Mc", "Me",
                     "Cf"})

_lock = threading.Lock()
_coverage: dict[str, frozenset[int]] = {}


@dataclass(frozen=True)
class Run:
    """A piece of a line drawn in one font: `text` in logical order, `rtl` when the shaper reverses it."""

    font: str
    text: str
    rtl: bool = False


def register_fonts() -> None:
    """Register the bundled fonts with ReportLab once per process."""
    if _coverage:
        return
    with _lock:
        if _coverage:
            return
        found: dict[str, frozenset[int]] = {}
        for name, file in FONT_FILES.items():
            font = TTFont(name, str(resource("fonts", file)))
            pdfmetrics.registerFont(font)
            found[name] = frozenset(code for code in font.face.charToGlyph if 0x20 <= code <= 0xFFFF)
        _coverage.update(found)


@lru_cache(maxsize=16384)
def font_for(ch: str, bold: bool = False) -> str | None:
    """Return the font that draws `ch`, or None when no bundled font has it."""
    register_fonts()
    code = ord(ch)
    for name in CHAIN:
        if code in _coverage[name]:
            return LATIN_BOLD if bold and name == LATIN and code in _coverage[LATIN_BOLD] else name
    return None


@lru_cache(maxsize=16384)
def _category(ch: str) -> str:
    import unicodedata

    return unicodedata.category(ch)


def missing_characters(text: str) -> list[str]:
    """Return the characters of `text` that no bundled font can draw, each once, in order."""
    seen: list[str] = []
    for ch in text:
        if ord(ch) >= 0x20 and ch not in seen and not ch.isspace() and font_for(ch) is None \
                and _category(ch) not in ("Cf", "Cc"):
            seen.append(ch)
    return seen


def _levels(text: str) -> list[tuple[str, int]]:
    """Return each character with its resolved bidi level (0 everywhere for text without RTL)."""
    if not _RTL.search(text):
        return [(ch, 0) for ch in text]
    storage = bidi.get_empty_storage()
    storage["base_level"] = bidi.get_base_level(text)
    storage["base_dir"] = ("L", "R")[storage["base_level"]]
    bidi.get_embedding_levels(text, storage)
    bidi.explicit_embed_and_overrides(storage)
    bidi.resolve_weak_types(storage)
    bidi.resolve_neutral_types(storage, False)
    bidi.resolve_implicit_levels(storage, False)
    return [(c["ch"], c["level"]) for c in storage["chars"]]


def _logical_runs(text: str, bold: bool) -> list[tuple[str, str, int]]:
    """Split `text` into (font, text, level) runs in logical order; spaces and marks join their neighbours."""
    out: list[tuple[str, str, int]] = []
    latin = LATIN_BOLD if bold else LATIN
    for ch, level in _levels(text):
        if ord(ch) < 0x20 or _category(ch) == "Cf":
            continue
        font = font_for(ch, bold)
        if out and out[-1][2] == level and out[-1][0] in SHAPED and _category(ch) in _COMMON \
                and ord(ch) in _coverage[out[-1][0]]:
            font = out[-1][0]
        if font is None:
            font, ch = latin, REPLACEMENT
        if out and out[-1][0] == font and out[-1][2] == level:
            out[-1] = (font, out[-1][1] + ch, level)
        else:
            out.append((font, ch, level))
    return out


def _reorder(items: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    """Put runs into visual order (rule L2 of the bidirectional algorithm, applied to whole runs)."""
    if not items:
        return items
    highest = max(level for _f, _t, level in items)
    lowest_odd = min((level for _f, _t, level in items if level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(items):
            if items[i][2] >= level:
                j = i
                while j < len(items) and items[j][2] >= level:
                    j += 1
                items[i:j] = items[i:j][::-1]
                i = j
            else:
                i += 1
    return items


@lru_cache(maxsize=16384)
def runs(text: str, bold: bool = False) -> tuple[Run, ...]:
    """Split `text` into font runs in visual order; characters no font can draw become '?'."""
    register_fonts()
    return tuple(Run(font, part, bool(level % 2)) for font, part, level in _reorder(_logical_runs(text, bold)))


@lru_cache(maxsize=16384)
def shaped(text: str, font: str, size: float) -> str:
    """Return `text` shaped for `font` at `size` (a ShapedStr for scripts that need it, else `text`)."""
    if font not in SHAPED:
        return text
    return cast(str, shapeStr(text, font, size))


def run_width(run: Run, size: float) -> float:
    """Return the printed width of one run in points."""
    text = shaped(run.text, run.font, size)
    data = getattr(text, "__shapeData__", None)
    if data:
        return float(sum(d.x_advance for d in data) * size / 1000)
    return float(pdfmetrics.stringWidth(run.text, run.font, size))


@lru_cache(maxsize=65536)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Return the printed width of `text` in points at `size`."""
    return sum(run_width(run, size) for run in runs(text, bold))


def paragraph_runs(text: str, bold: bool = False) -> list[tuple[str, str]]:
    """Return (font, text) pieces for a ReportLab Paragraph that shapes word by word.

    A right-to-left run of several words is split into its words in visual order, so a Paragraph
    (which lays words out left to right and shapes each one) shows them in the right order.
    """
    out: list[tuple[str, str]] = []
    for run in runs(text, bold):
        if run.rtl and " " in run.text.strip():
            words = run.text.split(" ")[::-1]
            out.extend((run.font, word + (" " if i < len(words) - 1 else "")) for i, word in enumerate(words))
        else:
            out.append((run.font, run.text))
    return out
