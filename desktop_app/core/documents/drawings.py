"""Simple line drawings for the customer instructions: pack, attach the label, drop off, track."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.pdfgen.canvas import Canvas


def _box(c: Canvas, x: float, y: float, s: float) -> None:
    """A closed parcel seen from the front, 0.6 s wide, with its top face."""
    w, h, d = s * 0.62, s * 0.42, s * 0.18
    c.rect(x, y, w, h, stroke=1, fill=0)
    p = c.beginPath()
    p.moveTo(x, y + h)
    p.lineTo(x + d, y + h + d)
    p.lineTo(x + w + d, y + h + d)
    p.lineTo(x + w, y + h)
    p.moveTo(x + w + d, y + h + d)
    p.lineTo(x + w + d, y + d)
    p.lineTo(x + w, y)
    c.drawPath(p, stroke=1, fill=0)


def draw_pack(c: Canvas, x: float, y: float, s: float) -> None:
    """An open box with an item going in."""
    _box(c, x + s * 0.05, y + s * 0.08, s)
    c.line(x + s * 0.05, y + s * 0.5, x - s * 0.02, y + s * 0.72)  # open flaps
    c.line(x + s * 0.67, y + s * 0.5, x + s * 0.78, y + s * 0.72)
    c.roundRect(x + s * 0.25, y + s * 0.62, s * 0.22, s * 0.3, s * 0.04, stroke=1, fill=0)
    c.line(x + s * 0.36, y + s * 0.58, x + s * 0.36, y + s * 0.5)
    c.line(x + s * 0.32, y + s * 0.54, x + s * 0.36, y + s * 0.5)
    c.line(x + s * 0.40, y + s * 0.54, x + s * 0.36, y + s * 0.5)


def draw_attach(c: Canvas, x: float, y: float, s: float) -> None:
    """A closed parcel with a label on its front."""
    _box(c, x + s * 0.05, y + s * 0.15, s)
    c.rect(x + s * 0.14, y + s * 0.22, s * 0.34, s * 0.26, stroke=1, fill=0)
    for i in range(4):
        c.rect(x + s * (0.17 + i * 0.07), y + s * 0.26, s * 0.035, s * 0.08, stroke=0, fill=1)
    c.line(x + s * 0.17, y + s * 0.41, x + s * 0.42, y + s * 0.41)
    c.line(x + s * 0.17, y + s * 0.37, x + s * 0.36, y + s * 0.37)


def draw_drop_off(c: Canvas, x: float, y: float, s: float) -> None:
    """A delivery van."""
    c.rect(x + s * 0.02, y + s * 0.25, s * 0.55, s * 0.38, stroke=1, fill=0)
    p = c.beginPath()
    p.moveTo(x + s * 0.57, y + s * 0.25)
    p.lineTo(x + s * 0.57, y + s * 0.52)
    p.lineTo(x + s * 0.78, y + s * 0.52)
    p.lineTo(x + s * 0.9, y + s * 0.38)
    p.lineTo(x + s * 0.9, y + s * 0.25)
    p.close()
    c.drawPath(p, stroke=1, fill=0)
    c.circle(x + s * 0.2, y + s * 0.22, s * 0.07, stroke=1, fill=1)
    c.circle(x + s * 0.74, y + s * 0.22, s * 0.07, stroke=1, fill=1)


def draw_track(c: Canvas, x: float, y: float, s: float) -> None:
    """A phone showing a tick."""
    c.roundRect(x + s * 0.25, y + s * 0.08, s * 0.42, s * 0.78, s * 0.06, stroke=1, fill=0)
    c.line(x + s * 0.4, y + s * 0.14, x + s * 0.52, y + s * 0.14)
    p = c.beginPath()
    p.moveTo(x + s * 0.34, y + s * 0.48)
    p.lineTo(x + s * 0.44, y + s * 0.38)
    p.lineTo(x + s * 0.6, y + s * 0.62)
    c.drawPath(p, stroke=1, fill=0)


DRAWINGS: dict[str, Callable[[Canvas, float, float, float], None]] = {
    "pack": draw_pack, "attach": draw_attach, "drop_off": draw_drop_off, "track": draw_track,
}


def draw_step_picture(c: Canvas, kind: str, x: float, y: float, size: float) -> None:
    """Draw the picture for a step kind in a square of `size` with bottom-left (x, y)."""
    c.saveState()
    c.setLineWidth(max(1.0, size * 0.025))
    c.setLineJoin(1)
    c.setLineCap(1)
    DRAWINGS.get(kind, draw_pack)(c, x, y, size)
    c.restoreState()
