"""Lifecycle changes queue the customer's message in the same transaction, in the customer's language."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from desktop_app.core.db.models import Customer, Setting
from desktop_app.core.notify import hooks
from desktop_app.core.notify.outbox import list_outbox
from desktop_app.core.services import returns
from desktop_app.core.services.base import ServiceContext
from tests.integration.services.returns_shop import build_shop, with_hooks


@pytest.fixture
def shop(database):
    shop = with_hooks(build_shop(database), hooks.CUSTOMER_MESSAGES)
    with database.write() as s:
        s.execute(update(Customer).where(Customer.email == "wang@example.cn").values(language="zh_CN"))
    yield shop


def _events(shop, rma):
    return [entry.event for entry in reversed(list_outbox(shop.db, rma=rma))]


def test_approve_receive_refund_each_queue_one_message(shop):
    created = returns.create_return(
        shop.owner, "1001", [(shop.order_lines["1001/MUG-1"], 2, "defective", "cracked", "like_new"),
                             (shop.order_lines["1001/PIN-1"], 1, "defective", "", "like_new")])
    rma = created.rma
    assert _events(shop, rma) == []  # a request alone tells the customer nothing yet

    returns.approve(shop.owner, rma)
    detail = returns.receive(shop.owner, rma, {line.id: (line.requested_qty, 0) for line in created.lines})
    line = detail.lines[0]
    returns.resolve_line(shop.owner, rma, line.id, "refund", line.requested_qty, external_reference="re_1")

    assert _events(shop, rma) == ["approved", "received", "refunded"]  # two lines received: one message
    approved, _received, refunded = reversed(list_outbox(shop.db, rma=rma))
    assert approved.subject == f"Your return {rma} is approved" and approved.to_address == "anna@example.com"
    assert "2 × " in approved.body and "Anna Schmidt" in approved.body
    assert refunded.state == "queued" and "€" in refunded.body


def test_a_chinese_customer_is_written_to_in_chinese(shop):
    created = returns.create_return(shop.owner, "1002", [(shop.order_lines["1002/MUG-1"], 1, "defective", "", None)])
    returns.reject(shop.owner, created.rma, "照片显示商品完好")

    [message] = list_outbox(shop.db, rma=created.rma)
    assert message.event == "rejected" and message.language == "zh_CN"
    assert message.subject == f"关于您的退货 {created.rma}"
    assert "照片显示商品完好" in message.body


def test_a_broken_owner_template_never_blocks_the_change(shop):
    with shop.db.write() as s:
        s.add(Setting(key="templates.approved.en", value={"subject": "{{ oops", "body": "x"}))
    created = returns.create_return(shop.owner, "1001", [(shop.order_lines["1001/TEE-M"], 1, "defective", "", None)])

    detail = returns.approve(shop.owner, created.rma)

    assert detail.status == "approved"
    [message] = list_outbox(shop.db, rma=created.rma)
    assert message.subject == f"Your return {created.rma} is approved"  # the shipped wording


def test_without_the_hook_nothing_is_queued(shop):
    plain = ServiceContext(shop.db, shop.owner.user)  # a context that passes no hook
    created = returns.create_return(plain, "1001", [(shop.order_lines["1001/TEE-M"], 1, "defective", "", None)])
    returns.approve(plain, created.rma)
    assert list_outbox(shop.db) == []
    with shop.db.read() as s:
        assert s.execute(select(Setting).where(Setting.key.like("templates.%"))).first() is None
