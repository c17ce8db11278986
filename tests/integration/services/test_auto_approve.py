"""Auto-approve rules applied by create_return, on SQLite and PostgreSQL: desk and portal alike, flags respected."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from returns_shop import RULES, build_shop, dump, with_hooks

from desktop_app.core.domain.auto_rules import KEEP_IT, REFUND_LIMIT, AutoApprove
from desktop_app.core.notify import hooks
from desktop_app.core.notify.outbox import list_outbox
from desktop_app.core.services import customers, policies
from desktop_app.core.services import returns as svc
from desktop_app.core.services.base import InvalidInput, NotFound, PermissionDenied
from desktop_app.core.services.returns import LineRequest

AUTO = AutoApprove(refund_max=Decimal(20), reasons=("defective", "wrong_item"), keep_it_max=Decimal(4))


@pytest.fixture
def shop(database):
    built = build_shop(database, clerk_limit="100")
    draft = policies.save_draft(built.owner, replace(RULES, auto_approve=AUTO), title="auto")
    policies.publish(built.owner, draft.id)
    return built


def _mugs(shop, qty, reason="defective"):
    return [LineRequest(shop.order_lines["1001/MUG-1"], qty, reason, "", "like_new")]


def _approval(detail):
    return [e for e in detail.events if e.kind == "approved"]


def test_a_desk_request_under_the_limit_is_approved_and_the_event_names_the_rule(shop):
    verdict = svc.judge_draft(shop.clerk, "1001", _mugs(shop, 1), "refund")
    assert verdict.auto.rule == REFUND_LIMIT  # the live verdict already says so
    created = svc.create_return(shop.clerk, "1001", _mugs(shop, 1), resolution="refund")
    assert created.status == "approved" and created.approved_at is not None and created.channel == "desk"
    assert [e.kind for e in created.events] == ["created", "approved"]
    assert _approval(created)[0].data["auto_rule"] == REFUND_LIMIT
    assert svc.get_return(shop.db, created.rma).status == "approved"  # committed, not only returned


def test_over_the_limit_or_another_reason_waits_for_a_person(shop):
    over = svc.create_return(shop.clerk, "1001", _mugs(shop, 2), resolution="refund")  # 23.98 > 20.00
    assert over.status == "requested" and not _approval(over)
    verdict = svc.judge_draft(shop.clerk, "1001", _mugs(shop, 1, "changed_mind"), "refund")
    assert verdict.auto.rule is None
    assert "Changed my mind" in verdict.auto.waits[0].render("en")
    mind = svc.create_return(shop.clerk, "1001", _mugs(shop, 1, "changed_mind"), resolution="refund")
    assert mind.status == "requested"


def test_portal_requests_follow_the_same_rules(shop):
    portal = svc.create_return(shop.owner, "1002", [LineRequest(shop.order_lines["1002/MUG-1"], 1, "wrong_item",
                                                                "", "like_new")], "refund", channel="portal")
    assert portal.channel == "portal" and portal.status == "approved"
    assert _approval(portal)[0].data["auto_rule"] == REFUND_LIMIT


def test_keep_it_below_the_value_is_approved_by_the_keep_it_rule(shop):
    both = [LineRequest(shop.order_lines["1001/PIN-1"], 2, "changed_mind", "", "like_new")]
    assert svc.judge_draft(shop.clerk, "1001", both, "refund").auto.rule is None  # 6.00: the parcel comes back
    one = [LineRequest(shop.order_lines["1001/PIN-1"], 1, "changed_mind", "", "like_new")]
    kept = svc.create_return(shop.clerk, "1001", one, resolution="keep_it")
    assert kept.status == "approved" and _approval(kept)[0].data["auto_rule"] == KEEP_IT
    assert not kept.shipping.needs_parcel


def test_a_flagged_customer_always_waits_until_the_owner_takes_the_flag_off(shop):
    with pytest.raises(PermissionDenied):
        customers.flag_customer(shop.clerk, "anna@example.com", "chargebacks")
    before = dump(shop.db)
    with pytest.raises(InvalidInput):
        customers.flag_customer(shop.owner, "anna@example.com", "   ")
    with pytest.raises(NotFound):
        customers.flag_customer(shop.owner, "nobody@example.com", "x")
    assert dump(shop.db) == before
    flag = customers.flag_customer(shop.owner, "ANNA@example.com", "three chargebacks in 2026")
    assert flag.flagged and flag.flag_reason == "three chargebacks in 2026"
    waits = svc.create_return(shop.clerk, "1001", _mugs(shop, 1), resolution="refund")
    assert waits.status == "requested"
    assert waits.customer_flag == "three chargebacks in 2026"  # whoever reviews it sees why
    assert not customers.unflag_customer(shop.owner, str(flag.customer_id)).flagged
    assert svc.create_return(shop.clerk, "1001", _mugs(shop, 1), resolution="refund").status == "approved"


def test_without_rules_nothing_is_approved_at_once(database):
    plain = build_shop(database)
    created = svc.create_return(plain.clerk, "1001", _mugs(plain, 1), resolution="refund")
    assert created.status == "requested" and not _approval(created)


def test_an_auto_approved_request_queues_the_approval_message_at_once(shop):
    hooked = with_hooks(shop, hooks.CUSTOMER_MESSAGES)
    created = svc.create_return(hooked.clerk, "1001", _mugs(shop, 1), resolution="refund")
    assert [m.event for m in list_outbox(shop.db, rma=created.rma)] == ["approved"]
