"""Packing slip: the items being returned, why, what to include, and a cut-off part for the parcel."""

from __future__ import annotations

import io
from dataclasses import replace

from reportlab.pdfgen.canvas import Canvas

from desktop_app.core.documents.codes import draw_code128, draw_qr
from desktop_app.core.documents.common import draw_logo, fmt_date, new_canvas, page_size, save, tr
from desktop_app.core.documents.data import ReturnDocuments, SlipData
from desktop_app.core.documents.scan import rma_qr_payload
from desktop_app.core.documents.table import Column, draw_rows
from desktop_app.core.documents.textfit import draw_bullets, draw_text
from desktop_app.core.i18n import N_

MARGIN = 42.0
STUB_HEIGHT = 190.0


def _scissors(c: Canvas, x: float, y: float) -> None:
    """Draw small scissors pointing along the cut line at (x, y)."""
    c.saveState()
    c.setLineWidth(0.9)
    c.setDash()
    c.circle(x, y + 4, 2.6, stroke=1, fill=0)
    c.circle(x, y - 4, 2.6, stroke=1, fill=0)
    c.line(x + 2.2, y + 2.8, x + 12, y - 2)
    c.line(x + 2.2, y - 2.8, x + 12, y + 2)
    c.restoreState()


def _header(c: Canvas, data: SlipData, width: float, height: float, first: bool) -> float:
    lang = data.lang
    top = height - MARGIN
    inner = width - 2 * MARGIN
    logo_w = draw_logo(c, data.logo, MARGIN, top, 120, 44)
    x = MARGIN + (logo_w + 10 if logo_w else 0)
    draw_text(c, data.shop_name, x, top, inner - 160 - (x - MARGIN), 22, 16, min_size=8, bold=True,
              max_lines=1)
    draw_text(c, tr(N_("Packing slip"), lang), x, top - 24, inner - 160 - (x - MARGIN), 20, 14, min_size=8,
              max_lines=1)
    draw_text(c, data.rma, width - MARGIN - 160, top, 160, 28, 22, min_size=8, bold=True, align="right",
              max_lines=1)
    if not first:
        return top - 56
    facts = [
        tr(N_("Order: {order}"), lang, order=data.order_number),
        tr(N_("Date: {date}"), lang, date=fmt_date(data.slip_date, lang, data.country)) if data.slip_date else "",
    ]
    draw_text(c, "\n".join(f for f in facts if f), width - MARGIN - 160, top - 30, 160, 30, 10, min_size=6,
              align="right")
    y = draw_text(c, tr(N_("Customer"), lang), MARGIN, top - 56, inner / 2, 12, 8, min_size=6)
    y = draw_text(c, data.customer.name, MARGIN, y, inner / 2, 28, 11, min_size=6, bold=True, max_lines=2)
    draw_text(c, data.customer.text(), MARGIN, y, inner / 2, 60, 10, min_size=5)
    return top - 150


def _include_block(c: Canvas, data: SlipData, x: float, top: float, width: float, bottom: float) -> float:
    if not data.include:
        return top
    y = draw_text(c, tr(N_("Please include"), data.lang), x, top - 8, width, 16, 11, min_size=7, bold=True)
    return draw_bullets(c, data.include, x, y - 2, width, max(12.0, y - 2 - bottom), 10, min_size=5.5)


def _stub(c: Canvas, data: SlipData, width: float, height: float) -> None:
    """The cut line and the part of the slip that goes in the parcel."""
    lang = data.lang
    cut_y = MARGIN + STUB_HEIGHT
    c.saveState()
    c.setDash(5, 3)
    c.setLineWidth(0.7)
    c.line(MARGIN + 18, cut_y, width - MARGIN, cut_y)
    c.restoreState()
    _scissors(c, MARGIN, cut_y)
    draw_text(c, tr(N_("Cut here and put this part in the parcel."), lang), MARGIN + 18, cut_y + 12,
              width - 2 * MARGIN, 11, 8, min_size=5, max_lines=1)
    top = cut_y - 14
    qr_side = 140.0
    draw_qr(c, height, rma_qr_payload(data.rma, data.status_url), width - MARGIN - qr_side, height - top,
            qr_side)
    text_w = width - 2 * MARGIN - qr_side - 10
    y = draw_text(c, tr(N_("Return number (RMA)"), lang), MARGIN, top, text_w, 12, 9, min_size=6)
    y = draw_text(c, data.rma, MARGIN, y, text_w, 34, 28, min_size=8, bold=True, max_lines=1)
    count = sum(line.quantity for line in data.lines)
    facts = "\n".join([
        data.customer.name,
        tr(N_("Order: {order}"), lang, order=data.order_number),
        tr(N_("Items: {count}"), lang, count=count),
    ])
    y = draw_text(c, facts, MARGIN, y - 4, text_w, 44, 10, min_size=5)
    draw_code128(c, height, data.rma, MARGIN - 10, height - y + 6, text_w, 40, center=False,
                 max_module_dots=3)


def draw_slip(c: Canvas, data: SlipData, size: str = "a4") -> None:
    """Draw a packing slip on one or more pages of the canvas."""
    width, height = page_size(size)
    c.setPageSize((width, height))
    lang = data.lang
    inner = width - 2 * MARGIN
    columns = [
        Column(tr(N_("SKU"), lang), inner * 0.2),
        Column(tr(N_("Item"), lang), inner * 0.42),
        Column(tr(N_("Qty"), lang), inner * 0.08, "right"),
        Column(tr(N_("Reason"), lang), inner * 0.3),
    ]
    rows = [(line.sku, line.name, str(line.quantity), line.reason) for line in data.lines]
    stub_top = MARGIN + STUB_HEIGHT + 26
    include_room = 24 + 14 * min(len(data.include), 6) if data.include else 0
    index, first = 0, True
    while True:
        top = _header(c, data, width, height, first)
        index, y = draw_rows(c, MARGIN, top, MARGIN + 30, columns, rows, index)
        if index >= len(rows):
            if y - include_room < stub_top:  # the last rows took the cut-off part's room: next page
                c.showPage()
                y = _header(c, data, width, height, False)
            _include_block(c, data, MARGIN, y - 6, inner, stub_top)
            _stub(c, data, width, height)
            c.showPage()
            return
        draw_text(c, tr(N_("Continued on the next page."), lang), MARGIN, MARGIN + 18, inner, 12, 9,
                  max_lines=1)
        c.showPage()
        first = False


def build_slip(data: SlipData | ReturnDocuments, size: str = "a4", lang: str | None = None) -> bytes:
    """Return the packing slip as PDF bytes on 'a4' or 'letter' paper (in `lang` if given)."""
    if isinstance(data, ReturnDocuments):
        data = data.slip
    if lang:
        data = replace(data, lang=lang)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, page_size(size), tr(N_("Packing slip {rma}"), data.lang, rma=data.rma))
    draw_slip(canvas, data, size.lower())
    save(canvas)
    return buffer.getvalue()
