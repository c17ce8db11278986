"""An exchange that costs more asks the customer to pay the difference; the replacement's message follows payment."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from desktop_app.core.db.models import Customer, Product
from desktop_app.core.notify import hooks
from desktop_app.core.notify.outbox import list_outbox
from desktop_app.core.services import returns as svc
from desktop_app.core.services.catalog import record_movement
from tests.integration.services.returns_shop import build_shop, with_hooks

WORDS = {"en": ("please pay the difference", "15,00\xa0€", "on its way", "we pay the difference of 17,00\xa0€"),
         "zh_CN": ("请支付差价", "€15.00", "已发出", "差价 €17.00 将退还")}


@pytest.fixture(params=sorted(WORDS))
def shop(request, database):
    shop = build_shop(database)
    with database.write() as s:
        s.execute(update(Customer).where(Customer.email == "anna@example.com").values(language=request.param))
        for sku, price in (("BOOT-42", 4000), ("SOCK-1", 800)):
            product = Product(sku=sku, name=sku, category="general", price_minor=price, currency="EUR")
            s.add(product)
            s.flush()
            record_movement(s, product.id, 5, "initial")
    return with_hooks(shop, hooks.CUSTOMER_MESSAGES), WORDS[request.param]


def _received(shop):
    ret = svc.create_return(shop.clerk, "1001", [(shop.order_lines["1001/TEE-M"], 1, "wrong_size", "", "unused")])
    svc.approve(shop.clerk, ret.rma)
    svc.receive(shop.clerk, ret.rma, {ret.lines[0].id: 1})
    return ret.rma, ret.lines[0].id


def test_payment_due_first_then_the_exchange_is_sent(shop):
    shop, (due_subject, due_amount, sent_subject, _rest) = shop
    rma, line = _received(shop)
    done = svc.resolve_line(shop.clerk, rma, line, "exchange", 1, exchange_sku="BOOT-42")
    due = list_outbox(shop.db, rma=rma)[0]
    assert due.event == "exchange_payment_due" and due_subject in due.subject and due_amount in due.body

    svc.settle_exchange(shop.clerk, rma, done.exchanges[0].id, reference="bank 4711")
    sent = list_outbox(shop.db, rma=rma)[0]
    assert sent.event == "exchanged" and sent_subject in sent.subject and due_amount not in sent.body


def test_a_cheaper_replacement_says_what_comes_back(shop):
    shop, (_due, _amount, sent_subject, rest) = shop
    rma, line = _received(shop)
    svc.resolve_line(shop.clerk, rma, line, "exchange", 1, exchange_sku="SOCK-1")
    sent = list_outbox(shop.db, rma=rma)[0]
    assert sent.event == "exchanged" and sent_subject in sent.subject and rest in sent.body
