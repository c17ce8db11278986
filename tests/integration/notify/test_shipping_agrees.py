"""Return shipping is decided once per return, and the label, the instructions, the e-mails, the refund
explanation and the monthly report all say the same, for a label paid from the refund and for own cost."""

from __future__ import annotations

import dataclasses
import io
import re
from decimal import Decimal

import pypdfium2 as pdfium
import pytest

from desktop_app.core.db.models import OutgoingMessage
from desktop_app.core.domain.money import Money
from desktop_app.core.domain.policy import ShippingPayer
from desktop_app.core.domain.shipping import ReturnShipping
from desktop_app.core.i18n.formats import format_amount
from desktop_app.core.notify import hooks
from desktop_app.core.notify.outbox import list_outbox
from desktop_app.core.reports.figures import key_figures
from desktop_app.core.reports.period import month_period
from desktop_app.core.services import documents, policies
from desktop_app.core.services import returns as svc
from tests.integration.services.returns_shop import RULES, build_shop, with_hooks

CASES = {
    # label cost, mode, label mark, instructions, e-mail sentence, refund explanation, refund, labels charged
    "deducted": ("4.95", ReturnShipping.DEDUCTED, "POSTAGE PAID",
                 "The label is prepaid, the cost (€4.95) is taken from your refund.",
                 "The label is prepaid, the cost (€4.95) is taken from your refund.",
                 "The return label is prepaid; its cost of €4.95 is taken from the refund.", "20.05", "4.95"),
    "own_cost": ("0", ReturnShipping.OWN_COST, "POSTAGE DUE", "pay the postage there",
                 "Please send the parcel at your own cost; nothing is taken from your refund for shipping.",
                 "The customer sends the item back at their own cost.", "25.00", "0.00"),
}


def _text(pdf: bytes) -> str:
    document = pdfium.PdfDocument(io.BytesIO(pdf))
    text = " ".join(page.get_textpage().get_text_range() for page in document)
    return re.sub(r"\s+", " ", text)


@pytest.fixture(params=sorted(CASES))
def case(request, database):
    shop = build_shop(database)
    cost = CASES[request.param][0]
    rules = dataclasses.replace(RULES, return_shipping_payer=ShippingPayer.CUSTOMER,
                                return_shipping_cost=Decimal(cost), restocking_fee_percent=Decimal(0))
    policies.publish(shop.owner, policies.save_draft(shop.owner, rules, title=request.param).id)
    return with_hooks(shop, hooks.CUSTOMER_MESSAGES), CASES[request.param]


def test_label_instructions_messages_explanation_and_report_agree(case):
    shop, (_cost, mode, mark, step, sentence, explained, refund, charged) = case
    created = svc.create_return(shop.owner, "1001", [(shop.order_lines["1001/TEE-M"], 1, "changed_mind", "",
                                                       "like_new")])
    detail = svc.approve(shop.owner, created.rma)
    assert detail.shipping == mode and detail.label_prepaid == mode.label_prepaid

    label = _text(documents.label_pdf(shop.db, created.rma))
    instructions = _text(documents.instructions_pdf(shop.db, created.rma))
    [approved] = list_outbox(shop.db, rma=created.rma)
    assert mark in label and ({"POSTAGE PAID", "POSTAGE DUE"} - {mark}).pop() not in label
    # Documents and e-mails write amounts as the shop's country does (one formatter): "4,95 €" in Germany.
    printed = format_amount(Decimal("4.95"), "EUR", "en", "DE")
    assert step.replace("€4.95", printed.replace("\xa0", " ")) in instructions
    sentence = sentence.replace("€4.95", printed)
    assert sentence in approved.body and _attached(shop.db, approved.id) == ["label", "instructions"]
    # ... and so does the policy's explanation of the line (the same helper, the shop's country bound).
    assert explained.replace("€4.95", printed) in " ".join(m.render("en") for m in detail.lines[0].explanation)

    svc.receive(shop.owner, created.rma, {detail.lines[0].id: (1, 0)})
    done = svc.resolve_line(shop.owner, created.rma, detail.lines[0].id, "refund", 1)
    assert [r.amount for r in done.refunds] == [Money.of(refund, "EUR")]
    refunded = next(m for m in list_outbox(shop.db, rma=created.rma) if m.event == "refunded")
    assert (sentence in refunded.body) == (mode == ReturnShipping.DEDUCTED)

    figures = key_figures(shop.db, month_period(detail.approved_at.strftime("%Y-%m")), "EUR")
    assert figures.labels_charged.of("EUR") == Money.of(charged, "EUR")
    assert figures.shop_paid_shipping.of("EUR").is_zero()


def _attached(db, message_id: int) -> list[str]:
    with db.read() as s:
        return [a["kind"] for a in s.get(OutgoingMessage, message_id).attachments]
