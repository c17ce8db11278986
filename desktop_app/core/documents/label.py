"""Return labels: 4×6 in for 203 dpi thermal printers, or one label on an A4 / Letter sheet."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace

from reportlab.pdfgen.canvas import Canvas

from desktop_app.core.documents.codes import DPI, draw_code128, draw_qr, snap
from desktop_app.core.documents.common import INCH, fmt_date, new_canvas, page_size, save, tr
from desktop_app.core.documents.data import Address, LabelData, ReturnDocuments
from desktop_app.core.documents.scan import is_rma, rma_qr_payload
from desktop_app.core.documents.textfit import draw_text
from desktop_app.core.i18n import N_, UserFacingError

LABEL_W = 4 * INCH
LABEL_H = 6 * INCH
SHEET_MARGIN = 36.0


@dataclass(frozen=True)
class LabelFace:
    """What one label shows, whether it is a return's label or a return kit's label."""

    lang: str
    return_address: Address
    shop_name: str
    customer: Address
    code_caption: str
    code_text: str
    qr_payload: str
    barcode_payload: str
    carrier: str
    tracking_number: str
    prepaid: bool
    item_count: int
    date_text: str
    title: str
    dpi: int = DPI  # the printer's dots per inch: codes and rules are drawn on whole dots of it


def face_for_return(data: LabelData) -> LabelFace:
    """Return the face of a return's label: the RMA in text, QR and Code 128; refuse a malformed RMA."""
    if not is_rma(data.rma):
        raise UserFacingError("{rma} is not a return number like R-000123, so no label was printed.",
                              rma=data.rma)
    lang = data.lang
    return LabelFace(
        lang=lang, return_address=data.return_address, shop_name=data.shop_name, customer=data.customer,
        code_caption=tr(N_("Return number (RMA)"), lang), code_text=data.rma,
        qr_payload=rma_qr_payload(data.rma, data.status_url), barcode_payload=data.rma,
        carrier=data.carrier, tracking_number=data.tracking_number, prepaid=data.prepaid,
        item_count=data.item_count, date_text=fmt_date(data.label_date, lang, data.country),
        title=tr(N_("RETURN"), lang),
    )


class Sheet:
    """Converts distances from a label's top-left corner into PDF coordinates on its page."""

    def __init__(self, canvas: Canvas, page_height: float, left: float, top: float, dpi: int = DPI) -> None:
        self.canvas, self.page_height = canvas, page_height
        self.left, self.top = snap(left, dpi), snap(top, dpi)

    def x(self, dx: float) -> float:
        """Page x of a distance from the label's left edge."""
        return self.left + dx

    def y(self, dy: float) -> float:
        """PDF y of a distance from the label's top edge."""
        return self.page_height - self.top - dy


def _address_block(sheet: Sheet, caption: str, address: Address, top: float, height: float,
                   size: float, bold: bool) -> None:
    c, m = sheet.canvas, 12.0
    width = LABEL_W - 2 * m
    draw_text(c, caption, sheet.x(m), sheet.y(top), width, 9, 7, min_size=5)
    below = draw_text(c, address.name, sheet.x(m), sheet.y(top + 9), width, size * 2.5, size, min_size=5,
                      bold=bold, max_lines=2)
    used = sheet.y(top) - below
    draw_text(c, address.text(), sheet.x(m), below, width, height - used, size * 0.9, min_size=4.5, bold=bold)


def draw_label(
    canvas: Canvas, page_height: float, face: LabelFace, left: float = 0.0, top: float = 0.0
) -> None:
    """Draw one 4×6 in label with its top-left corner at (left, top) from the page's top-left."""
    sheet = Sheet(canvas, page_height, left, top, face.dpi)
    c, lang, m, dot = canvas, face.lang, 12.0, 72.0 / face.dpi
    inner = LABEL_W - 2 * m
    # Header: title, postage marking, carrier and date.
    draw_text(c, face.title, sheet.x(m), sheet.y(m), 110, 24, 20, min_size=8, bold=True, max_lines=1)
    mark = tr(N_("POSTAGE PAID"), lang) if face.prepaid else tr(N_("POSTAGE DUE"), lang)
    box_left, box_w, box_top, box_h = m + 116, inner - 116, m, 24.0
    c.setLineWidth(2 * dot)
    if face.prepaid:
        c.setFillGray(0)
        c.rect(sheet.x(box_left), sheet.y(box_top + box_h), box_w, box_h, stroke=0, fill=1)
        c.setFillGray(1)
    else:
        c.rect(sheet.x(box_left), sheet.y(box_top + box_h), box_w, box_h, stroke=1, fill=0)
    draw_text(c, mark, sheet.x(box_left + 4), sheet.y(box_top + 5), box_w - 8, 16, 13, min_size=6,
              bold=True, align="center", max_lines=1)
    c.setFillGray(0)
    carrier_line = "  ·  ".join(part for part in (face.carrier, face.date_text) if part)
    draw_text(c, carrier_line, sheet.x(m), sheet.y(m + 28), inner, 12, 9, min_size=5, max_lines=1)
    c.setLineWidth(dot)
    c.line(sheet.x(m), sheet.y(m + 42), sheet.x(LABEL_W - m), sheet.y(m + 42))
    # Sender (the customer) and the shop's return address, the larger of the two.
    _address_block(sheet, tr(N_("From"), lang), face.customer, m + 46, 64, 8.5, False)
    box_top = m + 116
    c.setLineWidth(3 * dot)
    c.rect(sheet.x(m - 4), sheet.y(box_top + 108), inner + 8, 108, stroke=1, fill=0)
    to_name = face.return_address.name or face.shop_name
    _address_block(sheet, tr(N_("Return to"), lang), Address(to_name, face.return_address.lines,
                   face.return_address.phone), box_top + 4, 100, 12.5, True)
    # RMA in large text beside the QR code; carrier details under it.
    row_top = box_top + 114
    qr_side = 122.0
    text_w = inner - qr_side - 4
    draw_text(c, face.code_caption, sheet.x(m), sheet.y(row_top + 2), text_w, 10, 8, min_size=5, max_lines=1)
    draw_text(c, face.code_text, sheet.x(m), sheet.y(row_top + 12), text_w, 36, 30, min_size=8, bold=True,
              max_lines=2)
    details = [
        tr(N_("Tracking: {number}"), lang, number=face.tracking_number) if face.tracking_number else "",
        tr(N_("Items: {count}"), lang, count=face.item_count) if face.item_count else "",
    ]
    draw_text(c, "\n".join(d for d in details if d), sheet.x(m), sheet.y(row_top + 52), text_w, 66, 9,
              min_size=5)
    draw_qr(c, page_height, face.qr_payload, sheet.x(LABEL_W - m - qr_side), sheet.top + row_top, qr_side,
            face.dpi)
    # Code 128 of the RMA across the bottom, human-readable text under it.
    bar_top = LABEL_H - m - 58
    drawn = draw_code128(c, page_height, face.barcode_payload, sheet.x(m - 8), sheet.top + bar_top,
                         inner + 16, 44, dpi=face.dpi)
    if drawn:
        draw_text(c, face.barcode_payload, sheet.x(m), sheet.y(bar_top + 46), inner, 11, 9, min_size=5,
                  align="center", max_lines=1)


def draw_label_page(canvas: Canvas, face: LabelFace, size: str) -> None:
    """Draw one label as a page of `size`: the label itself (4x6) or centred on a sheet with cut lines."""
    width, height = page_size(size)
    canvas.setPageSize((width, height))
    if size == "4x6":
        draw_label(canvas, height, face)
    else:
        left = snap((width - LABEL_W) / 2)
        top = snap(SHEET_MARGIN)
        canvas.saveState()
        canvas.setDash(4, 3)
        canvas.setLineWidth(0.6)
        canvas.rect(left - 6, height - top - LABEL_H - 6, LABEL_W + 12, LABEL_H + 12, stroke=1, fill=0)
        canvas.restoreState()
        draw_label(canvas, height, face, left, top)
        note = tr(N_("Cut along the dashed line and tape the label flat on the parcel."), face.lang)
        draw_text(canvas, note, left, height - top - LABEL_H - 18, LABEL_W, 30, 10, min_size=6,
                  align="center")
    canvas.showPage()


def build_label(data: LabelData | ReturnDocuments, size: str = "4x6", lang: str | None = None) -> bytes:
    """Return a one-page PDF of a return label in size '4x6', 'a4' or 'letter' (in `lang` if given)."""
    if isinstance(data, ReturnDocuments):
        data = data.label
    if lang:
        data = replace(data, lang=lang)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, page_size(size), tr(N_("Return label {rma}"), data.lang, rma=data.rma))
    draw_label_page(canvas, face_for_return(data), size.lower())
    save(canvas)
    return buffer.getvalue()

