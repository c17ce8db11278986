"""What the returns service stores: decision snapshots that explain themselves later, due dates, split refunds."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from returns_shop import RULES, build_shop

from desktop_app.core.domain.calendar import BusinessCalendar
from desktop_app.core.domain.eligibility import PurchasedLine, ReturnRequest, evaluate
from desktop_app.core.domain.money import Money
from desktop_app.core.domain.policy import Condition
from desktop_app.core.services import returns as svc
from desktop_app.core.services.returns import LineRequest
from desktop_app.core.services.returns.deadlines import due_after
from desktop_app.core.services.returns.snapshot import decision_to_json, explanation_of


@pytest.mark.parametrize(("reason", "condition"), [("changed_mind", "unused"), ("changed_mind", "used"),
                                                   ("defective", "damaged"), ("no_such_reason", None)])
def test_a_stored_decision_explains_itself_exactly_like_the_live_one(reason, condition):
    line = PurchasedLine(1, "MUG-1", "general", "EUR", Decimal("11.99"), Decimal("1.91"), 3, 0,
                         date(2026, 3, 2), date(2026, 3, 4))
    request = ReturnRequest(2, reason, Condition(condition) if condition else None, date(2026, 3, 10))
    decision = evaluate(RULES, line, request, BusinessCalendar("DE", "Europe/Berlin"))
    stored = explanation_of(decision_to_json(decision, 1, 1))
    for lang in ("en", "zh_CN"):
        assert [m.render(lang) for m in stored] == [m.render(lang) for m in decision.explanation]


def test_due_dates_skip_weekends_and_the_shops_holidays_in_its_time_zone():
    berlin = BusinessCalendar("DE", "Europe/Berlin")
    # Wednesday 23 Dec 2026: the 24th is a working day, 25th/26th are holidays, 27th a Sunday.
    due = due_after(berlin, datetime(2026, 12, 23, 10, 0, tzinfo=UTC), 2)
    assert due == datetime(2026, 12, 28, 22, 59, tzinfo=UTC)  # 23:59 in Berlin
    # Late evening UTC is already the next day in Shanghai; 1 October starts Golden Week there.
    shanghai = BusinessCalendar("CN", "Asia/Shanghai")
    due = due_after(shanghai, datetime(2026, 9, 29, 17, 0, tzinfo=UTC), 1)
    assert shanghai.local_date(due) > date(2026, 10, 7)


@pytest.fixture
def shop(database):
    return build_shop(database)


def test_a_line_refunded_in_two_steps_pays_exactly_what_one_step_pays(shop):
    line = LineRequest(shop.order_lines["1001/MUG-1"], 2, "changed_mind", "", "unused")
    ret = svc.create_return(shop.owner, "1001", [line])
    svc.approve(shop.owner, ret.rma)
    svc.receive(shop.owner, ret.rma, {ret.lines[0].id: 2})
    svc.resolve_line(shop.owner, ret.rma, ret.lines[0].id, "refund", 1)
    done = svc.resolve_line(shop.owner, ret.rma, ret.lines[0].id, "refund", 1)
    assert sum((r.amount for r in done.refunds), Money.zero("EUR")) == Money.from_minor(2158, "EUR")
    assert sum((r.fee for r in done.refunds), Money.zero("EUR")) == Money.from_minor(240, "EUR")
    assert sorted(r.credit_note_number[-6:] for r in done.refunds) == ["000001", "000002"]


def test_each_line_gets_its_own_resolution_and_the_return_is_resolved_when_all_are(shop):
    lines = [LineRequest(shop.order_lines["1001/MUG-1"], 2, "defective"),
             LineRequest(shop.order_lines["1001/TEE-M"], 1, "wrong_size", "", "unused")]
    ret = svc.create_return(shop.clerk, "1001", lines)
    mug, tee = ret.lines
    svc.approve(shop.clerk, ret.rma)
    partly = svc.receive(shop.clerk, ret.rma, {mug.id: 2})
    assert partly.status == "partially_received"
    svc.resolve_line(shop.clerk, ret.rma, mug.id, "refund", 2)
    svc.receive(shop.clerk, ret.rma, {tee.id: 1})
    done = svc.resolve_line(shop.clerk, ret.rma, tee.id, "exchange", 1, exchange_sku="TEE-L")
    assert done.status == "resolved"
    assert [(ln.resolution, ln.resolved_qty) for ln in done.lines] == [("refund", 2), ("exchange", 1)]
    # A defective mug is the shop's fault: no restocking fee, the full 2 x 11.99 comes back.
    assert done.refunds[0].amount == Money.from_minor(2398, "EUR") and done.refunds[0].fee.is_zero()
