"""Return kit for an outgoing order: a label that names the order, and the instructions, in one PDF."""

from __future__ import annotations

import io

from desktop_app.core.documents.common import fmt_date, new_canvas, page_size, save, tr
from desktop_app.core.documents.data import ReturnKitData
from desktop_app.core.documents.instructions import draw_instructions
from desktop_app.core.documents.label import LabelFace, draw_label_page
from desktop_app.core.documents.scan import kit_qr_payload
from desktop_app.core.i18n import N_


def face_for_kit(data: ReturnKitData) -> LabelFace:
    """Return the face of a kit's label: the order number in text; 'RDKIT:<order>' in QR and Code 128."""
    lang = data.lang
    payload = kit_qr_payload(data.order_number)
    return LabelFace(
        lang=lang, return_address=data.return_address, shop_name=data.shop_name, customer=data.customer,
        code_caption=tr(N_("Return kit for order"), lang), code_text=data.order_number, qr_payload=payload,
        barcode_payload=payload, carrier=data.carrier, tracking_number=data.tracking_number,
        prepaid=data.prepaid, item_count=data.item_count, date_text=fmt_date(data.kit_date, lang, data.country),
        title=tr(N_("RETURN"), lang),
    )


def build_return_kit(data: ReturnKitData, label_size: str = "4x6", sheet_size: str = "a4") -> bytes:
    """Return one PDF: the kit's label (page 1, `label_size`) then the instructions (`sheet_size`)."""
    buffer = io.BytesIO()
    title = tr(N_("Return kit for order {order}"), data.lang, order=data.order_number)
    canvas = new_canvas(buffer, page_size(label_size), title)
    draw_label_page(canvas, face_for_kit(data), label_size.lower())
    draw_instructions(canvas, data.instructions, sheet_size.lower())
    save(canvas)
    return buffer.getvalue()
