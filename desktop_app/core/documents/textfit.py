"""Text that fits its box: wrap (word by word, CJK character by character), shrink, then ellipsis."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from desktop_app.core.documents.fonts import REAL_BOLD, run_width, runs, shaped, text_width

_CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff"
_TOKEN = re.compile(rf"\s+|[{_CJK}]|[^\s{_CJK}]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
ELLIPSIS = "…"
NO_LINE_START = set("，。、；：！？）」』】〉》”’,.;:!?)]}%")
LEADING = 1.2


@dataclass(frozen=True)
class Fitted:
    """Lines of text and the font size at which they fit a box."""

    lines: tuple[str, ...]
    size: float
    bold: bool = False

    @property
    def height(self) -> float:
        """Height of the block in points."""
        return len(self.lines) * self.size * LEADING


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Wrap `text` into lines no wider than `width` at `size`; newlines force a break."""
    clean = unicodedata.normalize("NFC", text).replace("\t", " ").replace("\r\n", "\n").replace("\r", "\n")
    clean = _CONTROL.sub("", clean)
    lines: list[str] = []
    for paragraph in clean.split("\n"):
        line = ""
        for token in _TOKEN.findall(paragraph.strip()):
            candidate = line + token
            if text_width(candidate, size, bold) <= width:
                line = candidate
                continue
            if token.isspace():
                lines.append(line.rstrip())
                line = ""
                continue
            carry = ""
            if token[0] in NO_LINE_START and len(line.rstrip()) > 1 and not line[-1].isspace():
                carry, line = line[-1], line[:-1]  # keep closing punctuation off the start of a line
            if line.strip():
                lines.append(line.rstrip())
            line = carry
            if carry and text_width(carry + token, size, bold) <= width:
                line = carry + token
                continue
            for ch in token:  # a token wider than the line is broken by character
                if line and text_width(line + ch, size, bold) > width:
                    lines.append(line)
                    line = ""
                line += ch
        lines.append(line.rstrip())
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    return lines


def fit(
    text: str, width: float, height: float, max_size: float, min_size: float = 5.0, bold: bool = False,
    max_lines: int | None = None,
) -> Fitted:
    """Return the largest size in [min_size, max_size] at which `text` fits; else cut with an ellipsis."""
    size = max_size
    while True:
        lines = wrap(text, width, size, bold)
        limit = int(height // (size * LEADING))
        if max_lines is not None:
            limit = min(limit, max_lines)
        if limit >= 1 and len(lines) <= limit:
            return Fitted(tuple(lines), size, bold)
        if size <= min_size:
            keep = max(limit, 1)
            kept = lines[:keep]
            last = kept[-1]
            while last and text_width(last + ELLIPSIS, size, bold) > width:
                last = last[:-1]
            kept[-1] = last + ELLIPSIS
            return Fitted(tuple(kept), size, bold)
        size = max(min_size, round(size - max(0.5, size * 0.08), 1))


def draw_runs(canvas: Canvas, x: float, y: float, text: str, size: float, bold: bool = False) -> float:
    """Draw one line at baseline (x, y) switching fonts per run (shaped where the script needs it)."""
    start = x
    for run in runs(text, bold):
        canvas.setFont(run.font, size)
        part = shaped(run.text, run.font, size)
        if bold and run.font not in REAL_BOLD:  # no bold face: fill and stroke in the text colour
            canvas.saveState()
            canvas.setStrokeColor(canvas._fillColorObj)
            canvas.setLineWidth(size * 0.04)
            canvas.drawString(x, y, part, mode=2)
            canvas.restoreState()
        else:
            canvas.drawString(x, y, part)
        x += run_width(run, size)
    return x - start


def draw_fitted(
    canvas: Canvas, fitted: Fitted, x: float, top: float, width: float = 0.0, align: str = "left"
) -> float:
    """Draw fitted lines with the first line's top at PDF y `top`; return the y below the block."""
    step = fitted.size * LEADING
    y = top - fitted.size * 0.95
    for line in fitted.lines:
        dx = 0.0
        if align != "left" and width:
            free = width - text_width(line, fitted.size, fitted.bold)
            dx = free / 2 if align == "center" else free
        draw_runs(canvas, x + dx, y, line, fitted.size, fitted.bold)
        y -= step
    return top - fitted.height


def draw_text(
    canvas: Canvas, text: str, x: float, top: float, width: float, height: float, max_size: float,
    min_size: float = 5.0, bold: bool = False, align: str = "left", max_lines: int | None = None,
) -> float:
    """Fit `text` into the box (x, top, width, height) and draw it; return the y below what was drawn."""
    fitted = fit(text, width, height, max_size, min_size, bold, max_lines)
    return draw_fitted(canvas, fitted, x, top, width, align)


def draw_bullets(
    canvas: Canvas, items: tuple[str, ...] | list[str], x: float, top: float, width: float, height: float,
    max_size: float, min_size: float = 5.0, marker: str = "•",
) -> float:
    """Draw bullet points with hanging indents, shrunk together to fit the box; return the y below them."""
    size = max_size
    while True:
        indent = size * 1.2
        blocks = [fit(item, width - indent, 10_000, size, size) for item in items]
        total = sum(block.height for block in blocks)
        if total <= height or size <= min_size:
            break
        size = max(min_size, round(size - max(0.5, size * 0.08), 1))
    y = top
    for block in blocks:
        room = y - (top - height)
        if room < size * LEADING:
            break
        if block.height > room:
            block = fit(" ".join(block.lines), width - indent, room, size, size)
        draw_runs(canvas, x, y - size * 0.95, marker, size)
        y = draw_fitted(canvas, block, x + indent, y)
    return y
