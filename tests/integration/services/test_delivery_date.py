"""The delivery date of an order is typed at the desk or the command; the window counts from it."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from sqlalchemy import update

from desktop_app.core.db.models import Order
from desktop_app.core.domain.calendar import BusinessCalendar
from desktop_app.core.domain.policy import WindowStart
from desktop_app.core.services import policies
from desktop_app.core.services import returns as svc
from desktop_app.core.services.base import InvalidInput
from desktop_app.core.services.deliveries import set_delivered
from desktop_app.core.services.orders import get_order
from tests.integration.services.returns_shop import RULES, build_shop, dump


@pytest.fixture
def shop(database):
    return build_shop(database)


def _today(shop):
    from desktop_app.core.services.returns.deadlines import shop_calendar

    with shop.db.read() as s:
        return shop_calendar(s).today()


def _explained(detail) -> str:
    return " ".join(m.render("en") for m in detail.lines[0].explanation)


def test_the_window_counts_from_the_delivery_date_typed(shop):
    today = _today(shop)
    order = set_delivered(shop.clerk, "1001", (today - timedelta(days=1)).isoformat())
    assert BusinessCalendar("DE", "Europe/Berlin").local_date(order.delivered_at) == \
        today - timedelta(days=1)

    created = svc.create_return(shop.clerk, "1001", [(shop.order_lines["1001/TEE-M"], 1, "defective", "", None)])
    start = f"{today - timedelta(days=1):%d.%m.%Y}"  # the German shop writes days its way
    assert f"The window counts from delivery, {start}." in _explained(created)
    assert created.lines[0].deadline >= (today - timedelta(days=1) + timedelta(days=30)).isoformat()


@pytest.mark.parametrize(("text", "words"), [("soon", "is not a date such as"), ("2001-01-01", "before the order"),
                                             ("2999-01-01", "in the future")])
def test_bad_dates_are_refused_and_change_nothing(shop, text, words):
    before = dump(shop.db)
    with pytest.raises(InvalidInput) as refused:
        set_delivered(shop.clerk, "1001", text)
    assert words in refused.value.render("en") and refused.value.render("zh_CN") != refused.value.render("en")
    assert dump(shop.db) == before


def test_unknown_delivery_counts_from_the_order_date_plus_assumed_transit(shop):
    rules = dataclasses.replace(RULES, window_start=WindowStart.DELIVERY, assumed_transit_days=3)
    policies.publish(shop.owner, policies.save_draft(shop.owner, rules, title="transit").id)
    with shop.db.write() as s:
        s.execute(update(Order).where(Order.number == "1001").values(delivered_at=None))
    ordered = BusinessCalendar("DE", "Europe/Berlin").local_date(
        get_order(shop.db, "1001").ordered_at)

    created = svc.create_return(shop.clerk, "1001", [(shop.order_lines["1001/TEE-M"], 1, "defective", "", None)])

    start = ordered + timedelta(days=3)
    assert (f"The delivery date is not known, so the window counts from the order date {ordered:%d.%m.%Y} "
            f"plus 3 days in transit: {start:%d.%m.%Y}.") in _explained(created)
