"""`returndesk orders set-delivered ORDER DATE` records the delivery day; bad dates are one sentence."""

from __future__ import annotations

from datetime import date, timedelta

from desktop_app.core.db.engine import Database
from desktop_app.core.services.orders import get_order, list_orders


def _order(bench):
    db = Database(str(bench.path))
    try:
        number = list_orders(db, limit=1)[0].number
        return number, get_order(db, number)
    finally:
        db.dispose()


def test_set_delivered_records_the_day_and_refuses_bad_dates(bench):
    number, order = _order(bench)
    day = (order.ordered_at + timedelta(days=2)).date()
    if day > date.today():
        day = order.ordered_at.date()

    done = bench.clerk("orders", "set-delivered", number, day.isoformat())
    assert done.code == 0, done.err
    assert day.isoformat() in done.out
    shown = bench.read("orders", "show", number, "--json").json()
    assert shown["delivered_at"].startswith(day.isoformat())

    for bad, words in (("yesterday-ish", "is not a date such as"), ("2001-01-01", "before the order date"),
                       ((date.today() + timedelta(days=5)).isoformat(), "in the future")):
        refused = bench.clerk("orders", "set-delivered", number, bad)
        assert refused.code != 0 and "Traceback" not in refused.err
        assert words in refused.err and len(refused.err.strip().splitlines()) == 1
    assert bench.read("orders", "show", number, "--json").json()["delivered_at"].startswith(day.isoformat())
