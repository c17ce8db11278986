"""Customer instructions: numbered steps with simple drawings and the policy terms that apply."""

from __future__ import annotations

import io
from datetime import date

from reportlab.pdfgen.canvas import Canvas

from desktop_app.core.documents.codes import draw_qr
from desktop_app.core.documents.common import draw_logo, fmt_date, new_canvas, page_size, save, tr
from desktop_app.core.documents.data import InstructionsData, InstructionStep
from desktop_app.core.documents.drawings import draw_step_picture
from desktop_app.core.documents.scan import kit_qr_payload, rma_qr_payload
from desktop_app.core.documents.textfit import draw_bullets, draw_text
from desktop_app.core.i18n import N_

MARGIN = 48.0
PICTURE = 64.0


def default_steps(
    lang: str, carrier: str = "", prepaid: bool = True, rma: str | None = None, tracked_online: bool = False,
    label_cost: str = "",
) -> tuple[InstructionStep, ...]:
    """Return the four usual steps in `lang`; `label_cost` names a prepaid label's cost taken from the refund."""
    drop = _drop_off(lang, carrier, prepaid, label_cost)
    if tracked_online:
        track = tr(N_("Scan the QR code to follow your return until the refund is on its way."), lang)
    elif rma:
        track = tr(N_("We will write to you when the parcel arrives. Quote {rma} if you contact us."), lang,
                   rma=rma)
    else:
        track = tr(N_("We will write to you when the parcel arrives and when your refund is on its way."),
                   lang)
    return (
        InstructionStep("pack", tr(N_("Pack the items securely, in their original packaging if you still "
                                      "have it, with the packing slip inside."), lang)),
        InstructionStep("attach", tr(N_("Stick the return label on the outside of the parcel. Cover or "
                                        "remove any old labels and barcodes."), lang)),
        InstructionStep("drop_off", drop),
        InstructionStep("track", track),
    )


def _drop_off(lang: str, carrier: str, prepaid: bool, label_cost: str) -> str:
    """Return the drop-off step: prepaid, prepaid with its cost taken from the refund, or postage paid there."""
    if prepaid and label_cost:
        if carrier:
            return tr(N_("Take the parcel to {carrier}. The label is prepaid, the cost ({amount}) is taken from "
                         "your refund. Keep the receipt."), lang, carrier=carrier, amount=label_cost)
        return tr(N_("Take the parcel to the post office. The label is prepaid, the cost ({amount}) is taken "
                     "from your refund. Keep the receipt."), lang, amount=label_cost)
    if carrier:
        return (tr(N_("Take the parcel to {carrier}. The postage is already paid. Keep the receipt."), lang,
                   carrier=carrier) if prepaid else
                tr(N_("Take the parcel to {carrier} and pay the postage there. Keep the receipt."), lang,
                   carrier=carrier))
    return (tr(N_("Take the parcel to the post office. The postage is already paid. Keep the receipt."),
               lang) if prepaid else
            tr(N_("Take the parcel to the post office and pay the postage there. Keep the receipt."), lang))


def _deadline_text(deadline: date | None, lang: str, country: str = "") -> str:
    if deadline is None:
        return ""
    return tr(N_("Please send your parcel by {date}."), lang, date=fmt_date(deadline, lang, country))


def draw_instructions(c: Canvas, data: InstructionsData, size: str = "a4") -> None:
    """Draw the customer instructions on one page (more if the policy terms are long)."""
    width, height = page_size(size)
    c.setPageSize((width, height))
    lang, inner = data.lang, width - 2 * MARGIN
    qr_side = 110.0
    payload = (rma_qr_payload(data.rma, data.status_url) if data.rma
               else kit_qr_payload(data.order_number) if data.order_number else "")
    text_w = inner - (qr_side + 10 if payload else 0)
    top = height - MARGIN
    logo_w = draw_logo(c, data.logo, MARGIN, top, 120, 46)
    x = MARGIN + (logo_w + 10 if logo_w else 0)
    y = draw_text(c, data.shop_name, x, top, text_w - (x - MARGIN), 24, 18, min_size=8, bold=True, max_lines=1)
    y = draw_text(c, tr(N_("How to return your items"), lang), x, y - 2, text_w - (x - MARGIN), 24, 16,
                  min_size=8, max_lines=1)
    y = min(y, top - 50) if logo_w else y
    greeting = [tr(N_("Hello {name},"), lang, name=data.customer_name) if data.customer_name else ""]
    if data.rma:
        greeting.append(tr(N_("Your return number is {rma}."), lang, rma=data.rma))
    elif data.order_number:
        greeting.append(tr(N_("This return kit belongs to order {order}."), lang, order=data.order_number))
    greeting.append(_deadline_text(data.deadline, lang, data.country))
    y = draw_text(c, "\n".join(g for g in greeting if g), MARGIN, y - 8, text_w, 60, 11, min_size=6)
    if payload:
        draw_qr(c, height, payload, width - MARGIN - qr_side, MARGIN - 6, qr_side)
    y = min(y, height - MARGIN - qr_side) - 10
    reserved = 150.0 if data.policy_terms else 40.0  # room kept below the steps
    steps = max(len(data.steps), 1)
    row_h = max(34.0, min(PICTURE + 14, (y - MARGIN - reserved) / steps))
    picture = row_h - 14
    for number, step in enumerate(data.steps, start=1):
        c.setLineWidth(1.2)
        c.circle(MARGIN + 11, y - 13, 11, stroke=1, fill=0)
        draw_text(c, str(number), MARGIN, y - 6, 22, 16, 13, min_size=8, bold=True, align="center",
                  max_lines=1)
        draw_step_picture(c, step.kind, MARGIN + 32 + (PICTURE - picture) / 2, y - picture - 2, picture)
        draw_text(c, step.text, MARGIN + 32 + PICTURE + 14, y - 4, inner - PICTURE - 46, row_h - 8, 12,
                  min_size=5)
        y -= row_h
    if data.policy_terms:
        y = draw_text(c, tr(N_("Our return policy in short"), lang), MARGIN, y - 6, inner, 18, 13,
                      min_size=8, bold=True, max_lines=1)
        y = draw_bullets(c, data.policy_terms, MARGIN, y - 2, inner, max(12.0, y - MARGIN - 30), 10.5,
                         min_size=5.5)
    if data.contact:
        draw_text(c, tr(N_("Questions? {contact}"), lang, contact=data.contact), MARGIN, MARGIN + 14, inner,
                  14, 10, min_size=6, max_lines=1)
    c.showPage()


def build_instructions(data: InstructionsData, size: str = "a4") -> bytes:
    """Return the customer instructions as PDF bytes on 'a4' or 'letter' paper."""
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, page_size(size), tr(N_("How to return your items"), data.lang))
    draw_instructions(canvas, data, size.lower())
    save(canvas)
    return buffer.getvalue()
