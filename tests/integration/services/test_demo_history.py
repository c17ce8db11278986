"""The demo shop's history reads like a real shop's: 15 months of steady, seasonal trading, returns after
delivery with their steps spread over days, statuses that fit their age, nothing in the future."""

from __future__ import annotations

import statistics
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Order, Refund, Return, ReturnEvent
from desktop_app.core.demo.shop import build_demo
from desktop_app.core.reports.figures import key_figures
from desktop_app.core.reports.period import last_full_month, month_period
from desktop_app.core.services.startup import check_shop


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Database:
    """A 2,000-order demo (large enough that no month is padded to give every status a return)."""
    from desktop_app.core.db.schema import open_database

    db = open_database(tmp_path_factory.mktemp("demo-history") / "shop.sqlite3")
    build_demo(db, orders=2000, seed=11)
    yield db
    db.dispose()


def _months(db: Database) -> dict[str, int]:
    with db.read() as s:
        times = s.scalars(select(Order.ordered_at)).all()
    counts: dict[str, int] = {}
    for moment in times:
        counts[f"{moment:%Y-%m}"] = counts.get(f"{moment:%Y-%m}", 0) + 1
    return counts


def test_fifteen_months_of_steady_seasonal_trading(history):
    counts = _months(history)
    full = sorted(counts)[1:-1]  # the first and the current month are partial
    assert len(counts) >= 15
    typical = statistics.median(counts[m] for m in full)
    assert all(counts[m] < 2.2 * typical for m in full), counts  # no month holds the sales
    last = last_full_month("Europe/Berlin")
    assert counts[last.label] < 2.2 * typical
    assert max(counts, key=lambda m: counts[m] if m in full else 0)[5:] in ("11", "12")  # the Christmas season


def test_returns_follow_delivery_and_nothing_is_in_the_future(history):
    now = datetime.now(UTC)
    with history.read() as s:
        early = s.scalar(select(func.count()).select_from(Return).join(Order, Order.id == Return.order_id)
                         .where((Order.delivered_at.is_(None)) | (Return.requested_at < Order.delivered_at)))
        assert early == 0
        for model, column in ((Order, Order.ordered_at), (Order, Order.delivered_at), (Return, Return.requested_at),
                              (ReturnEvent, ReturnEvent.created_at), (Refund, Refund.created_at)):
            assert s.scalar(select(func.max(column))) <= now, model
        trails: dict[int, list[datetime]] = {}
        for return_id, moment in s.execute(select(ReturnEvent.return_id, ReturnEvent.created_at)
                                           .order_by(ReturnEvent.id)):
            trails.setdefault(return_id, []).append(moment)
    assert all(trail == sorted(trail) for trail in trails.values())  # each step after the one before
    spread = [trail[-1] - trail[0] for trail in trails.values() if len(trail) >= 5]
    assert statistics.median(spread) > timedelta(days=4)  # request to refund takes days, not a moment


def test_open_statuses_fit_their_age(history):
    now = datetime.now(UTC)
    with history.read() as s:
        rows = s.execute(select(Return.status, Return.requested_at, Return.approved_at, Return.received_at)
                         .where(Return.status.in_(("requested", "approved", "received", "inspected")))).all()
    assert rows
    for status, requested, approved, received in rows:
        if status == "requested":
            assert now - requested < timedelta(days=3), (status, requested)
        elif status == "approved":
            assert now - approved < timedelta(days=8), (status, approved)
        else:
            assert now - received < timedelta(days=5), (status, received)


def test_last_months_report_reads_like_a_shop(history):
    month = last_full_month("Europe/Berlin")
    figures = key_figures(history, month, "EUR")
    before = key_figures(history, month_period(f"{month.start - timedelta(days=200):%Y-%m}", "Europe/Berlin"), "EUR")
    assert figures.units_sold > 0.5 * before.units_sold
    assert figures.return_rate is not None and figures.return_rate < 0.3
    assert figures.days_to_refund_mean is not None and figures.days_to_refund_mean >= 0.5  # not stamped at once
    assert check_shop(history) == []
