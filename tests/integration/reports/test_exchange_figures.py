"""Exchange differences in the monthly figures and the summary's CSV, XLSX and PDF (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pypdfium2
from sqlalchemy import select

from desktop_app.core.db.models import Product, ReportFigures, utcnow
from desktop_app.core.domain.money import Money
from desktop_app.core.reports.export import export_summary
from desktop_app.core.reports.figures import key_figures
from desktop_app.core.reports.monthly import build_monthly_summary
from desktop_app.core.reports.period import month_period
from desktop_app.core.services import returns as svc
from desktop_app.core.services.catalog import record_movement
from desktop_app.core.services.returns import LineRequest
from tests.integration.services.returns_shop import build_shop


def _received(shop, key: str, qty: int = 1):
    line = LineRequest(shop.order_lines[key], qty, "wrong_size", "", "unused")
    ret = svc.create_return(shop.owner, key.split("/")[0], [line])
    if ret.status == "requested":
        svc.approve(shop.owner, ret.rma)
    svc.receive(shop.owner, ret.rma, {ret.lines[0].id: qty})
    return ret.rma, ret.lines[0].id


def test_differences_asked_paid_waived_and_rests_per_currency(database, tmp_path):
    shop = build_shop(database)
    with database.write() as s:
        for sku, price in (("BOOT-42", 4000), ("SOCK-1", 800)):
            product = Product(sku=sku, name=sku, category="general", price_minor=price, currency="EUR")
            s.add(product)
            s.flush()
            record_movement(s, product.id, 5, "initial")
    paid_rma, line = _received(shop, "1001/TEE-M")  # 25.00 for boots at 40.00: 15.00 due, then paid
    svc.resolve_line(shop.owner, paid_rma, line, "exchange", 1, exchange_sku="BOOT-42")
    svc.settle_exchange(shop.owner, paid_rma, svc.get_return(database, paid_rma).exchanges[0].id, reference="B-1")
    waived_rma, line = _received(shop, "1001/MUG-1")  # 11.99 for boots: 28.01 due, waived
    svc.resolve_line(shop.owner, waived_rma, line, "exchange", 1, exchange_sku="BOOT-42")
    svc.settle_exchange(shop.owner, waived_rma, svc.get_return(database, waived_rma).exchanges[0].id, waive=True)
    rest_rma, line = _received(shop, "1002/MUG-1")  # 11.99 for socks at 8.00: 3.99 back
    svc.resolve_line(shop.owner, rest_rma, line, "exchange", 1, exchange_sku="SOCK-1")

    month = utcnow().astimezone(ZoneInfo("Europe/Berlin")).strftime("%Y-%m")  # the shop's month
    figures = key_figures(database, month_period(month, "Europe/Berlin"), "EUR")
    assert figures.exchange_asked.of("EUR") == Money.of("43.01", "EUR")
    assert figures.exchange_paid.of("EUR") == Money.of("15.00", "EUR")
    assert figures.exchange_waived.of("EUR") == Money.of("28.01", "EUR")
    assert figures.exchange_rests.of("EUR") == Money.of("3.99", "EUR")

    summary = build_monthly_summary(database, month)
    with export_summary(summary, tmp_path / "m.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = {row["key"]: row for row in csv.DictReader(handle) if row["section"] == "figures"}
    assert [Decimal(rows[k]["value"]) for k in ("exchange_asked", "exchange_paid", "exchange_waived",
                                                "exchange_rests")] == [Decimal(v) for v in ("43.01", "15.00",
                                                                                             "28.01", "3.99")]
    sheet = openpyxl.load_workbook(export_summary(summary, tmp_path / "m.xlsx"))["Summary"]
    cells = {row[0].value: row[1].value for row in sheet.iter_rows(min_row=5)}
    assert cells["Exchange differences waived"] == 28.01 and cells["Exchange rests paid back"] == 3.99
    pdf = pypdfium2.PdfDocument(str(export_summary(summary, tmp_path / "m.pdf")))
    text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
    assert "Exchange differences paid" in text and "Exchange differences asked of customers" in text
    chinese = pypdfium2.PdfDocument(str(export_summary(summary, tmp_path / "zh.pdf", lang="zh_CN")))
    assert "已免除的换货差价" in "\n".join(page.get_textpage().get_text_range() for page in chinese)


def test_figures_kept_before_the_exchange_figures_existed_are_worked_out_again(known_shop):
    first = build_monthly_summary(known_shop, "2026-11")
    with known_shop.write() as session:  # a kept copy from before: no exchange figures in it
        row = session.scalars(select(ReportFigures).where(ReportFigures.month == "2026-10",
                                                          ReportFigures.part == "figures")).one()
        data = json.loads(row.data)
        row.data = json.dumps({k: v for k, v in data.items() if not k.startswith("exchange_")})
    again = build_monthly_summary(known_shop, "2026-11")
    assert again == first and again.trend == first.trend
