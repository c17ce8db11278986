"""Policy rules: category overrides, holiday extension, JSON round trip, validation and version diff."""

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from desktop_app.core.domain.policy import (
    CategoryRule,
    Condition,
    Fault,
    HolidayExtension,
    PolicyRules,
    Reason,
    Resolution,
    ShippingPayer,
    WindowStart,
)
from desktop_app.core.domain.policy_checks import diff_rules as diff
from desktop_app.core.domain.policy_checks import validate_rules as validate
from desktop_app.core.domain.presets import PRESETS, default_rules

BASE = PolicyRules(country="DE", currency="EUR")
FULL = PolicyRules(
    country="DE", currency="EUR", window_days=30, window_start=WindowStart.ORDER,
    holiday_extension=HolidayExtension((11, 1), (12, 24), (1, 31)),
    category_rules=(CategoryRule("Shoes", 60, False, Decimal("5"), Condition.UNUSED),
                    CategoryRule("Underwear", None, True)),
    required_condition=Condition.LIKE_NEW, restocking_fee_percent=Decimal("10.5"),
    restocking_fee_flat=Decimal("2.00"), return_shipping_payer=ShippingPayer.SHOP,
    return_shipping_cost=Decimal("4.95"), refund_original_shipping=True,
    allowed_resolutions=(Resolution.REFUND, Resolution.STORE_CREDIT, Resolution.KEEP_IT),
    store_credit_bonus_percent=Decimal("10"), keep_it_below=Decimal("15"), refund_promise_business_days=3,
)


def test_condition_rank_orders_best_to_worst():
    assert [c.rank for c in Condition] == [0, 1, 2, 3, 4]
    assert Condition.SEALED.meets(Condition.LIKE_NEW)
    assert not Condition.USED.meets(Condition.LIKE_NEW)
    assert Condition.DAMAGED.meets(None)


@pytest.mark.parametrize(("category", "window", "final", "fee", "condition"), [
    ("Shoes", 60, False, Decimal("5"), Condition.UNUSED),
    ("shoes", 60, False, Decimal("5"), Condition.UNUSED),       # category names compare case-blind
    ("Underwear", 30, True, Decimal("10.5"), Condition.LIKE_NEW),  # None keeps the general rule
    ("Books", 30, False, Decimal("10.5"), Condition.LIKE_NEW),
    (None, 30, False, Decimal("10.5"), Condition.LIKE_NEW),
])
def test_rule_for_applies_category_overrides(category, window, final, fee, condition):
    rule = FULL.rule_for(category)
    assert (rule.window_days, rule.final_sale, rule.restocking_fee_percent, rule.required_condition) == (
        window, final, fee, condition)


@pytest.mark.parametrize(("purchase", "deadline"), [
    (date(2026, 11, 1), date(2027, 1, 31)),
    (date(2026, 12, 24), date(2027, 1, 31)),
    (date(2026, 10, 31), None),
    (date(2026, 12, 25), None),
])
def test_holiday_extension(purchase, deadline):
    assert FULL.holiday_extension.deadline_for(purchase) == deadline


def test_holiday_extension_across_new_year():
    ext = HolidayExtension((12, 15), (1, 5), (2, 15))
    assert ext.deadline_for(date(2026, 12, 20)) == date(2027, 2, 15)
    assert ext.deadline_for(date(2027, 1, 3)) == date(2027, 2, 15)
    assert ext.deadline_for(date(2027, 1, 6)) is None


def test_reason_lookup_and_bilingual_label():
    assert BASE.reason("defective").fault == Fault.SHOP
    assert BASE.reason("damaged_in_transit").fault == Fault.CARRIER
    assert BASE.reason("changed_mind").fault == Fault.CUSTOMER
    assert BASE.reason("nope") is None
    label = BASE.reason("wrong_item").label()
    assert label.render("en") == "Wrong item sent" and label.render("zh_CN") == "发错商品"


@pytest.mark.parametrize("rules", [BASE, FULL, *PRESETS.values()])
def test_to_dict_round_trips_through_json(rules):
    text = json.dumps(rules.to_dict())
    assert PolicyRules.from_dict(json.loads(text)) == rules
    assert '"10.5"' in json.dumps(FULL.to_dict())  # Decimals travel as strings, never floats


def test_from_dict_keeps_unknown_keys_for_later_versions():
    data = BASE.to_dict() | {"future_rule": 3}
    assert PolicyRules.from_dict(data).extra == {"future_rule": 3}


def test_a_valid_policy_has_no_problems():
    assert validate(BASE) == [] and validate(FULL) == []


@pytest.mark.parametrize(("changes", "expected"), [
    ({"window_days": -1}, "The return window cannot be negative."),
    ({"window_days": 99999}, "The return window cannot be longer than 3660 days."),
    ({"restocking_fee_percent": Decimal("101")}, "The restocking fee cannot be more than 100 %."),
    ({"restocking_fee_percent": Decimal("-1")}, "The restocking fee cannot be negative."),
    ({"restocking_fee_flat": Decimal("-1")}, "The flat restocking fee cannot be negative."),
    ({"return_shipping_cost": Decimal("-1")}, "The return shipping cost cannot be negative."),
    ({"store_credit_bonus_percent": Decimal("150")}, "The store credit bonus cannot be more than 100 %."),
    ({"keep_it_below": Decimal("-1")}, "The keep-it limit cannot be negative."),
    ({"refund_promise_business_days": -2},
     "The refund promise cannot be a negative number of business days."),
    ({"reasons": ()}, "Add at least one return reason."),
    ({"reasons": (Reason("x", "X", "", Fault.SHOP), Reason("x", "Y", "", Fault.SHOP))},
     "The reason code x is used twice."),
    ({"reasons": (Reason(" ", "X", "", Fault.SHOP),)}, "Every return reason needs a code."),
    ({"reasons": (Reason("x", "", "", Fault.SHOP),)}, "The reason x needs an English name."),
    ({"allowed_resolutions": ()}, "Allow at least one resolution (refund, store credit, exchange...)."),
    ({"allowed_resolutions": (Resolution.REFUND, Resolution.REFUND)}, "A resolution is listed twice."),
    ({"keep_it_below": Decimal("10")}, "A keep-it limit is set but keep-it is not an allowed resolution."),
    ({"allowed_resolutions": (Resolution.KEEP_IT,)}, "Keep-it is allowed but its value limit is not set."),
    ({"store_credit_bonus_percent": Decimal("5"), "allowed_resolutions": (Resolution.REFUND,)},
     "A store credit bonus is set but store credit is not an allowed resolution."),
    ({"category_rules": (CategoryRule(""),)}, "A category rule has no category name."),
    ({"category_rules": (CategoryRule("A"), CategoryRule("a"))}, "The category a has two rules."),
    ({"category_rules": (CategoryRule("A", window_days=-3),)}, "The return window of A cannot be negative."),
    ({"category_rules": (CategoryRule("A", restocking_fee_percent=Decimal(200)),)},
     "The restocking fee of A cannot be more than 100 %."),
    ({"holiday_extension": HolidayExtension((2, 30), (12, 1), (1, 1))},
     "The holiday extension has a day that does not exist."),
    ({"currency": "XYZ"},
     "XYZ is not a currency code ReturnDesk knows (use a code such as EUR, GBP, CNY or USD)."),
    ({"country": "Germany"}, "Choose the shop's country as a two-letter code such as DE, GB or CN."),
])
def test_validation_names_each_problem(changes, expected):
    problems = validate(replace(BASE, **changes))
    assert expected in [p.render("en") for p in problems]
    assert all(p.render("zh_CN") != p.render("en") for p in problems)


def test_diff_lists_what_changed():
    gift = Reason("gift", "Unwanted gift", "礼物", Fault.CUSTOMER)
    after = replace(BASE, window_days=45, reasons=(*BASE.reasons, gift), refund_original_shipping=True)
    lines = [m.render("en") for m in diff(BASE, after)]
    assert "Return window (days) changed from 30 to 45." in lines
    assert "Return reasons: added gift." in lines
    assert "Refund original shipping changed from no to yes." in lines
    assert len(lines) == 3
    assert diff(BASE, BASE) == []
    assert "退货期限" in diff(BASE, after)[0].render("zh_CN")


def test_default_rules_start_from_the_country_preset():
    assert default_rules("fr", "EUR").window_days == 14 and default_rules("fr", "EUR").country == "FR"
    assert default_rules("CN", "CNY") == replace(PRESETS["cn"], country="CN")
    assert default_rules("US", "USD") == PolicyRules(country="US", currency="USD")
