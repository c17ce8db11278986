"""QR codes and Code 128 barcodes drawn on whole printer dots (203 dpi) so thermal prints stay sharp."""

from __future__ import annotations

import math
from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.graphics.barcode.code128 import Code128
from reportlab.pdfgen.canvas import Canvas

DPI = 203
DOT = 72.0 / DPI
QR_QUIET_MODULES = 4
QR_MASK = 2
CODE128_QUIET_MODULES = 10


def snap(points: float, dpi: int = DPI) -> float:
    """Round a distance in points up to a whole number of printer dots (of a `dpi` printer)."""
    dot = 72.0 / dpi
    return math.ceil(points / dot - 1e-6) * dot


@lru_cache(maxsize=4096)
def qr_matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    """Return the QR code modules for `payload` (error correction M, no border).

    The mask pattern is fixed: every mask gives a valid code that scanners read, and trying all eight
    for the "best" one was most of the time it takes to print a label.
    """
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=QR_MASK)
    code.add_data(payload.encode("utf-8"))
    code.make(fit=True)
    return tuple(tuple(row) for row in code.get_matrix())


def draw_qr(canvas: Canvas, page_height: float, payload: str, left: float, top: float, side: float,
            dpi: int = DPI) -> float:
    """Draw a QR code with its quiet zone inside the square (left, top, side) from the page's top-left.

    Every module is a whole number of dots and starts on a dot boundary. Returns the side drawn.
    """
    matrix = qr_matrix(payload)
    count = len(matrix)
    dot = 72.0 / dpi
    module_dots = max(1, int(side / dot) // (count + 2 * QR_QUIET_MODULES))
    module = module_dots * dot
    x0 = snap(left, dpi) + QR_QUIET_MODULES * module
    y_top = snap(top, dpi) + QR_QUIET_MODULES * module
    ops = []  # one rectangle per horizontal run of dark modules, in module units (row 0 at the top)
    for r, row in enumerate(matrix):
        c = 0
        while c < count:
            if not row[c]:
                c += 1
                continue
            start = c
            while c < count and row[c]:
                c += 1
            ops.append(f"{start} {r} {c - start} 1 re")
    canvas.saveState()
    canvas.setFillGray(0)
    canvas.transform(module, 0, 0, -module, x0, page_height - y_top)
    canvas.addLiteral("\n".join(ops) + "\nf")
    canvas.restoreState()
    return (count + 2 * QR_QUIET_MODULES) * module


def code128_fits(value: str, max_width: float, max_module_dots: int = 4, dpi: int = DPI) -> int:
    """Return the widest module (in dots) at which `value` with quiet zones fits `max_width`, or 0."""
    if not value or not value.isascii():
        return 0
    dot = 72.0 / dpi
    for dots in range(max_module_dots, 0, -1):
        bar = Code128(value, barWidth=dots * dot, quiet=1, lquiet=CODE128_QUIET_MODULES * dots * dot,
                      rquiet=CODE128_QUIET_MODULES * dots * dot)
        if bar.width <= max_width:
            return dots
    return 0


def draw_code128(
    canvas: Canvas, page_height: float, value: str, left: float, top: float, max_width: float,
    height: float, center: bool = True, max_module_dots: int = 4, dpi: int = DPI,
) -> float:
    """Draw a Code 128 of `value` (quiet zones of 10 modules included) in the box; return its width.

    Returns 0 and draws nothing when the value cannot be encoded or does not fit even at one dot.
    """
    dots = code128_fits(value, max_width, max_module_dots, dpi)
    if not dots:
        return 0.0
    bar_width = dots * 72.0 / dpi
    bar = Code128(value, barWidth=bar_width, barHeight=snap(height, dpi), quiet=1,
                  lquiet=CODE128_QUIET_MODULES * bar_width, rquiet=CODE128_QUIET_MODULES * bar_width)
    x = snap(left + (max_width - bar.width) / 2 if center else left, dpi)
    y = page_height - snap(top, dpi) - snap(height, dpi)
    canvas.setFillGray(0)
    bar.drawOn(canvas, x, y)
    return float(bar.width)
