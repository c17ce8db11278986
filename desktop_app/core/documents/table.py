"""A simple table drawn row by row that wraps cells and stops at the page's bottom for the next page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from desktop_app.core.documents.textfit import draw_fitted, fit

PAD = 3.0


@dataclass(frozen=True)
class Column:
    """A table column: its heading, width in points and alignment ('left', 'right', 'center')."""

    heading: str
    width: float
    align: str = "left"


def draw_rows(
    canvas: Canvas, x: float, top: float, bottom: float, columns: Sequence[Column],
    rows: Sequence[Sequence[str]], start: int = 0, size: float = 9.5,
) -> tuple[int, float]:
    """Draw the heading and rows from `start` down to `bottom` (PDF y); return (next row, y below)."""
    total = sum(col.width for col in columns)
    y = _draw_row(canvas, x, top, columns, [col.heading for col in columns], size, bold=True)
    canvas.setLineWidth(0.8)
    canvas.line(x, y, x + total, y)
    index = start
    while index < len(rows):
        cells = [fit(str(text), col.width - 2 * PAD, size * 3.6, size, 6.0, max_lines=3)
                 for text, col in zip(rows[index], columns, strict=True)]
        height = max(cell.height for cell in cells) + 2 * PAD
        if y - height < bottom and index > start:
            break
        cx = x
        for cell, col in zip(cells, columns, strict=True):
            draw_fitted(canvas, cell, cx + PAD, y - PAD, col.width - 2 * PAD, col.align)
            cx += col.width
        y -= height
        canvas.setLineWidth(0.3)
        canvas.line(x, y, x + total, y)
        index += 1
    return index, y


def _draw_row(canvas: Canvas, x: float, top: float, columns: Sequence[Column], texts: Sequence[str],
              size: float, bold: bool = False) -> float:
    cells = [fit(t, c.width - 2 * PAD, size * 2.5, size, 6.0, bold, max_lines=2)
             for t, c in zip(texts, columns, strict=True)]
    cx = x
    for cell, col in zip(cells, columns, strict=True):
        draw_fitted(canvas, cell, cx + PAD, top - PAD, col.width - 2 * PAD, col.align)
        cx += col.width
    return top - max(cell.height for cell in cells) - 2 * PAD
