"""The one judge of a draft return: the live verdict is what creating the return records, and changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from returns_shop import build_shop, dump

from desktop_app.core.domain.errors import RuleViolation
from desktop_app.core.domain.money import Money
from desktop_app.core.services import returns as svc
from desktop_app.core.services.base import InvalidInput, NotFound
from desktop_app.core.services.returns import LineRequest


@pytest.fixture
def shop(database):
    return build_shop(database, clerk_limit="20")  # a clerk may refund up to 20.00 EUR at once


def test_the_draft_verdict_is_what_the_created_return_records(shop):
    lines = [LineRequest(shop.order_lines["1001/MUG-1"], 1, "changed_mind", "", "like_new"),
             LineRequest(shop.order_lines["1001/PIN-1"], 2, "defective", "", "damaged")]
    before = dump(shop.db)
    verdict = svc.judge_draft(shop.clerk, "1001", lines, "refund")
    assert dump(shop.db) == before  # judging writes nothing
    assert [(v.sku, v.quantity) for v in verdict.lines] == [("MUG-1", 1), ("PIN-1", 2)]
    assert verdict.within_policy and verdict.policy_number == 1 and verdict.currency == "EUR"
    assert verdict.total == sum((v.pays for v in verdict.lines), Money.zero("EUR"))
    assert verdict.total > Money.zero("EUR")
    created = svc.create_return(shop.clerk, "1001", lines, resolution="refund")
    recorded = {ln.order_line_id: [m.render("en") for m in ln.explanation] for ln in created.lines}
    assert recorded == {v.order_line_id: [m.render("en") for m in v.decision.explanation] for v in verdict.lines}


def test_the_clerks_refund_limit_decides_who_may_approve(shop):
    one = [LineRequest(shop.order_lines["1001/MUG-1"], 1, "defective", "", "damaged")]
    three = [LineRequest(shop.order_lines["1001/MUG-1"], 3, "defective", "", "damaged")]
    within = svc.judge_draft(shop.clerk, "1001", one)
    assert within.refund_limit_minor == 2000 and not within.over_limit and within.may_approve
    above = svc.judge_draft(shop.clerk, "1001", three)
    assert above.total.amount == Decimal("35.97") and above.over_limit and not above.may_approve
    owner = svc.judge_draft(shop.owner, "1001", three)
    assert owner.refund_limit_minor is None and not owner.over_limit and owner.may_approve


def test_outside_the_policy_the_verdict_says_why_and_create_refuses_the_same(shop):
    worn = [LineRequest(shop.order_lines["1001/TEE-M"], 1, "changed_mind", "", "used")]
    verdict = svc.judge_draft(shop.clerk, "1001", worn)
    assert not verdict.within_policy and not verdict.may_approve
    assert verdict.total == Money.zero("EUR")
    refusals = [m.render("en") for m in verdict.lines[0].decision.refusals]
    assert refusals
    with pytest.raises(RuleViolation) as refused:
        svc.create_return(shop.clerk, "1001", worn)
    assert all(text in refused.value.render("en") for text in refusals)


def test_bad_drafts_are_refused_in_one_sentence(shop):
    mug = shop.order_lines["1001/MUG-1"]
    with pytest.raises(NotFound, match="no order 9999"):
        svc.judge_draft(shop.clerk, "9999", [LineRequest(mug, 1, "defective")])
    with pytest.raises(InvalidInput, match="has no line"):
        svc.judge_draft(shop.clerk, "1002", [LineRequest(mug, 1, "defective")])
    with pytest.raises(InvalidInput, match="at least 1"):
        svc.judge_draft(shop.clerk, "1001", [LineRequest(mug, 0, "defective")])
    with pytest.raises(InvalidInput, match="not a resolution"):
        svc.judge_draft(shop.clerk, "1001", [LineRequest(mug, 1, "defective")], "swap")
