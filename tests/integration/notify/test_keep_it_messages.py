"""A keep-it return is never told to ship anything, and its refund sends its own message, in both languages."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from desktop_app.core.db.models import Customer, OutgoingMessage
from desktop_app.core.domain.errors import RuleViolation
from desktop_app.core.domain.shipping import ReturnShipping
from desktop_app.core.notify import hooks
from desktop_app.core.notify.outbox import list_outbox
from desktop_app.core.services import documents
from desktop_app.core.services import returns as svc
from tests.integration.services.returns_shop import build_shop, with_hooks

WORDS = {
    # language: (approved subject part, approved body part, kept subject part, kept body part, amount)
    "en": ("please keep the item", "You do not need to send anything back", "please keep the item",
           "You may keep the item; there is nothing to send back", "3,00\xa0€"),  # a German shop's form
    "zh_CN": ("商品无需寄回", "您无需寄回任何物品", "商品请留用", "商品请您留用，无需寄回", "€3.00"),
}
SHIPPING_WORDS = ("attach", "drop the parcel off", "贴上", "前寄出")  # the usual approval's shipping steps


@pytest.fixture(params=sorted(WORDS))
def shop(request, database):
    shop = build_shop(database)
    with database.write() as s:
        s.execute(update(Customer).where(Customer.email == "anna@example.com").values(language=request.param))
    return with_hooks(shop, hooks.CUSTOMER_MESSAGES), WORDS[request.param]


def test_keep_it_return_gets_its_own_messages_and_no_label(shop):
    shop, (approved_subject, approved_body, kept_subject, kept_body, amount) = shop
    created = svc.create_return(shop.owner, "1001", [(shop.order_lines["1001/PIN-1"], 1, "changed_mind", "",
                                                       "like_new")])
    detail = svc.approve(shop.owner, created.rma)
    assert detail.shipping == ReturnShipping.NO_PARCEL

    [approved] = list_outbox(shop.db, rma=created.rma)
    assert approved.event == "approved_keep_it"
    assert approved_subject in approved.subject and approved_body in approved.body
    assert not any(word in approved.body for word in SHIPPING_WORDS)
    with shop.db.read() as s:
        assert s.get(OutgoingMessage, approved.id).attachments == []
    with pytest.raises(RuleViolation):
        documents.label_pdf(shop.db, created.rma)
    with pytest.raises(RuleViolation):
        documents.instructions_pdf(shop.db, created.rma)

    svc.resolve_line(shop.owner, created.rma, detail.lines[0].id, "keep_it", 1)

    kept = next(m for m in list_outbox(shop.db, rma=created.rma) if m.id != approved.id)
    assert kept.event == "kept" and kept_subject in kept.subject
    assert kept_body in kept.body and amount in kept.body


def test_a_return_that_needs_a_parcel_still_gets_the_label(shop):
    shop, _words = shop
    created = svc.create_return(shop.owner, "1001", [(shop.order_lines["1001/TEE-M"], 1, "defective", "", None)])
    svc.approve(shop.owner, created.rma)
    [approved] = list_outbox(shop.db, rma=created.rma)
    assert approved.event == "approved"
    with shop.db.read() as s:
        assert [a["kind"] for a in s.get(OutgoingMessage, approved.id).attachments] == ["label", "instructions"]
    assert documents.label_pdf(shop.db, created.rma).startswith(b"%PDF")
