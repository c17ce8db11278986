"""Every guard of the returns lifecycle through the services: refused with a clear sentence, nothing changed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from returns_shop import RULES, build_shop, dump, stock

from desktop_app.core.domain.errors import RuleViolation
from desktop_app.core.domain.policy import Resolution
from desktop_app.core.i18n import UserFacingError
from desktop_app.core.services import policies
from desktop_app.core.services import returns as svc
from desktop_app.core.services.base import ConflictError, InvalidInput, PermissionDenied, ServiceContext
from desktop_app.core.services.returns import LineRequest


@pytest.fixture
def shop(database):
    return build_shop(database, clerk_limit="20")


def _received(shop, sku="MUG-1", qty=2, order="1001", reason="changed_mind"):
    line = LineRequest(shop.order_lines[f"{order}/{sku}"], qty, reason, "", "unused")
    ret = svc.create_return(shop.clerk, order, [line])
    svc.approve(shop.clerk, ret.rma)
    return svc.receive(shop.clerk, ret.rma, {ret.lines[0].id: qty})


def _refused(shop, error, action, *words):
    """Run an action that must be refused; return the refusal after checking the database is unchanged."""
    before = dump(shop.db)
    with pytest.raises(error) as refused:
        action()
    text = refused.value.render("en")
    for word in words:
        assert word in text
    assert refused.value.render("zh_CN") != ""
    assert dump(shop.db) == before
    return refused.value


def test_cancel_after_receipt_is_refused(shop):
    ret = _received(shop)
    _refused(shop, RuleViolation, lambda: svc.cancel(shop.clerk, ret.rma), "cannot be cancelled")
    assert "cancel" not in svc.get_return(shop.db, ret.rma).allowed_actions


def test_a_line_is_never_returned_beyond_what_was_bought_across_returns(shop):
    line = shop.order_lines["1001/MUG-1"]
    first = svc.create_return(shop.clerk, "1001", [LineRequest(line, 2, "defective")])
    _refused(shop, RuleViolation,
             lambda: svc.create_return(shop.clerk, "1001", [LineRequest(line, 2, "defective")]),
             "Only 1 of the 3")
    # Not even the owner's goodwill goes beyond what was bought.
    _refused(shop, RuleViolation, lambda: svc.create_return(
        shop.owner, "1001", [LineRequest(line, 2, "defective")], goodwill_reason="regular"))
    svc.cancel(shop.clerk, first.rma)  # a cancelled return frees its units
    assert svc.create_return(shop.clerk, "1001", [LineRequest(line, 3, "defective")]).status == "requested"


def test_reopening_a_cancelled_return_cannot_approve_units_given_to_another(shop):
    line = shop.order_lines["1002/MUG-1"]
    first = svc.create_return(shop.clerk, "1002", [LineRequest(line, 2, "defective")])
    svc.cancel(shop.clerk, first.rma)
    svc.create_return(shop.clerk, "1002", [LineRequest(line, 1, "defective")])
    svc.reopen(shop.owner, first.rma, "customer changed their mind again")
    _refused(shop, RuleViolation, lambda: svc.approve(shop.clerk, first.rma), "not already in another return")


def test_receiving_more_than_requested_is_refused_with_the_unexpected_item_hint(shop):
    line = LineRequest(shop.order_lines["1001/MUG-1"], 1, "defective")
    ret = svc.create_return(shop.clerk, "1001", [line])
    svc.approve(shop.clerk, ret.rma)
    _refused(shop, RuleViolation, lambda: svc.receive(shop.clerk, ret.rma, {ret.lines[0].id: 2}),
             "unexpected item")
    flagged = svc.record_unexpected_item(shop.clerk, ret.rma, 1, sku="PIN-1", note="a pin was in the box")
    assert flagged.flagged is True and flagged.lines[-1].unexpected and flagged.lines[-1].sku == "PIN-1"
    assert flagged.events[-1].kind == "unexpected_item" and flagged.events[-1].data["needs_owner"] is True
    assert stock(shop.db, "PIN-1") == (10, 10)  # never restocked before the owner looks
    assert [s.flagged for s in svc.list_returns(shop.db, search=ret.rma)] == [True]


def test_damaged_units_never_go_back_to_stock(shop):
    line = LineRequest(shop.order_lines["1001/MUG-1"], 2, "defective")
    ret = svc.create_return(shop.clerk, "1001", [line])
    svc.approve(shop.clerk, ret.rma)
    svc.receive(shop.clerk, ret.rma, {ret.lines[0].id: (2, 2)})
    assert stock(shop.db, "MUG-1") == (10, 10)


def test_an_exchange_needs_an_outgoing_item(shop):
    ret = _received(shop, sku="TEE-M", qty=1, reason="wrong_size")
    line_id = ret.lines[0].id
    _refused(shop, RuleViolation, lambda: svc.resolve_line(shop.clerk, ret.rma, line_id, "exchange", 1),
             "needs the item to send out")
    _refused(shop, InvalidInput, lambda: svc.resolve_line(shop.clerk, ret.rma, line_id, "exchange", 1,
                                                          exchange_sku="NO-SUCH"), "NO-SUCH")


def test_a_second_refund_of_the_same_units_is_refused(shop):
    ret = _received(shop, qty=1)
    line_id = ret.lines[0].id
    svc.resolve_line(shop.clerk, ret.rma, line_id, "refund", 1)
    svc.reopen(shop.owner, ret.rma, "check the refund again")
    _refused(shop, RuleViolation, lambda: svc.resolve_line(shop.owner, ret.rma, line_id, "refund", 1),
             "paid for twice")
    _refused(shop, RuleViolation, lambda: svc.resolve_line(shop.owner, ret.rma, line_id, "store_credit", 1),
             "paid for twice")


def test_a_clerks_refund_above_the_limit_waits_for_the_owner_and_pays_nothing(shop):
    ret = _received(shop, qty=2)  # 21.58 after the fee; the clerk limit is 20.00
    line_id = ret.lines[0].id
    asked = svc.resolve_line(shop.clerk, ret.rma, line_id, "refund", 2)
    assert asked.status == "received" and not asked.refunds
    assert asked.owner_request is not None and asked.owner_request.amount.to_minor() == 2158
    assert "approve_request" not in asked.allowed_actions  # the clerk cannot approve their own request
    svc.resolve_line(shop.clerk, ret.rma, line_id, "refund", 1)  # 10.79 is within the limit: paid at once
    detail = svc.get_return(shop.db, ret.rma, "owner")
    assert detail.owner_request is None and len(detail.refunds) == 1
    assert svc.resolve_line(shop.owner, ret.rma, line_id, "refund", 1).status == "resolved"


@pytest.mark.parametrize("action", [
    lambda s, r, line: svc.reopen(s.clerk, r, "because"),
    lambda s, r, line: svc.reverse_receipt(s.clerk, r, line, 1, "scanned twice"),
    lambda s, r, line: svc.reverse_refund(s.clerk, r, line, 1, "wrong card"),
    lambda s, r, line: svc.goodwill_refund(s.clerk, r, line, "loyal customer"),
    lambda s, r, line: svc.create_return(s.clerk, "1002", [LineRequest(s.order_lines["1002/MUG-1"], 1,
                                                                       "changed_mind", "", "used")],
                                         goodwill_reason="regular"),
], ids=["reopen", "reverse_receipt", "reverse_refund", "goodwill", "override"])
def test_a_clerk_cannot_override_reverse_or_reopen(shop, action):
    ret = _received(shop, qty=2)
    svc.resolve_line(shop.clerk, ret.rma, ret.lines[0].id, "refund", 1)
    refusal = _refused(shop, PermissionDenied, lambda: action(shop, ret.rma, ret.lines[0].id), "Only the owner")
    assert "只有店主" in refusal.render("zh_CN")


def test_a_stale_version_is_refused_naming_who_changed_it(shop):
    line = LineRequest(shop.order_lines["1001/MUG-1"], 1, "defective")
    seen = svc.create_return(shop.clerk, "1001", [line])
    svc.add_note(shop.owner, seen.rma, "phone", "Customer called")
    refusal = _refused(shop, ConflictError,
                       lambda: svc.approve(shop.clerk, seen.rma, expected_version=seen.version),
                       "Olga Owner", "Nothing was overwritten")
    assert "Olga Owner" in refusal.render("zh_CN")


def test_changes_need_a_signed_in_user_and_bad_values_get_sentences(shop):
    line = LineRequest(shop.order_lines["1001/MUG-1"], 1, "defective")
    _refused(shop, PermissionDenied, lambda: svc.create_return(ServiceContext(shop.db), "1001", [line]))
    _refused(shop, UserFacingError, lambda: svc.create_return(shop.clerk, "9999", [line]), "no order 9999")
    _refused(shop, InvalidInput, lambda: svc.create_return(shop.clerk, "1002", [line]), "has no line")
    _refused(shop, InvalidInput, lambda: svc.create_return(shop.clerk, "1001", [line], resolution="cash"))
    ret = svc.create_return(shop.clerk, "1001", [line])
    _refused(shop, InvalidInput, lambda: svc.add_note(shop.clerk, ret.rma, "fax", "hello"))
    _refused(shop, InvalidInput, lambda: svc.attach_file(shop.clerk, ret.rma, "empty.jpg", b""))
    _refused(shop, UserFacingError, lambda: svc.approve(shop.clerk, "R-999999"), "no return R-999999")
    _refused(shop, RuleViolation, lambda: svc.reject(shop.clerk, ret.rma, "  "), "Give a reason")


def test_a_return_keeps_the_policy_version_it_was_judged_under(shop):
    under_v1 = _received(shop, sku="TEE-M", qty=1, reason="wrong_size")
    draft = policies.save_draft(shop.owner, RULES.with_changes(
        allowed_resolutions=(Resolution.REFUND,), keep_it_below=Decimal(0), store_credit_bonus_percent=Decimal(0)))
    policies.publish(shop.owner, draft.id)
    under_v2 = _received(shop, sku="MUG-1", qty=1, reason="wrong_size")
    assert (under_v1.policy_version_number, under_v2.policy_version_number) == (1, 2)
    _refused(shop, RuleViolation, lambda: svc.resolve_line(shop.clerk, under_v2.rma, under_v2.lines[0].id,
                                                           "exchange", 1, exchange_sku="MUG-1"),
             "does not offer")
    done = svc.resolve_line(shop.clerk, under_v1.rma, under_v1.lines[0].id, "exchange", 1, exchange_sku="TEE-L")
    assert done.status == "resolved"
