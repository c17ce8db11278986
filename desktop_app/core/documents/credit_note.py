"""A numbered credit note for one refund: lines with net, tax and total, and the totals."""

from __future__ import annotations

import io
from decimal import Decimal

from reportlab.pdfgen.canvas import Canvas

from desktop_app.core.documents.common import draw_logo, fmt_date, fmt_money, new_canvas, page_size, save, tr
from desktop_app.core.documents.data import CreditNoteData
from desktop_app.core.documents.table import Column, draw_rows
from desktop_app.core.documents.textfit import draw_text
from desktop_app.core.i18n import N_, UserFacingError
from desktop_app.core.i18n.formats import format_number

MARGIN = 48.0


def check_credit_note(data: CreditNoteData) -> None:
    """Refuse a credit note whose lines do not add up (net + tax = total) or that has no lines."""
    if not data.lines:
        raise UserFacingError("A credit note needs at least one refunded line.")
    for line in data.lines:
        if line.net + line.tax != line.total:
            raise UserFacingError(
                "The credit note line {item} does not add up: net plus tax must equal the total.",
                item=line.description,
            )


def totals(data: CreditNoteData) -> tuple[Decimal, Decimal, Decimal]:
    """Return the note's (net, tax, total)."""
    net = sum((line.net for line in data.lines), Decimal(0))
    tax = sum((line.tax for line in data.lines), Decimal(0))
    return net, tax, net + tax


def _header(c: Canvas, data: CreditNoteData, width: float, height: float) -> float:
    lang, inner = data.lang, width - 2 * MARGIN
    top = height - MARGIN
    half = inner / 2 - 10
    logo_w = draw_logo(c, data.logo, MARGIN, top, 110, 36)
    if logo_w:
        top -= 42
    y = draw_text(c, data.shop_name, MARGIN, top, half, 22, 15, min_size=7, bold=True, max_lines=2)
    shop = "\n".join(p for p in (data.shop_address.text(), tr(N_("Tax ID: {number}"), lang,
                                 number=data.shop_tax_id) if data.shop_tax_id else "") if p)
    draw_text(c, shop, MARGIN, y, half, 70, 9.5, min_size=5)
    right = width - MARGIN - half
    y = draw_text(c, tr(N_("Credit note"), lang), right, top, half, 26, 20, min_size=8, bold=True,
                  align="right", max_lines=1)
    facts = "\n".join([
        tr(N_("Number: {number}"), lang, number=data.number),
        tr(N_("Date: {date}"), lang, date=fmt_date(data.issue_date, lang, data.country)),
        tr(N_("Return: {rma}"), lang, rma=data.rma),
        tr(N_("Order: {order}"), lang, order=data.order_number),
    ])
    draw_text(c, facts, right, y - 4, half, 64, 10, min_size=5, align="right")
    y = top - 120
    y = draw_text(c, tr(N_("Credited to"), lang), MARGIN, y, half, 12, 8.5, min_size=5)
    y = draw_text(c, data.customer.name, MARGIN, y, half, 26, 11, min_size=5, bold=True, max_lines=2)
    draw_text(c, data.customer.text(), MARGIN, y, half, 56, 10, min_size=5)
    return top - 210


def tax_by_rate(data: CreditNoteData) -> list[tuple[Decimal | None, Decimal]]:
    """Return the note's tax per rate (highest rate first; unknown rates together, last)."""
    sums: dict[Decimal | None, Decimal] = {}
    for line in data.lines:
        sums[line.rate] = sums.get(line.rate, Decimal(0)) + line.tax
    known = sorted((r for r in sums if r is not None), reverse=True)
    return [(r, sums[r]) for r in known] + ([(None, sums[None])] if None in sums else [])


def draw_credit_note(c: Canvas, data: CreditNoteData, size: str = "a4") -> None:
    """Draw the credit note on one or more pages."""
    check_credit_note(data)
    width, height = page_size(size)
    c.setPageSize((width, height))
    lang, cur, inner = data.lang, data.currency, width - 2 * MARGIN
    columns = [
        Column(tr(N_("Description"), lang), inner * 0.4),
        Column(tr(N_("Qty"), lang), inner * 0.08, "right"),
        Column(tr(N_("Net"), lang), inner * 0.17, "right"),
        Column(tr(N_("Tax"), lang), inner * 0.17, "right"),
        Column(tr(N_("Total"), lang), inner * 0.18, "right"),
    ]
    rows = [(ln.description, str(ln.quantity),
             *(fmt_money(amount, cur, lang, data.country) for amount in (ln.net, ln.tax, ln.total)))
            for ln in data.lines]
    index = 0
    while True:
        top = _header(c, data, width, height) if index == 0 else height - MARGIN
        index, y = draw_rows(c, MARGIN, top, MARGIN + 150, columns, rows, index)
        if index >= len(rows):
            break
        c.showPage()
    net, _tax, total = totals(data)
    by_rate = tax_by_rate(data)
    labels = [tr(N_("Net"), lang), *(tr(N_("Tax {rate} %"), lang, rate=format_number(rate, lang, data.country))
                                     if rate is not None else tr(N_("Tax"), lang) for rate, _t in by_rate),
              tr(N_("Total credited"), lang)]
    amounts = [fmt_money(amount, cur, lang, data.country) for amount in (net, *(t for _r, t in by_rate), total)]
    label_x, label_w = MARGIN + inner * 0.48, inner * 0.3
    for i, (label, amount) in enumerate(zip(labels, amounts, strict=True)):
        bold = i == len(labels) - 1
        draw_text(c, label, label_x, y - 8 - i * 16, label_w, 15, 10.5, min_size=6, bold=bold, max_lines=1)
        draw_text(c, amount, MARGIN + inner * 0.6, y - 8 - i * 16, inner * 0.4 - 3, 15, 10.5, min_size=6,
                  bold=bold, align="right", max_lines=1)
    notes = [tr(N_("Refunded by: {method}"), lang, method=data.refund_method) if data.refund_method else "",
             data.note]
    below = y - 66 - 16 * max(0, len(by_rate) - 1)  # under the last tax row
    draw_text(c, "\n".join(n for n in notes if n), MARGIN, below, inner, 60, 10, min_size=5)
    c.showPage()


def build_credit_note(data: CreditNoteData, size: str = "a4") -> bytes:
    """Return the credit note as PDF bytes on 'a4' or 'letter' paper."""
    buffer = io.BytesIO()
    title = tr(N_("Credit note {number}"), data.lang, number=data.number)
    canvas = new_canvas(buffer, page_size(size), title)
    draw_credit_note(canvas, data, size.lower())
    save(canvas)
    return buffer.getvalue()
