"""Products to fix, customers to watch, comment themes and the policy what-if, checked by hand."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from desktop_app.core.db.models import Customer, Order, OrderLine, PolicyVersion, Return, ReturnLine, Setting
from desktop_app.core.domain.money import Money
from desktop_app.core.domain.presets import default_rules
from desktop_app.core.reports.analytics import PRIOR_UNITS, customers_to_watch, products_to_fix
from desktop_app.core.reports.period import month_period
from desktop_app.core.reports.themes import comment_themes, themes_of
from desktop_app.core.reports.whatif import replay

OCTOBER = month_period("2026-10", "Europe/Berlin")
RULES = default_rules("DE", "EUR")  # 14 days from delivery, customer pays return shipping, no fee


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 10, day, hour, tzinfo=UTC)


class Shop:
    """Builds orders and returns straight into the tables, with a published policy."""

    def __init__(self, db):
        self.db, self.count = db, 0
        with db.write() as s:
            s.add_all([Setting(key="shop.currency", value="EUR"), Setting(key="shop.timezone", value="Europe/Berlin"),
                       Setting(key="shop.country", value="DE")])
            policy = PolicyVersion(number=1, status="published", rules=RULES.to_dict())
            s.add(policy)
            s.flush()
            self.policy_id = policy.id

    def customer(self, name: str) -> int:
        with self.db.write() as s:
            c = Customer(name=name, email=f"{len(name)}{self.count}@example.com")
            s.add(c)
            s.flush()
            return c.id

    def sale(self, sku, qty, *, category="Shirts", day=1, price=2000, customer=None, delivered=None):
        self.count += 1
        with self.db.write() as s:
            order = Order(number=f"O{self.count}", ordered_at=at(day), currency="EUR", customer_id=customer,
                          delivered_at=delivered or at(day) + timedelta(days=2))
            order.lines = [OrderLine(sku=sku, name=sku, category=category, quantity=qty, unit_price_minor=price)]
            s.add(order)
            s.flush()
            return order.lines[0].id

    def give_back(self, order_line_id, qty, *, day=5, reason="wrong_size", comment="", customer=None):
        self.count += 1
        with self.db.write() as s:
            line = s.get(OrderLine, order_line_id)
            ret = Return(rma=f"R-{self.count:06d}", status="requested", currency="EUR", requested_at=at(day),
                         policy_version_id=self.policy_id, customer_id=customer)
            ret.lines = [ReturnLine(order_line_id=line.id, sku=line.sku, name=line.name, requested_qty=qty,
                                    value_minor=qty * line.unit_price_minor, reason_code=reason,
                                    customer_comment=comment)]
            s.add(ret)


@pytest.fixture
def shop(database):
    return Shop(database)


def test_a_small_sample_ranks_below_a_large_one_when_the_smoothing_says_so(shop):
    shop.give_back(shop.sale("TINY", 4), 3)  # 3 of 4
    shop.give_back(shop.sale("POPULAR", 1000), 300)  # 300 of 1000
    shop.give_back(shop.sale("STEADY", 1000), 10)

    ranking = products_to_fix(shop.db, OCTOBER)
    by_sku = {p.sku: p for p in ranking}
    category_rate = Decimal(313) / Decimal(2004)
    tiny = (3 + PRIOR_UNITS * category_rate.quantize(Decimal("0.0001"))) / (4 + PRIOR_UNITS)
    assert by_sku["TINY"].smoothed_rate == tiny.quantize(Decimal("0.0001"))
    assert by_sku["TINY"].raw_rate > by_sku["POPULAR"].raw_rate
    assert by_sku["TINY"].smoothed_rate < by_sku["POPULAR"].smoothed_rate
    assert [p.sku for p in ranking] == ["POPULAR", "STEADY", "TINY"]  # TINY: too few sales to judge, last
    assert not by_sku["TINY"].enough_sales and by_sku["POPULAR"].main_reasons == (("wrong_size", 300),)


def test_a_products_rate_never_passes_100_percent(shop):
    hat = shop.sale("HAT", 1)
    shop.give_back(hat, 1)
    shop.give_back(hat, 1, day=6)  # the same unit asked back twice (an over-claim an imported file can carry)
    [product] = [p for p in products_to_fix(shop.db, OCTOBER) if p.sku == "HAT"]
    assert (product.units_sold, product.units_returned, product.raw_rate) == (1, 1, Decimal("1.0000"))


def test_with_enough_sales_a_high_rate_still_ranks_first(shop):
    shop.give_back(shop.sale("BAD", 40), 30)
    shop.give_back(shop.sale("OK", 1000), 100)

    assert products_to_fix(shop.db, OCTOBER)[0].sku == "BAD"


def test_customers_with_unusual_return_rates_are_flagged_not_blocked(shop):
    serial = shop.customer("Serial Returner")
    normal = shop.customer("Normal Buyer")
    for day in (1, 2, 3):
        shop.give_back(shop.sale("DRESS", 2, customer=serial, day=day), 2, customer=serial, day=day + 3)
    for day in range(1, 11):
        line = shop.sale("SOCKS", 3, customer=normal, day=day)
        if day <= 3:
            shop.give_back(line, 1, customer=normal, day=day + 3)

    flagged = customers_to_watch(shop.db, OCTOBER)
    assert [(c.name, c.why) for c in flagged] == [("Serial Returner", "rate")]
    assert flagged[0].rate == Decimal("1.0000")
    assert flagged[0].returned_value.of("EUR") == Money(Decimal("120.00"), "EUR")


def test_chinese_and_english_comments_yield_sensible_themes(shop):
    comments = {
        "尺码偏小，穿着太紧": "wrong_size", "尺码偏小了，换大一号": "wrong_size",
        "衣服尺码偏小，袖子太短": "wrong_size",
        "颜色和图片不一样": "not_as_described", "颜色和图片差别很大": "not_as_described",
        "The zipper broke after one day": "defective", "zipper broke on first wear": "defective",
    }
    for comment, reason in comments.items():
        shop.give_back(shop.sale("X", 1), 1, reason=reason, comment=comment)

    themes = comment_themes(shop.db, OCTOBER)
    assert themes["wrong_size"][0].term == "尺码偏小" and themes["wrong_size"][0].comments == 3
    assert {"颜色", "图片"} <= {t.term for t in themes["not_as_described"]}
    assert themes["defective"][0].term == "zipper broke"


def test_themes_ignore_stop_words():
    assert all(t.term not in {"the", "and", "的", "了"} for t in themes_of(["the and the", "的了的了"]))


def _returns_for_whatif(shop):
    # delivered 3 Oct; asked on 10 Oct (7 days), 15 Oct (12 days) and 25 Oct (22 days, outside 14)
    for day, reason in ((10, "wrong_size"), (15, "changed_mind"), (25, "wrong_size"), (12, "defective")):
        shop.give_back(shop.sale("COAT", 1, price=10000, delivered=at(3)), 1, day=day, reason=reason)


def test_replaying_under_the_same_policy_changes_nothing(shop):
    _returns_for_whatif(shop)
    result = replay(shop.db, RULES, OCTOBER)
    assert result.lines_replayed == 4 and result.changed == ()
    assert result.before.eligible_lines == result.after.eligible_lines == 3


def test_a_stricter_window_never_adds_eligible_returns(shop):
    _returns_for_whatif(shop)
    counts = [replay(shop.db, dataclasses.replace(RULES, window_days=days), OCTOBER).after.eligible_lines
              for days in (60, 30, 14, 10, 7, 3, 0)]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] == 4 and counts[-1] < counts[0]


def test_what_if_with_a_restocking_fee_matches_the_hand_count(shop):
    _returns_for_whatif(shop)
    draft = dataclasses.replace(RULES, window_days=30, restocking_fee_percent=Decimal("10"))

    result = replay(shop.db, draft, OCTOBER)

    # all four lines now eligible; the three customer-choice lines pay 10 % of €100, the defective one none
    assert result.after.eligible_lines == 4
    assert result.after.fees == Money(Decimal("30.00"), "EUR")
    assert result.before.fees == Money(Decimal("0.00"), "EUR")
    assert result.after.refund - result.before.refund == Money(Decimal("70.00"), "EUR")  # +100 late one, -30 fees
    assert len(result.changed) == 3  # two customer-choice lines get a fee, the late one becomes eligible


def test_what_if_counts_the_returns_each_auto_approve_rule_would_approve(shop):
    from desktop_app.core.domain.auto_rules import KEEP_IT, REFUND_LIMIT, AutoApprove

    _returns_for_whatif(shop)
    flagged = shop.customer("Flagged Fritz")
    with shop.db.write() as s:
        s.get(Customer, flagged).flag_reason = "chargebacks"
    shop.give_back(shop.sale("COAT", 1, price=10000, delivered=at(3), customer=flagged), 1, day=11,
                   reason="defective", customer=flagged)
    auto = AutoApprove(refund_max=Decimal(100), reasons=("wrong_size", "defective"))
    result = replay(shop.db, dataclasses.replace(RULES, auto_approve=auto), OCTOBER)
    # five returns: wrong_size on day 10 and defective on day 12 qualify; changed_mind, the late one and the
    # flagged customer's wait. Under the policy that applied (no rules) all five waited.
    assert result.auto_after.returns == result.auto_before.returns == 5
    assert result.auto_after.approved_by(REFUND_LIMIT) == 2 and result.auto_after.approved_by(KEEP_IT) == 0
    assert result.auto_after.waiting == 3 and result.auto_before.waiting == 5
    lower = replay(shop.db, dataclasses.replace(RULES, auto_approve=dataclasses.replace(auto, refund_max=Decimal(50))),
                   OCTOBER)
    assert lower.auto_after.approved_by(REFUND_LIMIT) == 0 and lower.auto_after.waiting == 5
