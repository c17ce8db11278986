"""Legal presets checked against the minimums they encode; the shortfall check names each gap."""

from dataclasses import replace
from decimal import Decimal

import pytest

from desktop_app.core.domain.policy import CategoryRule, Condition, Resolution, WindowStart
from desktop_app.core.domain.policy_checks import validate_rules as validate
from desktop_app.core.domain.presets import PRESETS, legal_minimum, legal_shortfalls


@pytest.mark.parametrize(("key", "country"), [("eu", "DE"), ("eu", "FR"), ("uk", "GB"), ("cn", "CN")])
def test_each_preset_meets_its_legal_minimum(key, country):
    preset = PRESETS[key]
    minimum = legal_minimum(country)
    assert validate(preset) == []
    assert legal_shortfalls(preset, country) == []
    assert preset.window_days >= minimum.window_days
    assert preset.window_start == minimum.window_start
    assert preset.restocking_fee_percent == 0 and preset.restocking_fee_flat == 0
    assert preset.refund_original_shipping or not minimum.refund_original_shipping
    assert preset.refund_promise_business_days <= minimum.refund_within_business_days
    assert Resolution.REFUND in preset.allowed_resolutions


@pytest.mark.parametrize(("country", "days", "from_delivery_shipping"), [
    ("DE", 14, True), ("IE", 14, True), ("NO", 14, True), ("GB", 14, True), ("UK", 14, True),
    ("CN", 7, False),
])
def test_legal_minimums_encode_the_law(country, days, from_delivery_shipping):
    minimum = legal_minimum(country)
    assert minimum.window_days == days
    assert minimum.window_start == WindowStart.DELIVERY
    assert minimum.refund_original_shipping is from_delivery_shipping
    assert not minimum.fees_allowed


def test_china_exempts_the_goods_named_in_article_25():
    assert {"custom_made", "perishable", "digital", "newspapers"} <= legal_minimum("CN").exempt_categories
    assert legal_minimum("CN").max_required_condition == Condition.LIKE_NEW


def test_no_minimum_for_countries_without_a_preset():
    assert legal_minimum("US") is None
    assert legal_shortfalls(PRESETS["eu"], "US") == []


@pytest.mark.parametrize(("key", "changes", "fragment"), [
    ("eu", {"window_days": 10}, "shorter than the 14 days required by Directive 2011/83/EU"),
    ("cn", {"window_days": 5}, "shorter than the 7 days required by Consumer Rights Protection Law art. 25"),
    ("uk", {"window_start": WindowStart.ORDER}, "counts from delivery"),
    ("eu", {"category_rules": (CategoryRule("Shoes", final_sale=True),)}, "Category Shoes is final sale"),
    ("eu", {"category_rules": (CategoryRule("Shoes", window_days=7),)}, "Category Shoes has a 7-day window"),
    ("cn", {"category_rules": (CategoryRule("Shoes", restocking_fee_percent=Decimal(5)),)},
     "Category Shoes charges a restocking fee"),
    ("eu", {"restocking_fee_flat": Decimal("3")}, "The policy charges a restocking fee"),
    ("uk", {"refund_original_shipping": False}, "requires refunding the original standard delivery charge"),
    ("eu", {"refund_promise_business_days": 15}, "requires at most 10"),
    ("cn", {"refund_promise_business_days": 6}, "requires at most 5"),
    ("eu", {"required_condition": Condition.LIKE_NEW}, "Requiring items to be like new is stricter"),
    ("cn", {"required_condition": Condition.SEALED}, "Requiring items to be sealed is stricter"),
    ("cn", {"allowed_resolutions": (Resolution.STORE_CREDIT,)}, "allow the refund resolution"),
])
def test_each_shortfall_is_named(key, changes, fragment):
    draft = replace(PRESETS[key], **changes)
    messages = legal_shortfalls(draft)
    assert any(fragment in m.render("en") for m in messages), [m.render("en") for m in messages]
    assert all(m.render("zh_CN") != m.render("en") for m in messages)


def test_no_customer_choice_reason_is_a_shortfall():
    draft = replace(PRESETS["eu"], reasons=tuple(r for r in PRESETS["eu"].reasons if r.fault != "customer"))
    assert any("without a reason" in m.render("en") for m in legal_shortfalls(draft))


def test_a_more_generous_draft_has_no_shortfall():
    draft = replace(PRESETS["cn"], window_days=30, required_condition=Condition.USED,
                    refund_original_shipping=True, refund_promise_business_days=2)
    assert legal_shortfalls(draft) == []
