"""Auto-approve rules: the pure decision (which rule approved, or why the request waits), JSON, checks, diff."""

import json
from dataclasses import replace
from decimal import Decimal

import pytest

from desktop_app.core.domain.auto_rules import KEEP_IT, REFUND_LIMIT, AutoApprove, approved_by_sentence
from desktop_app.core.domain.autoapprove import AutoLine, decide_auto_approval
from desktop_app.core.domain.money import Money
from desktop_app.core.domain.policy import CurrencyAmounts, PolicyRules, Resolution
from desktop_app.core.domain.policy_checks import diff_rules, validate_rules

RULES = PolicyRules(
    country="DE", currency="EUR", keep_it_below=Decimal(10),
    allowed_resolutions=(Resolution.REFUND, Resolution.STORE_CREDIT, Resolution.KEEP_IT),
    auto_approve=AutoApprove(refund_max=Decimal(50), reasons=("defective", "wrong_item"), keep_it_max=Decimal(8)),
).with_amounts(CurrencyAmounts("USD", auto_approve_max=Decimal(60)))

OK = AutoLine(eligible=True, keep_it=False, reason_code="defective")
KEPT = AutoLine(eligible=True, keep_it=True, reason_code="changed_mind")
OUT = AutoLine(eligible=False, keep_it=False, reason_code="defective")
MIND = AutoLine(eligible=True, keep_it=False, reason_code="changed_mind")


@pytest.mark.parametrize(("lines", "refund", "flagged", "rule", "why"), [
    ((OK,), "50.00", False, REFUND_LIMIT, None),  # at most X: exactly the limit is approved
    ((OK, replace(OK, reason_code="wrong_item")), "12.00", False, REFUND_LIMIT, None),
    ((OK,), "50.01", False, None, "above the auto-approve limit of €50.00"),
    ((OK, MIND), "20.00", False, None, "The reason Changed my mind is not one the shop approves at once."),
    ((OK, OUT), "20.00", False, None, "A line is outside the policy."),
    ((OK,), "5.00", True, None, "The customer is flagged"),
    ((KEPT,), "8.00", False, KEEP_IT, None),  # keep-it needs no reason from the set
    ((KEPT, replace(KEPT, reason_code=None)), "7.99", False, KEEP_IT, None),
    ((KEPT,), "8.01", False, None, "The reason Changed my mind is not one"),  # over keep-it max: refund rule
    ((replace(KEPT, reason_code="defective"), OK), "6.00", False, REFUND_LIMIT, None),  # one line goes back
    ((KEPT,), "3.00", True, None, "The customer is flagged"),
    ((), "0.00", False, None, "A line is outside the policy."),
])
def test_the_rule_table(lines, refund, flagged, rule, why):
    verdict = decide_auto_approval(RULES, lines, Money.of(refund, "EUR"), flagged)
    assert verdict.rule == rule and verdict.approved == (rule is not None)
    texts = " ".join(m.render("en") for m in verdict.waits)
    assert (why is None and texts == "") or (why is not None and why in texts)


@pytest.mark.parametrize(("currency", "refund", "rule"), [
    ("USD", "60.00", REFUND_LIMIT),  # the USD limit, not the EUR one
    ("USD", "60.01", None),
    ("GBP", "1.00", None),  # no amounts for GBP: nothing is approved at once
])
def test_each_currency_has_its_own_limit(currency, refund, rule):
    verdict = decide_auto_approval(RULES, (OK,), Money.of(refund, currency), False)
    assert verdict.rule == rule
    if currency == "GBP":
        assert "No auto-approve rule is set for orders in GBP." in verdict.waits[0].render("en")


def test_keep_it_rule_off_in_a_currency_without_keep_it_limit():
    verdict = decide_auto_approval(RULES, (KEPT,), Money.of("1.00", "USD"), False)
    assert verdict.rule is None  # USD has no keep-it limit and changed_mind is not in the set


def test_without_rules_everything_waits():
    plain = PolicyRules(country="DE", currency="EUR")
    verdict = decide_auto_approval(plain, (OK,), Money.of("1.00", "EUR"), False)
    assert not verdict.approved and "No auto-approve rule" in verdict.waits[0].render("en")


def test_rules_survive_the_json_round_trip_and_old_policies_load_without_them():
    back = PolicyRules.from_dict(json.loads(json.dumps(RULES.to_dict())))
    assert back == RULES
    assert back.auto_approve.reasons == ("defective", "wrong_item")
    assert back.amounts_for("USD") == CurrencyAmounts("USD", auto_approve_max=Decimal(60))
    old = RULES.to_dict()
    del old["auto_approve"]
    for amounts in old["currency_amounts"]:
        del amounts["auto_approve_max"], amounts["auto_keep_it_max"]
    loaded = PolicyRules.from_dict(old)
    assert loaded.auto_approve == AutoApprove() and not loaded.auto_approve.active
    assert decide_auto_approval(loaded, (OK,), Money.of("1.00", "USD"), False).rule is None


@pytest.mark.parametrize(("auto", "problem"), [
    (AutoApprove(refund_max=Decimal(-1), reasons=("defective",)), "The auto-approve limits cannot be negative."),
    (AutoApprove(refund_max=Decimal(20), reasons=("nonsense",)), "names the reason nonsense"),
    (AutoApprove(refund_max=Decimal(20)), "Choose the reasons whose requests are approved at once"),
    (AutoApprove(refund_max=Decimal(20), reasons=("defective", "defective")), "listed twice"),
])
def test_validate_names_each_problem(auto, problem):
    texts = [m.render("en") for m in validate_rules(replace(RULES, auto_approve=auto))]
    assert any(problem in t for t in texts), texts


def test_validate_keep_it_rule_needs_keep_it_offered():
    rules = replace(RULES, allowed_resolutions=(Resolution.REFUND,), keep_it_below=Decimal(0))
    texts = [m.render("en") for m in validate_rules(rules)]
    assert any("keep-it is not an allowed resolution" in t for t in texts)
    assert validate_rules(RULES) == []


def test_diff_names_each_changed_auto_rule():
    changed = replace(RULES, auto_approve=replace(RULES.auto_approve, refund_max=Decimal(75), reasons=("defective",)))
    texts = [m.render("en") for m in diff_rules(RULES, changed)]
    assert "Auto-approve refunds up to changed from 50 to 75." in texts
    assert "Auto-approve reasons changed from defective, wrong_item to defective." in texts
    assert len(texts) == 2


def test_the_timeline_sentence_names_the_rule_in_both_languages():
    assert approved_by_sentence(KEEP_IT).render("en") == (
        "Approved at once by the auto-approve rule: keep-it below a value.")
    assert "keep-it" not in approved_by_sentence(KEEP_IT).render("zh_CN")
