"""A queued message that a later change contradicts is held for a person, never sent after the change."""

from __future__ import annotations

import pytest

from desktop_app.core.notify import hooks
from desktop_app.core.notify.held import HELD_BECAUSE
from desktop_app.core.notify.outbox import list_outbox, mark_sent_by_hand, requeue
from desktop_app.core.services import returns
from tests.integration.services.returns_shop import build_shop, with_hooks


@pytest.fixture
def shop(database):
    return with_hooks(build_shop(database), hooks.CUSTOMER_MESSAGES)


def _states(shop, rma):
    return [(m.event, m.state) for m in reversed(list_outbox(shop.db, rma=rma))]


def _new_return(shop, qty: int = 1):
    return returns.create_return(shop.owner, "1001",
                                 [(shop.order_lines["1001/MUG-1"], qty, "defective", "", "like_new")])


def test_an_approval_still_waiting_is_held_when_another_desk_rejects(shop):
    rma = _new_return(shop).rma
    returns.approve(shop.clerk, rma)
    assert _states(shop, rma) == [("approved", "queued")]
    returns.reject(shop.owner, rma, "photos show a used item")
    assert _states(shop, rma) == [("approved", "held"), ("rejected", "queued")]  # only the rejection goes out
    held = list_outbox(shop.db, rma=rma)[-1]
    assert held.last_error == HELD_BECAUSE and held.next_attempt_at is None
    timeline = returns.get_return(shop.db, rma).events
    assert [e.kind for e in timeline if e.kind.startswith("message_")][-2:] == ["message_held", "message_queued"]
    requeue(shop.owner, held.id)  # a person may still decide to send it
    assert _states(shop, rma)[0] == ("approved", "queued")


def test_cancelling_holds_the_approval_and_reopening_holds_the_rejection(shop):
    rma = _new_return(shop).rma
    returns.approve(shop.clerk, rma)
    returns.cancel(shop.owner, rma, "customer keeps it after all")
    assert _states(shop, rma) == [("approved", "held")]
    other = _new_return(shop).rma
    returns.reject(shop.owner, other, "outside the window")
    returns.reopen(shop.owner, other, "the window was counted from the wrong day")
    assert _states(shop, other) == [("rejected", "held")]


def test_a_message_already_sent_is_left_as_it_was(shop):
    rma = _new_return(shop).rma
    returns.approve(shop.clerk, rma)
    mark_sent_by_hand(shop.clerk, list_outbox(shop.db, rma=rma)[0].id)
    returns.reject(shop.owner, rma, "changed our mind")
    assert _states(shop, rma) == [("approved", "sent"), ("rejected", "queued")]


def test_a_reversed_receipt_holds_the_received_message(shop):
    created = _new_return(shop, qty=2)
    rma, line = created.rma, created.lines[0]
    returns.approve(shop.clerk, rma)
    returns.receive(shop.clerk, rma, {line.id: (2, 0)})
    mark_sent_by_hand(shop.clerk, list_outbox(shop.db, rma=rma)[-1].id)  # the approval went out earlier
    returns.reverse_receipt(shop.owner, rma, line.id, 2, "scanned the wrong parcel")
    assert _states(shop, rma) == [("approved", "sent"), ("received", "held")]
