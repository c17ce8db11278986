"""Resolving or receiving several lines of a return is one change: one transaction, one entry, one message."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from desktop_app.core.db.models import OutgoingMessage, Refund, Return, ReturnEvent
from desktop_app.core.domain.errors import RuleViolation
from desktop_app.core.notify import hooks
from desktop_app.core.services import returns
from desktop_app.core.services.base import ConflictError
from tests.integration.services.returns_shop import build_shop, dump, stock, with_hooks


@pytest.fixture
def shop(database):
    return with_hooks(build_shop(database), hooks.CUSTOMER_MESSAGES)


def _three_lines_received(shop) -> tuple[str, list[int]]:
    created = returns.create_return(shop.owner, "1001", [
        (shop.order_lines["1001/MUG-1"], 2, "defective", "", None),
        (shop.order_lines["1001/TEE-M"], 1, "defective", "", None),
        (shop.order_lines["1001/PIN-1"], 2, "defective", "", None),
    ])
    returns.approve(shop.owner, created.rma)
    returns.receive(shop.owner, created.rma, {line.id: (line.requested_qty, 0) for line in created.lines})
    return created.rma, [line.id for line in created.lines]


def _timeline(db, rma: str, kind: str) -> list[ReturnEvent]:
    with db.read() as s:
        return list(s.scalars(select(ReturnEvent).join(Return).where(Return.rma == rma, ReturnEvent.kind == kind)))


def _messages(db, rma: str, event: str) -> list[OutgoingMessage]:
    with db.read() as s:
        return list(s.scalars(select(OutgoingMessage).join(Return, Return.id == OutgoingMessage.return_id)
                              .where(Return.rma == rma, OutgoingMessage.event == event)))


def test_receiving_three_lines_is_one_entry_and_one_message(shop):
    rma, _lines = _three_lines_received(shop)

    [entry] = _timeline(shop.db, rma, "received")
    assert len(entry.data["lines"]) == 3 and entry.data["qty"] == 5 and entry.to_status == "received"
    assert len(_messages(shop.db, rma, "received")) == 1
    assert stock(shop.db, "MUG-1") == (12, 12)  # every undamaged unit went back to stock once


def test_resolving_all_lines_is_one_entry_and_one_message_with_the_whole_amount(shop):
    rma, lines = _three_lines_received(shop)
    detail = returns.get_return(shop.db, rma)

    after = returns.resolve_lines(shop.owner, rma, [(line, "refund", q.requested_qty)
                                                     for line, q in zip(lines, detail.lines, strict=True)],
                                  expected_version=detail.version)

    assert after.status == "resolved"
    [entry] = _timeline(shop.db, rma, "line_resolved")
    assert entry.data["resolution"] == "refund" and len(entry.data["refund_ids"]) == 3
    total = sum((r.amount.amount for r in after.refunds), Decimal(0))
    assert total == Decimal("2") * Decimal("11.99") + Decimal("25.00") + Decimal("6.00")
    assert entry.data["amount_minor"] == int(total * 100)
    [message] = _messages(shop.db, rma, "refunded")
    assert "54,98\xa0€" in message.body  # as a German shop writes amounts, like its documents


def test_a_refusal_on_the_last_line_changes_nothing(shop):
    rma, lines = _three_lines_received(shop)
    before = dump(shop.db)

    with pytest.raises(RuleViolation):
        returns.resolve_lines(shop.owner, rma, [(lines[0], "refund", 2), (lines[1], "refund", 1),
                                                (lines[2], "refund", 5)])

    assert dump(shop.db) == before
    with shop.db.read() as s:
        assert s.scalar(select(func.count(Refund.id))) == 0


def test_a_stale_version_is_refused_for_the_whole_change(shop):
    rma, lines = _three_lines_received(shop)
    stale = returns.get_return(shop.db, rma).version - 1

    with pytest.raises(ConflictError):
        returns.resolve_lines(shop.clerk, rma, [(line, "refund", 1) for line in lines], expected_version=stale)
    assert _timeline(shop.db, rma, "line_resolved") == []
