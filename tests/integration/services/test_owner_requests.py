"""A clerk's refund above their limit becomes a request the owner approves or declines (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from returns_shop import build_shop, dump

from desktop_app.core.services import returns as svc
from desktop_app.core.services.base import InvalidInput, PermissionDenied
from desktop_app.core.services.returns import LineRequest, ReturnFilter


@pytest.fixture
def shop(database):
    return build_shop(database, clerk_limit="20")


def _asked(shop, qty=2):
    """A received return the clerk resolved with a refund above the limit (21.58 > 20.00)."""
    line = LineRequest(shop.order_lines["1001/MUG-1"], qty, "changed_mind", "", "unused")
    ret = svc.create_return(shop.clerk, "1001", [line])
    svc.approve(shop.clerk, ret.rma)
    ret = svc.receive(shop.clerk, ret.rma, {ret.lines[0].id: qty})
    return svc.resolve_line(shop.clerk, ret.rma, ret.lines[0].id, "refund", qty, external_reference="PP-77")


def test_the_request_waits_in_the_owners_filter_with_the_clerks_name(shop):
    asked = _asked(shop)
    assert asked.owner_request is not None
    assert asked.owner_request.requested_by == shop.clerk.user.display_name
    assert asked.owner_request.lines == ((asked.lines[0].id, "refund", 2),)
    assert asked.events[-1].kind == "refund_requested" and asked.events[-1].data["amount_minor"] == 2158
    assert svc.return_ids(shop.db, ReturnFilter(owner_waiting=True)) == [asked.id]
    assert svc.count_returns(shop.db, ReturnFilter(owner_waiting=True)) == 1
    owner_view = svc.get_return(shop.db, asked.rma, "owner")
    assert {"approve_request", "decline_request"} <= owner_view.allowed_actions
    assert not {"approve_request", "decline_request"} & svc.get_return(shop.db, asked.rma, "clerk").allowed_actions


def test_the_owner_approves_and_the_clerks_choice_is_paid_once(shop):
    asked = _asked(shop)
    done = svc.approve_refund_request(shop.owner, asked.rma, expected_version=asked.version)
    assert done.status == "resolved" and done.owner_request is None
    assert [(r.amount.to_minor(), r.external_reference) for r in done.refunds] == [(2158, "PP-77")]
    assert svc.count_returns(shop.db, ReturnFilter(owner_waiting=True)) == 0
    with pytest.raises(InvalidInput):  # nothing waits any more: no second payment
        svc.approve_refund_request(shop.owner, asked.rma)


def test_only_the_owner_approves_or_declines(shop):
    asked = _asked(shop)
    before = dump(shop.db)
    for action in (lambda: svc.approve_refund_request(shop.clerk, asked.rma),
                   lambda: svc.decline_refund_request(shop.clerk, asked.rma, "no")):
        with pytest.raises(PermissionDenied):
            action()
    assert dump(shop.db) == before


def test_declined_the_lines_stay_open_and_the_note_is_on_the_timeline(shop):
    asked = _asked(shop)
    declined = svc.decline_refund_request(shop.owner, asked.rma, "Offer store credit instead")
    assert declined.owner_request is None and declined.status == "received" and not declined.refunds
    assert declined.events[-1].kind == "refund_request_declined"
    assert declined.events[-1].note == "Offer store credit instead"
    assert "resolve_line" in declined.allowed_actions
