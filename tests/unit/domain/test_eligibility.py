"""Eligibility: one table row per rule of evaluate(), with the money worked out by hand."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from desktop_app.core.domain.calendar import BusinessCalendar
from desktop_app.core.domain.eligibility import PurchasedLine, ReturnRequest, evaluate
from desktop_app.core.domain.money import Money
from desktop_app.core.domain.policy import (
    CategoryRule,
    Condition,
    Fault,
    HolidayExtension,
    PolicyRules,
    Resolution,
    ShippingPayer,
    WindowStart,
)

POLICY = PolicyRules(
    country="DE", currency="EUR", window_days=30, window_start=WindowStart.DELIVERY,
    category_rules=(CategoryRule("Underwear", final_sale=True),
                    CategoryRule("Shoes", window_days=60, restocking_fee_percent=Decimal(0))),
    required_condition=Condition.LIKE_NEW, restocking_fee_percent=Decimal(10), restocking_fee_flat=Decimal(1),
    return_shipping_payer=ShippingPayer.CUSTOMER, return_shipping_cost=Decimal("4.95"),
    refund_original_shipping=True,
    allowed_resolutions=(Resolution.REFUND, Resolution.STORE_CREDIT, Resolution.EXCHANGE, Resolution.KEEP_IT),
    store_credit_bonus_percent=Decimal(10), keep_it_below=Decimal(10),
)
LINE = PurchasedLine(order_line_id=7, sku="TEE-M", category="Shirts", currency="EUR",
                     unit_price_paid=Decimal("19.99"), unit_tax=Decimal("3.19"), quantity=2,
                     already_returned_qty=0, order_date=date(2026, 3, 1), delivered_date=date(2026, 3, 3),
                     shipping_paid_share=Decimal("4.00"))


def req(qty=1, reason="changed_mind", condition=Condition.LIKE_NEW, on=date(2026, 3, 10), resolution=None):
    return ReturnRequest(qty, reason, condition, on, resolution)


def eur(text):
    return Money.of(text, "EUR")


def texts(decision, lang="en"):
    return [m.render(lang) for m in decision.explanation]


def test_customer_choice_pays_fee_and_label_and_gets_the_rest():
    d = evaluate(POLICY, LINE, req())
    assert d.eligible and d.refusals == ()
    assert d.fault == Fault.CUSTOMER
    assert d.deadline == date(2026, 4, 2) and d.days_left == 23
    assert d.restocking_fee == eur("3.00")           # 10 % of 19.99 = 2.00 (half-up) + 1.00 flat
    assert d.shipping_payer == ShippingPayer.CUSTOMER and d.shipping_charge == eur("4.95")
    assert d.original_shipping_refund == eur("2.00")  # half of the line's 4.00 shipping share
    assert d.refund(Resolution.REFUND) == eur("14.04")  # 19.99 + 2.00 - 3.00 - 4.95
    assert d.refund(Resolution.EXCHANGE) == eur("14.04")
    assert d.refund(Resolution.STORE_CREDIT) == eur("16.04")  # + 10 % bonus on the goods (2.00)
    assert Resolution.KEEP_IT not in d.refund_by_resolution and not d.keep_it
    # goods tax 3.19 + shipping 0.32 - fee 0.48 - label 0.79, each at the line's rate (3.19 / 19.99)
    assert d.refund_tax_share == eur("2.24") == d.refund_tax(Resolution.REFUND)
    assert "Restocking fee: €3.00." in texts(d)
    assert "The return label is prepaid; its cost of €4.95 is taken from the refund." in texts(d)
    assert "退款：€14.04。" in texts(d, "zh_CN")


@pytest.mark.parametrize(("reason", "fault"), [("defective", Fault.SHOP), ("wrong_item", Fault.SHOP),
                                               ("damaged_in_transit", Fault.CARRIER)])
def test_shop_and_carrier_fault_waive_fee_and_return_shipping(reason, fault):
    d = evaluate(POLICY, LINE, req(reason=reason))
    assert d.eligible and d.fault == fault
    assert d.restocking_fee.is_zero() and d.shipping_charge.is_zero()
    assert d.shipping_payer == ShippingPayer.SHOP
    assert d.refund() == eur("21.99")
    assert any(t.startswith("No restocking fee: this return is") for t in texts(d))


@pytest.mark.parametrize(("line_changes", "policy_changes", "on", "eligible", "deadline"), [
    ({}, {}, date(2026, 4, 2), True, date(2026, 4, 2)),     # last day still counts
    ({}, {}, date(2026, 4, 3), False, date(2026, 4, 2)),    # one day late
    ({"delivered_date": None}, {}, date(2026, 4, 1), False, date(2026, 3, 31)),  # no delivery: order date
    ({}, {"window_start": WindowStart.ORDER}, date(2026, 3, 31), True, date(2026, 3, 31)),
    ({"category": "Shoes"}, {}, date(2026, 5, 2), True, date(2026, 5, 2)),  # category window 60 days
    ({"order_date": date(2026, 11, 20), "delivered_date": date(2026, 11, 22)},
     {"holiday_extension": HolidayExtension((11, 1), (12, 24), (1, 31))}, date(2027, 1, 31), True,
     date(2027, 1, 31)),
    ({}, {"window_days": 0}, date(2026, 3, 3), True, date(2026, 3, 3)),
])
def test_window_and_deadline(line_changes, policy_changes, on, eligible, deadline):
    d = evaluate(replace(POLICY, **policy_changes), replace(LINE, **line_changes), req(on=on))
    assert (d.eligible, d.deadline) == (eligible, deadline)
    if not eligible:
        assert f"The return window ended on {deadline.isoformat()}." in [m.render("en") for m in d.refusals]


def test_deadline_on_a_holiday_moves_to_the_next_business_day():
    line = replace(LINE, delivered_date=date(2026, 11, 25))  # + 30 days = Christmas Day
    d = evaluate(POLICY, line, req(on=date(2026, 12, 28)), BusinessCalendar("DE", "Europe/Berlin"))
    assert d.deadline == date(2026, 12, 28) and d.eligible
    assert evaluate(POLICY, line, req(on=date(2026, 12, 28))).eligible is False


@pytest.mark.parametrize(("reason", "eligible"), [("changed_mind", False), ("wrong_size", False),
                                                  ("defective", True), ("damaged_in_transit", True)])
def test_final_sale_blocks_customer_choice_only(reason, eligible):
    d = evaluate(POLICY, replace(LINE, category="Underwear"), req(reason=reason))
    assert d.eligible is eligible
    if not eligible:
        assert "final sale" in d.refusals[0].render("en")


@pytest.mark.parametrize(("condition", "reason", "eligible"), [
    (Condition.SEALED, "changed_mind", True), (Condition.LIKE_NEW, "changed_mind", True),
    (Condition.USED, "changed_mind", False), (Condition.DAMAGED, "changed_mind", False),
    (Condition.DAMAGED, "defective", True), (None, "changed_mind", True),
])
def test_required_condition(condition, reason, eligible):
    d = evaluate(POLICY, LINE, req(condition=condition, reason=reason))
    assert d.eligible is eligible
    if not eligible:
        assert d.refusals[0].render("en").startswith("The item must be at least like new")


@pytest.mark.parametrize(("qty", "already", "message"), [
    (0, 0, "Ask for at least one unit."),
    (-1, 0, "Ask for at least one unit."),
    (3, 0, "Only 2 of the 2 units bought can still be returned."),
    (2, 1, "Only 1 of the 2 units bought can still be returned."),
    (1, 2, "Only 0 of the 2 units bought can still be returned."),
])
def test_quantity_refusals_are_messages_not_exceptions(qty, already, message):
    d = evaluate(POLICY, replace(LINE, already_returned_qty=already), req(qty=qty))
    assert not d.eligible and message in [m.render("en") for m in d.refusals]
    assert d.refund_by_resolution == {} and d.restocking_fee.is_zero()


def test_unknown_reason_and_currency_and_resolution_are_refused():
    assert "\"lost_cat\" is not a return reason in this policy." in [
        m.render("en") for m in evaluate(POLICY, LINE, req(reason="lost_cat")).refusals]
    d = evaluate(POLICY, replace(LINE, currency="GBP"), req())
    assert not d.eligible and "paid in GBP" in d.refusals[0].render("en")
    d = evaluate(POLICY, LINE, req(resolution=Resolution.REPAIR))
    assert not d.eligible and d.refusals[0].render("en") == "This policy does not offer Repair."
    d = evaluate(POLICY, LINE, req(on=date(2026, 2, 1)))
    assert not d.eligible and "before the order date" in d.refusals[0].render("en")


def test_keep_it_below_the_limit():
    cheap = replace(LINE, unit_price_paid=Decimal("8.00"), unit_tax=Decimal("1.28"))
    d = evaluate(POLICY, cheap, req(resolution=Resolution.KEEP_IT))
    assert d.eligible and d.keep_it
    assert d.shipping_charge.is_zero()
    assert d.refund(Resolution.KEEP_IT) == eur("10.00")  # 8.00 goods + 2.00 original shipping
    assert "No parcel needed: the customer may keep the item." in texts(d)
    d = evaluate(POLICY, LINE, req(resolution=Resolution.KEEP_IT))
    assert not d.eligible and not d.keep_it
    assert d.refusals[0].render("en") == "Keeping the item is offered only below €10.00."


def test_fee_never_exceeds_the_goods_and_refund_never_goes_negative():
    pricey_fee = replace(POLICY, restocking_fee_flat=Decimal(100), return_shipping_cost=Decimal(50),
                         allowed_resolutions=(Resolution.REFUND,), keep_it_below=Decimal(0))
    d = evaluate(pricey_fee, LINE, req())
    assert d.restocking_fee == eur("19.99")
    assert d.refund() == eur("0.00")


def test_no_original_shipping_when_the_policy_keeps_it():
    d = evaluate(replace(POLICY, refund_original_shipping=False), LINE, req(reason="defective"))
    assert d.original_shipping_refund.is_zero() and d.refund() == eur("19.99")


def test_free_return_label_when_the_shop_pays():
    d = evaluate(replace(POLICY, return_shipping_payer=ShippingPayer.SHOP), LINE, req())
    assert d.shipping_charge.is_zero() and "The shop pays for return shipping." in texts(d)


def test_tax_share_of_a_partial_return_in_yen():
    policy = replace(POLICY, currency="JPY", restocking_fee_flat=Decimal(0), return_shipping_cost=Decimal(0),
                     keep_it_below=Decimal(0), allowed_resolutions=(Resolution.REFUND,))
    line = replace(LINE, currency="JPY", unit_price_paid=Decimal(1100), unit_tax=Decimal(100), quantity=3,
                   shipping_paid_share=Decimal(500))
    d = evaluate(policy, line, req(reason="defective"))
    # the goods' 100 plus the tax inside the refunded shipping at the line's rate: 167 x 300 / 3300 = 15
    assert d.refund_tax_share == Money.of(115, "JPY")
    assert d.original_shipping_refund == Money.of(167, "JPY")  # 500 / 3 = 166.67 -> 167
    assert d.refund() == Money.of(1267, "JPY")


def test_explanation_exists_in_both_languages():
    d = evaluate(POLICY, replace(LINE, category="Underwear"), req(reason="defective"))
    en, zh = texts(d), texts(d, "zh_CN")
    assert en[0].startswith("Returns are accepted until 2026-04-02")
    assert "Final sale does not apply: this return is the shop's fault." in en
    assert len(en) == len(zh) and all(a != b for a, b in zip(en, zh, strict=True))


def test_a_second_line_of_the_same_return_does_not_pay_the_label_again():
    first = evaluate(POLICY, LINE, req())
    second = evaluate(POLICY, LINE, replace(req(), label_already_paid=True))
    assert first.shipping_charge == eur("4.95") and second.shipping_charge == eur("0.00")
    assert second.refund(Resolution.REFUND) == first.refund(Resolution.REFUND) + eur("4.95")
    assert "The return label is charged once per return, on another line." in texts(second)
    assert "退货标签费每个退货单只收取一次" in " ".join(texts(second, "zh_CN"))


def test_a_return_of_several_lines_pays_one_label_on_the_first_line_that_carries_it():
    from desktop_app.core.domain.eligibility import evaluate_return

    judged = evaluate_return(POLICY, [(LINE, req()), (LINE, req()), (LINE, req(reason="defective"))])
    assert [d.shipping_charge for d, _paid in judged] == [eur("4.95"), eur("0.00"), eur("0.00")]
    assert [paid for _d, paid in judged] == [False, True, True]
