"""A return's whole life through the services on SQLite and PostgreSQL: money, stock, events, numbers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from returns_shop import build_shop, dump, stock, with_hooks
from sqlalchemy import select

from desktop_app.core.db.models import Counter, InventoryMovement, Refund, StoreCreditEntry, utcnow
from desktop_app.core.domain.errors import RuleViolation
from desktop_app.core.domain.money import Money
from desktop_app.core.services import returns as svc
from desktop_app.core.services.base import Role
from desktop_app.core.services.returns import LineRequest


@pytest.fixture
def shop(database):
    return build_shop(database)


def _create(shop, sku="MUG-1", qty=2, reason="changed_mind", order="1001", condition="unused", ctx=None):
    line = LineRequest(shop.order_lines[f"{order}/{sku}"], qty, reason, "too small", condition)
    return svc.create_return(ctx or shop.clerk, order, [line], channel="email")


def test_happy_path_refund_restocks_undamaged_units_and_names_every_user(shop):
    created = _create(shop, qty=2)
    assert created.rma == "R-000001" and created.status == "requested"
    assert created.policy_version_number == 1 and created.due_at is not None
    line = created.lines[0]
    assert line.eligible is True and line.fault == "customer"
    assert any("Restocking fee" in m.render("en") for m in line.explanation)
    assert all(m.render("zh_CN") for m in line.explanation)
    assert {"approve", "reject", "cancel"} <= created.allowed_actions

    approved = svc.approve(shop.clerk, created.rma, expected_version=created.version)
    assert approved.status == "approved" and approved.due_at is None
    received = svc.receive(shop.clerk, created.rma, {line.id: (2, 1)}, tracking="1z 999 aa1",
                           expected_version=approved.version)
    assert received.status == "received" and received.tracking_number == "1Z999AA1"
    assert received.received_at is not None and received.due_at > received.received_at
    assert stock(shop.db, "MUG-1") == (11, 11)  # one undamaged unit back, the damaged one never

    inspected = svc.inspect(shop.clerk, created.rma, {line.id: ("like_new", 1, True)})
    assert inspected.status == "inspected"
    resolved = svc.resolve_line(shop.clerk, created.rma, line.id, "refund", 2, external_reference="re_123")
    assert resolved.status == "resolved" and resolved.lines[0].refunded_qty == 2
    (refund,) = resolved.refunds
    # 2 x 11.99 = 23.98, restocking fee 10 % = 2.40 kept: 21.58 paid back, with its tax share.
    assert refund.amount == Money.from_minor(2158, "EUR") and refund.fee == Money.from_minor(240, "EUR")
    assert refund.tax == Money.from_minor(344, "EUR")  # 3.82 in the goods less the 0.38 inside the 2.40 fee
    assert refund.credit_note_number == f"CN-{utcnow().year}-000001"
    assert refund.external_reference == "re_123" and refund.user_name == "Carl Clerk"

    closed = svc.close(shop.clerk, created.rma)
    assert closed.status == "closed" and closed.closed_at is not None
    kinds = [e.kind for e in closed.events]
    assert kinds == ["created", "approved", "received", "inspected", "line_resolved", "closed"]
    assert all(e.user_name == "Carl Clerk" for e in closed.events)
    assert [(e.from_status, e.to_status) for e in closed.events][-1] == ("resolved", "closed")


def test_store_credit_adds_the_bonus_to_the_customers_balance(shop):
    ret = _create(shop, qty=1)
    svc.approve(shop.clerk, ret.rma)
    svc.receive(shop.clerk, ret.rma, {ret.lines[0].id: 1})
    done = svc.resolve_line(shop.clerk, ret.rma, ret.lines[0].id, "store_credit", 1)
    # 11.99 - 1.20 fee + 10 % bonus on 11.99 (1.20) = 11.99
    assert done.store_credit_total == Money.from_minor(1199, "EUR")
    assert done.refunds[0].method == "store_credit" and done.lines[0].credited_qty == 1


def test_keep_it_is_granted_without_receipt(shop):
    ret = _create(shop, sku="PIN-1", qty=1)
    svc.approve(shop.clerk, ret.rma)
    done = svc.resolve_line(shop.clerk, ret.rma, ret.lines[0].id, "keep_it", 1)
    assert done.status == "resolved" and done.lines[0].received_qty == 0
    assert done.refunds[0].amount == Money.from_minor(300, "EUR")
    assert stock(shop.db, "PIN-1") == (10, 10)


def test_exchange_moves_the_outgoing_item_out_of_stock(shop):
    ret = _create(shop, sku="TEE-M", qty=1, reason="wrong_size")
    svc.approve(shop.clerk, ret.rma)
    svc.receive(shop.clerk, ret.rma, {ret.lines[0].id: 1})
    done = svc.resolve_line(shop.clerk, ret.rma, ret.lines[0].id, "exchange", 1, exchange_sku="TEE-L")
    assert done.status == "resolved" and done.lines[0].exchange_sku == "TEE-L" and done.refunds == ()
    assert stock(shop.db, "TEE-L") == (9, 9) and stock(shop.db, "TEE-M") == (11, 11)


def test_owner_reverses_a_refund_with_compensating_rows_never_edits(shop):
    ret = _create(shop, qty=2)
    svc.approve(shop.clerk, ret.rma)
    svc.receive(shop.clerk, ret.rma, {ret.lines[0].id: 2})
    paid = svc.resolve_line(shop.clerk, ret.rma, ret.lines[0].id, "refund", 2)
    original = paid.refunds[0]
    back = svc.reverse_refund(shop.owner, ret.rma, ret.lines[0].id, 1, "refunded the wrong card")
    assert back.status == "received" and back.lines[0].refunded_qty == 1
    assert back.refunds[0].amount == original.amount  # the original row is untouched
    reversal = back.refunds[1]
    assert reversal.reverses_id == original.id and reversal.quantity == -1
    assert reversal.amount == Money.from_minor(-1079, "EUR")
    assert back.refunded_total == Money.from_minor(1079, "EUR")
    assert back.events[-1].kind == "refund_reversed" and back.events[-1].user_name == "Olga Owner"


def test_owner_reverses_a_receipt_and_stock_follows_the_movements(shop):
    ret = _create(shop, qty=2)
    svc.approve(shop.clerk, ret.rma)
    svc.receive(shop.clerk, ret.rma, {ret.lines[0].id: 2})
    assert stock(shop.db, "MUG-1") == (12, 12)
    back = svc.reverse_receipt(shop.owner, ret.rma, ret.lines[0].id, 1, "scanned twice")
    assert back.status == "partially_received" and back.lines[0].received_qty == 1
    assert stock(shop.db, "MUG-1") == (11, 11)
    with shop.db.read() as s:
        kinds = [m.kind for m in s.scalars(select(InventoryMovement).order_by(InventoryMovement.id))]
    assert kinds[-2:] == ["restock", "reversal"]


def test_inspection_finding_damage_writes_the_unit_off(shop):
    ret = _create(shop, qty=2)
    svc.approve(shop.clerk, ret.rma)
    svc.receive(shop.clerk, ret.rma, {ret.lines[0].id: 2})
    svc.inspect(shop.clerk, ret.rma, {ret.lines[0].id: ("damaged", 1, False)})
    assert stock(shop.db, "MUG-1") == (11, 11)
    sent = svc.resolve_line(shop.clerk, ret.rma, ret.lines[0].id, "send_back", 2)
    assert sent.status == "resolved"
    assert stock(shop.db, "MUG-1") == (10, 10)  # the undamaged unit went back to the customer too


def test_owner_goodwill_refund_and_reopen(shop):
    ret = _create(shop, qty=1)
    svc.approve(shop.clerk, ret.rma)
    done = svc.goodwill_refund(shop.owner, ret.rma, ret.lines[0].id, "loyal customer, parcel lost")
    assert done.status == "resolved" and done.refunds[0].goodwill_reason == "loyal customer, parcel lost"
    assert done.refunds[0].amount == Money.from_minor(1199, "EUR")
    closed = svc.close(shop.owner, ret.rma)
    reopened = svc.reopen(shop.owner, ret.rma, "customer called back", expected_version=closed.version)
    assert reopened.status != "closed" and reopened.events[-1].note == "customer called back"


def test_ineligible_line_needs_the_owner_and_a_goodwill_reason(shop):
    before = dump(shop.db)
    with pytest.raises(RuleViolation) as refused:
        _create(shop, condition="used")
    assert "like new" in refused.value.render("en") and refused.value.render("zh_CN")
    assert dump(shop.db) == before
    line = LineRequest(shop.order_lines["1001/MUG-1"], 1, "changed_mind", "", "used")
    accepted = svc.create_return(shop.owner, "1001", [line], goodwill_reason="regular customer")
    assert accepted.lines[0].eligible is False
    assert "regular customer" in accepted.lines[0].explanation[-1].render("en")
    assert accepted.events[0].data["goodwill_reason"] == "regular customer"


def test_rma_and_credit_note_numbers_have_no_gaps_after_refusals(shop):
    first = _create(shop, qty=1)
    with pytest.raises(RuleViolation):
        _create(shop, qty=5)  # more than bought
    second = _create(shop, order="1002", qty=1)
    assert (first.rma, second.rma) == ("R-000001", "R-000002")
    with shop.db.read() as s:
        assert s.get(Counter, "rma").value == 2


def test_notes_files_and_tracking_go_on_the_timeline_and_are_found_by_scan(shop):
    ret = _create(shop, qty=1)
    svc.add_note(shop.clerk, ret.rma, "phone", "Customer will drop it off on Monday")
    svc.attach_file(shop.clerk, ret.rma, "C:\\photos\\mug.jpg", b"\xff\xd8\xff fake jpeg", "photo")
    tracked = svc.set_tracking(shop.clerk, ret.rma, "00340434 1618", carrier="DHL")
    assert [e.kind for e in tracked.events][-3:] == ["note", "file_attached", "tracking_set"]
    assert tracked.attachments[0].filename == "mug.jpg" and tracked.attachments[0].mime_type == "image/jpeg"
    info, content = svc.attachment_content(shop.db, ret.rma, tracked.attachments[0].id)
    assert content == b"\xff\xd8\xff fake jpeg" and info.user_name == "Carl Clerk"
    assert svc.find_by_code(shop.db, "003404341618").rma == ret.rma
    assert svc.find_by_code(shop.db, "https://shop.example/r/r-000001").rma == ret.rma
    assert svc.find_by_code(shop.db, "NOPE-1234") is None


def test_hooks_hear_every_event_inside_the_transaction(shop):
    heard = []
    hook = lambda session, return_id, kind: heard.append((return_id, kind))  # noqa: E731
    shop = with_hooks(shop, (hook,))
    ret = _create(shop, qty=1)
    svc.approve(shop.clerk, ret.rma)
    assert heard == [(ret.id, "created"), (ret.id, "approved")]


def test_allowed_actions_depend_on_the_role(shop):
    ret = _create(shop, qty=1)
    svc.approve(shop.clerk, ret.rma)
    svc.receive(shop.clerk, ret.rma, {ret.lines[0].id: 1})
    as_owner = svc.get_return(shop.db, ret.rma, Role.OWNER).allowed_actions
    as_clerk = svc.get_return(shop.db, ret.rma, Role.CLERK).allowed_actions
    assert {"reverse_receipt", "goodwill_refund", "close"} <= as_owner
    assert not {"reverse_receipt", "goodwill_refund", "close", "reopen"} & as_clerk
    assert {"inspect", "resolve_line", "add_note"} <= as_clerk


def test_stock_equals_the_sum_of_movements_after_a_busy_day(shop):
    for order, sku, qty in (("1001", "MUG-1", 3), ("1002", "MUG-1", 2), ("1001", "TEE-M", 1)):
        ret = _create(shop, order=order, sku=sku, qty=qty, reason="defective")
        svc.approve(shop.clerk, ret.rma)
        svc.receive(shop.clerk, ret.rma, {ret.lines[0].id: (qty, 1)})
    with shop.db.read() as s:
        assert s.scalar(select(Refund.id)) is None and s.scalar(select(StoreCreditEntry.id)) is None
    for sku in ("MUG-1", "TEE-M", "TEE-L", "PIN-1"):
        on_hand, moved = stock(shop.db, sku)
        assert on_hand == moved
    assert stock(shop.db, "MUG-1") == (13, 13)  # 5 arrived, 2 damaged


def test_overdue_returns_stand_out(shop):
    old = svc.create_return(shop.clerk, "1001", [LineRequest(shop.order_lines["1001/MUG-1"], 1, "defective")],
                            requested_at=utcnow() - timedelta(days=5))
    fresh = _create(shop, order="1002", qty=1)
    assert svc.get_return(shop.db, old.rma).overdue is True
    assert svc.get_return(shop.db, fresh.rma).overdue is False
    assert [r.rma for r in svc.list_returns(shop.db, overdue_only=True)] == [old.rma]


def test_a_repaired_item_goes_back_to_the_customer_not_into_stock(shop):
    ret = _create(shop, sku="TEE-M", qty=1, reason="defective")
    svc.approve(shop.clerk, ret.rma)
    svc.receive(shop.clerk, ret.rma, {ret.lines[0].id: 1})
    assert stock(shop.db, "TEE-M") == (11, 11)
    done = svc.resolve_line(shop.clerk, ret.rma, ret.lines[0].id, "repair", 1)
    assert done.status == "resolved" and done.refunds == () and done.lines[0].resolution == "repair"
    assert stock(shop.db, "TEE-M") == (10, 10)
