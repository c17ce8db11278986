"""A shop selling in EUR and USD: money per currency (never added up), counts and rates over all returns, and
the return rate by the month the goods were sold (never above 100 %), on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import openpyxl
import pypdfium2
import pytest

from desktop_app.core.db.models import Order, OrderLine, PolicyVersion, Refund, Return, ReturnLine, Setting
from desktop_app.core.domain.money import Money
from desktop_app.core.domain.presets import default_rules
from desktop_app.core.reports.breakdowns import breakdown, trend
from desktop_app.core.reports.export import export_summary
from desktop_app.core.reports.figures import FigureChange, key_figures
from desktop_app.core.reports.monthly import build_monthly_summary
from desktop_app.core.reports.period import month_period
from desktop_app.core.reports.summary_rows import FigureRow, change_text, figure_rows

SEPTEMBER, OCTOBER = month_period("2026-09"), month_period("2026-10")


def at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 12, tzinfo=UTC)


@pytest.fixture
def two_currency_shop(database):
    """September: 10 units sold (6 EUR, 4 USD); October: 1 unit sold. In October 8 of September's units come
    back (5 EUR worth €100.00, 3 USD worth $90.00) and 1 more USD unit on an over-claim the report caps."""
    with database.write() as s:
        s.add_all([Setting(key="shop.name", value="Two Till Shop"), Setting(key="shop.currency", value="EUR"),
                   Setting(key="shop.timezone", value="UTC")])
        rules = default_rules("DE", "EUR").to_dict()
        rules.update(return_shipping_cost="5.00",
                     currency_amounts=[{"currency": "USD", "return_shipping_cost": "7.00"}])
        policy = PolicyVersion(number=1, status="published", rules=rules)
        s.add(policy)
        s.flush()

        def order(number, when, currency, quantity, price):
            line = OrderLine(sku="TEE", name="Tee", category="Shirts", quantity=quantity, unit_price_minor=price)
            s.add(Order(number=number, ordered_at=when, currency=currency, status="fulfilled", channel="shop",
                        lines=[line]))
            s.flush()
            return line

        eur_line = order("E1", at(9, 3), "EUR", 6, 2000)
        usd_line = order("U1", at(9, 4), "USD", 4, 3000)
        order("E2", at(10, 2), "EUR", 1, 2000)

        def ret(rma, currency, line, quantity, value, **extra):
            r = Return(rma=rma, status="approved", currency=currency, requested_at=at(10, 5), approved_at=at(10, 5),
                       policy_version_id=policy.id, label_prepaid=True, **extra)
            r.lines = [ReturnLine(sku="TEE", name="Tee", order_line_id=line.id, requested_qty=quantity,
                                  value_minor=value, reason_code="wrong_size")]
            s.add(r)
            s.flush()
            return r

        eur_return = ret("R-000001", "EUR", eur_line, 5, 10000)
        usd_return = ret("R-000002", "USD", usd_line, 3, 9000)
        ret("R-000003", "USD", usd_line, 2, 6000)  # 3 + 2 > 4 bought: the rate counts at most 4
        s.add_all([Refund(return_id=eur_return.id, amount_minor=10000, currency="EUR", created_at=at(10, 9)),
                   Refund(return_id=usd_return.id, amount_minor=9000, currency="USD", created_at=at(10, 9))])
    return database


def test_money_is_given_per_currency_and_counts_take_every_currency(two_currency_shop):
    october = key_figures(two_currency_shop, OCTOBER, "EUR")

    assert (october.returns, october.units_returned, october.units_sold) == (3, 10, 1)
    assert october.refund_value.items == (Money.of("100.00", "EUR"), Money.of("90.00", "USD"))
    assert october.returned_value.of("USD") == Money.of("150.00", "USD")  # never added to the euros
    assert october.shop_paid_shipping.items == (Money.of("5.00", "EUR"), Money.of("14.00", "USD"))
    assert october.currencies == ("EUR", "USD")

    by_reason = {row.key: row for row in breakdown(two_currency_shop, OCTOBER, "EUR", "reason")}
    assert by_reason["wrong_size"].units == 10
    assert by_reason["wrong_size"].values.items == (Money.of("100.00", "EUR"), Money.of("150.00", "USD"))


def test_return_rate_counts_the_month_the_goods_were_sold_and_never_passes_100(two_currency_shop):
    september = key_figures(two_currency_shop, SEPTEMBER, "EUR")
    october = key_figures(two_currency_shop, OCTOBER, "EUR")

    assert september.units_sold == 10 and september.units_sold_returned == 9  # 5 EUR + 4 USD (capped from 5)
    assert september.return_rate == Decimal("0.9000")
    assert october.return_rate == Decimal("0.0000")  # October's one unit did not come back
    assert october.received_rate == Decimal("10.0000")  # the period-based figure, kept and named apart
    points = {p.month: p for p in trend(two_currency_shop, OCTOBER, "EUR")}
    assert points["2026-09"].return_rate == Decimal("0.9000") and points["2026-10"].return_rate == Decimal(0)
    shirts = {r.key: r for r in breakdown(two_currency_shop, OCTOBER, "EUR", "category")}["Shirts"]
    assert (shirts.units, shirts.units_sold, shirts.return_rate) == (10, 1, Decimal("0.0000"))  # not 1000 %


def test_rates_change_in_percentage_points():
    rate = FigureChange("return_rate", Decimal("0.10"), Decimal("0.15"))
    assert rate.change == Decimal("-0.0500")
    row = FigureRow("return_rate", "Return rate", Decimal("0.10"), Decimal("0.15"), rate.change)
    assert change_text(row, "en") == "-5.0 pp"
    assert change_text(row, "zh_CN") == "-5.0 个百分点"
    units = FigureChange("units_sold", 15, 10)
    assert units.change == Decimal("0.5000")  # counts keep the relative change


def test_every_export_shows_each_currency(two_currency_shop, tmp_path):
    summary = build_monthly_summary(two_currency_shop, "2026-10")
    rows = {(r.key, r.currency): r for r in figure_rows(summary, "en")}
    assert rows[("refund_value", "USD")].title == "Refunds paid (USD)" and rows[("refund_value", "USD")].now == 90
    assert ("units_sold", None) in rows and ("units_sold", "USD") not in rows

    with export_summary(summary, tmp_path / "o.csv").open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.DictReader(handle))
    refunds = {r["currency"]: Decimal(r["value"]) for r in lines if r["key"] == "refund_value"}
    assert refunds == {"EUR": Decimal("100.00"), "USD": Decimal("90.00")}
    rate = next(r for r in lines if r["key"] == "return_rate")
    assert rate["change_kind"] == "difference"

    book = openpyxl.load_workbook(export_summary(summary, tmp_path / "o.xlsx"))
    figures = {row[0].value: row for row in book["Summary"].iter_rows(min_row=5)}
    assert figures["Refunds paid (USD)"][1].value == pytest.approx(90.0)
    assert "USD" in figures["Refunds paid (USD)"][1].number_format
    header = [cell.value for cell in book["By reason"][1]]
    assert header[4:6] == ["Value (EUR)", "Value (USD)"]

    document = pypdfium2.PdfDocument(str(export_summary(summary, tmp_path / "o.pdf")))
    text = "\n".join(page.get_textpage().get_text_range() for page in document)
    assert "Refunds paid (USD)" in text and "$90.00" in text and "€100.00" in text


def test_the_command_prints_the_same_rows_and_defaults_to_last_month(two_currency_shop, tmp_path):
    from tests.integration.cli.conftest import run_main

    printed = run_main("--db", two_currency_shop.url, "report", "figures", "--month", "2026-10", "--json",
                       data_home=tmp_path)
    assert printed.code == 0, printed.err
    document = json.loads(printed.out)
    assert document["currencies"] == ["EUR", "USD"]
    refunds = {f["currency"]: f["value"] for f in document["figures"] if f["key"] == "refund_value"}
    assert refunds == {"EUR": "100.00", "USD": "90.00"}
    summary = build_monthly_summary(two_currency_shop, "2026-10")
    assert [f["key"] for f in document["figures"]] == [r.key for r in figure_rows(summary, "en")]

    table = run_main("--db", two_currency_shop.url, "report", "figures", "--month", "2026-10", data_home=tmp_path)
    assert "Refunds paid (USD)" in table.out and "$90.00" in table.out and "pp" in table.out
    default = run_main("--db", two_currency_shop.url, "report", "figures", data_home=tmp_path)
    last = date.today().replace(day=1) - timedelta(days=1)
    assert default.code == 0 and f"{last:%Y-%m}" in default.out


def test_the_what_if_replays_every_currency_with_its_own_amounts_and_never_adds_them(two_currency_shop):
    from desktop_app.core.domain.policy import PolicyRules, ShippingPayer
    from desktop_app.core.reports.whatif import replay

    with two_currency_shop.read() as session:
        applied = PolicyRules.from_dict(session.query(PolicyVersion).one().rules)
    longer = applied.with_changes(window_days=60)  # October's returns of September's goods come into the window
    result = replay(two_currency_shop, longer, OCTOBER)
    assert (result.lines_replayed, result.currencies) == (3, ("EUR", "USD"))
    assert (result.before.eligible_lines, result.after.eligible_lines) == (0, 3)
    # the customer pays the label: €5.00 off the euro refund, $7.00 (the policy's USD amount) off each dollar one
    assert result.after.money("EUR") == (Money.of("95.00", "EUR"), Money.of("0.00", "EUR"), Money.of("0.00", "EUR"))
    assert result.after.money("USD")[0] == Money.of("136.00", "USD")  # (90 - 7) + (60 - 7), never added to euros
    assert result.after.refund == Money.of("95.00", "EUR")  # the shop currency's sum
    shop_pays = replay(two_currency_shop, longer.with_changes(return_shipping_payer=ShippingPayer.SHOP), OCTOBER)
    assert [m.amount for c in ("EUR", "USD") for m in shop_pays.after.money(c)] == [
        Decimal("100.00"), Decimal("0.00"), Decimal("5.00"), Decimal("150.00"), Decimal("0.00"), Decimal("14.00")]
    no_dollars = replay(two_currency_shop, longer.with_changes(currency_amounts=()), OCTOBER)
    assert no_dollars.after.eligible_lines == 1  # without USD amounts the draft refuses the dollar returns
    assert no_dollars.after.money("USD")[0] == Money.of("0.00", "USD")
