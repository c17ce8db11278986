"""Kept figures of closed months: served while unchanged, never stale after a late change to an old month."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text, update

from desktop_app.core.db import report_marks
from desktop_app.core.db.models import (
    Customer,
    Exchange,
    Order,
    OrderLine,
    Product,
    Refund,
    ReportFigures,
    Return,
    ReturnLine,
    utcnow,
)
from desktop_app.core.reports.breakdowns import DIMENSIONS, breakdown_in, trend_in
from desktop_app.core.reports.figures import compare, key_figures_in
from desktop_app.core.reports.kept import Keeper, prepare_keeping
from desktop_app.core.reports.monthly import MonthlySummary, build_monthly_summary, reason_labels_in
from desktop_app.core.reports.period import month_period
from desktop_app.core.services.settings import get_settings


def at(month: int, day: int, hour: int = 12) -> datetime:
    """A UTC time in 2026 (as the known shop's conftest)."""
    return datetime(2026, month, day, hour, tzinfo=UTC)


def computed(db, month: str, limit: int | None = 50) -> MonthlySummary:
    """The summary worked out from the tables alone, nothing kept (what the report showed before keeping)."""
    settings = get_settings(db)
    period = month_period(month, settings.shop_timezone)
    now = utcnow()
    with db.read() as session:
        figures = key_figures_in(session, period, settings.shop_currency, now)
        previous = key_figures_in(session, period.previous(), settings.shop_currency, now)
        breakdowns = {d: tuple(breakdown_in(session, period, settings.shop_currency, d, limit)) for d in DIMENSIONS}
        trend = tuple(trend_in(session, period, settings.shop_currency, 12))
        labels = reason_labels_in(session)
    return MonthlySummary(settings.shop_name, tuple(settings.shop_address), settings.shop_currency, period,
                          figures, tuple(compare(figures, previous)), breakdowns, trend, labels)


def kept_parts(db, month: str) -> set[str]:
    with db.read() as session:
        return set(session.scalars(select(ReportFigures.part).where(ReportFigures.month == month)))


def reported(db, month: str) -> MonthlySummary:
    """The report as the tab/command get it, checked against the tables."""
    summary = build_monthly_summary(db, month)
    assert summary == computed(db, month)
    return summary


def test_closed_months_are_kept_and_served_again(known_shop):
    first = reported(known_shop, "2026-11")
    assert {"figures", "breakdowns:50"} <= kept_parts(known_shop, "2026-11")
    assert {"figures"} <= kept_parts(known_shop, "2026-10")  # the previous month, compared with
    assert "trend" in kept_parts(known_shop, "2026-06")  # a month of the trend
    with known_shop.write() as session:  # poison the kept copy: the next report must come from it
        session.execute(update(ReportFigures).where(ReportFigures.month == "2026-10", ReportFigures.part == "figures")
                        .values(data=func.replace(ReportFigures.data, '"units_sold": 11', '"units_sold": 12')))
    again = build_monthly_summary(known_shop, "2026-11")
    assert again.trend[-2].units_sold == 12 and first.trend[-2].units_sold == 11  # served from what was kept


def test_a_late_return_for_an_old_order_shows_in_the_old_month(known_shop):
    before = reported(known_shop, "2026-10")
    with known_shop.write() as s:  # a return asked for today for a shirt bought on 31 October (order O4)
        line = s.scalars(select(OrderLine).join(Order).where(Order.number == "O4")).one()
        ret = Return(rma="R-000099", status="requested", currency="EUR", requested_at=utcnow())
        ret.lines = [ReturnLine(order_line_id=line.id, product_id=line.product_id, sku=line.sku, requested_qty=1,
                                value_minor=4000, reason_code="wrong_size")]
        s.add(ret)
    after = reported(known_shop, "2026-10")
    assert after.figures.units_sold_returned == before.figures.units_sold_returned + 1


def test_an_order_imported_into_an_old_month_and_a_late_reversal_show(known_shop):
    before = reported(known_shop, "2026-10")
    with known_shop.write() as s:
        product = s.scalars(select(Product).where(Product.sku == "MUG")).one()
        s.add(Order(number="OLD-1", ordered_at=at(10, 14), currency="EUR", lines=[OrderLine(
            sku="MUG", name="Stoneware mug", category="Home", product_id=product.id, quantity=4,
            unit_price_minor=1200)]))
    middle = reported(known_shop, "2026-10")
    assert middle.figures.units_sold == before.figures.units_sold + 4
    with known_shop.write() as s:  # a reversal booked back into October (as an import of old refunds does)
        refund = s.scalars(select(Refund).order_by(Refund.id)).first()
        s.add(Refund(return_id=refund.return_id, amount_minor=-refund.amount_minor, currency="EUR",
                     reverses_id=refund.id, created_at=at(10, 28)))
    after = reported(known_shop, "2026-10")
    assert after.figures.refund_value.of("EUR").to_minor() == (
        middle.figures.refund_value.of("EUR").to_minor() - refund.amount_minor)


def test_cancelling_an_old_return_and_recategorising_a_product_show(known_shop):
    before = reported(known_shop, "2026-11")
    with known_shop.write() as s:
        s.execute(update(Return).where(Return.rma == "R-000004").values(status="cancelled"))
    after = reported(known_shop, "2026-11")
    assert after.changes != before.changes  # October (the month compared with) lost a return
    october = reported(known_shop, "2026-10")
    with known_shop.write() as s:
        s.execute(update(Product).where(Product.sku == "SHIRT").values(category="Tops"))
    renamed = reported(known_shop, "2026-10")
    assert {r.key for r in renamed.breakdowns["category"]} != {r.key for r in october.breakdowns["category"]}
    assert "Tops" in {r.key for r in renamed.breakdowns["category"]}


def test_an_exchange_booked_into_an_old_month_shows(known_shop):
    before = reported(known_shop, "2026-10")
    with known_shop.write() as s:  # a dearer replacement sent in October, written late
        line = s.scalars(select(ReturnLine).join(Return).where(Return.rma == "R-000005")).one()
        s.add(Exchange(return_id=line.return_id, return_line_id=line.id, product_id=line.product_id, sku="SHIRT",
                       quantity=1, currency="EUR", credit_minor=4000, price_minor=4500, difference_minor=500,
                       status="due", created_at=at(10, 21)))
    after = reported(known_shop, "2026-10")
    assert after.figures.exchange_asked.of("EUR").to_minor() == before.figures.exchange_asked.of("EUR").to_minor() + 500


def test_customer_names_are_read_when_shown_not_kept(known_shop):
    reported(known_shop, "2026-10")
    with known_shop.read() as session:
        kept = " ".join(session.scalars(select(ReportFigures.data)))
    assert "Anna" not in kept and "王芳" not in kept
    with known_shop.write() as s:
        s.execute(update(Customer).where(Customer.name == "Anna Schmidt").values(name="(erased)"))
    labels = {row.label for row in reported(known_shop, "2026-10").breakdowns["customer"]}
    assert "(erased)" in labels and "Anna Schmidt" not in labels


def test_a_change_committed_while_a_report_computes_is_not_kept_as_current(known_shop):
    settings = get_settings(known_shop)
    october = month_period("2026-10", settings.shop_timezone)
    now = utcnow()
    keepable = prepare_keeping(known_shop, [october], "EUR")
    with known_shop.read() as session:
        keeper = Keeper.open(session, "EUR", october.timezone, keepable)
        keeper.figures(october, (0, 0), now)
        with known_shop.write() as s:  # another desk books an order into October meanwhile
            s.add(Order(number="LATE", ordered_at=at(10, 20), currency="EUR", lines=[
                OrderLine(sku="X", name="X", quantity=7, unit_price_minor=100)]))
    keeper.keep(known_shop)  # kept with the marks read before the change
    assert reported(known_shop, "2026-10").figures.units_sold == 18  # 11 + 7: the kept copy was not served


def test_the_current_month_is_never_kept(known_shop):
    this_month = f"{datetime.now(UTC):%Y-%m}"
    reported(known_shop, this_month)
    assert kept_parts(known_shop, this_month) == set()


def test_a_new_shop_has_every_marking_trigger(sqlite_database):
    with sqlite_database.read() as session:
        names = set(session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
    assert set(report_marks.trigger_names()) <= names


@pytest.fixture(scope="module")
def demo_shop(tmp_path_factory):
    from desktop_app.core.db.schema import open_database
    from desktop_app.core.demo.shop import build_demo

    db = open_database(tmp_path_factory.mktemp("kept") / "demo.sqlite3")
    build_demo(db, orders=400, seed=11)
    yield db
    db.dispose()


def test_kept_and_computed_figures_agree_for_every_month_of_the_demo(demo_shop):
    with demo_shop.read() as session:
        first, last = session.execute(select(func.min(Order.ordered_at), func.max(Order.ordered_at))).one()
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(f"{day:%Y-%m}")
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    assert len(months) >= 12
    for month in months:  # first run computes and keeps, second run serves what was kept
        assert build_monthly_summary(demo_shop, month) == computed(demo_shop, month)
    for month in months:
        assert build_monthly_summary(demo_shop, month) == computed(demo_shop, month), month
    with demo_shop.read() as session:
        assert session.scalar(select(func.count()).select_from(ReportFigures)) >= len(months)


def test_an_old_order_through_the_real_importer_and_a_return_through_the_service_show(database, tmp_path):
    from desktop_app.core.imports.writer import import_file
    from desktop_app.core.services.returns import LineRequest, create_return
    from tests.integration.services.returns_shop import build_shop
    from tests.unit.imports.test_import_tax import _export, _order

    shop = build_shop(database)
    first = datetime.now(UTC).replace(day=1)
    old = (first - timedelta(days=40)).replace(day=10, hour=12, minute=0, second=0, microsecond=0)
    month = f"{old:%Y-%m}"
    before = reported(database, month)
    assert "figures" in kept_parts(database, month)
    rows = _order("#OLD-7", "EUR", **{"Lineitem quantity": "3", "Lineitem price": "11.99", "Subtotal": "35.97",
                                     "Total": "35.97"})
    rows[0]["Created at"] = old.strftime("%Y-%m-%d %H:%M:%S +0000")
    assert import_file(database, _export(tmp_path, rows), "shopify", shop.owner.user).orders_added == 1
    imported = reported(database, month)
    assert imported.figures.units_sold == before.figures.units_sold + 3
    with database.read() as session:
        line = session.scalars(select(OrderLine).join(Order).where(Order.number == "#OLD-7")).one()
    create_return(shop.owner, "#OLD-7", [LineRequest(line.id, 2, "wrong_size")], goodwill_reason="late, kind",
                  order_channel="shopify")
    returned = reported(database, month)  # asked for today: the old month's return rate moves
    assert returned.figures.units_sold_returned == imported.figures.units_sold_returned + 2
