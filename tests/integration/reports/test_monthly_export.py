"""The monthly summary exports: CSV and XLSX read back, PDF text extracted, in English and Chinese."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal

import openpyxl
import pypdfium2
import pytest

from desktop_app.core.reports.export import ExportProblem, export_summary
from desktop_app.core.reports.figures import key_figures
from desktop_app.core.reports.monthly import build_monthly_summary, build_period_summary
from desktop_app.core.reports.period import Period


@pytest.fixture
def october(known_shop):
    return build_monthly_summary(known_shop, "2026-10")


def pdf_text(path) -> str:
    document = pypdfium2.PdfDocument(str(path))
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def test_csv_carries_figures_breakdowns_and_trend(october, tmp_path):
    path = export_summary(october, tmp_path / "october.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    figures = {row["key"]: row for row in rows if row["section"] == "figures"}
    assert figures["units_returned"]["value"] == "7" and figures["units_returned"]["previous"] == "1"
    assert figures["units_returned"]["change"] == "6.0000"  # +600 %
    assert Decimal(figures["refund_value"]["value"]) == Decimal("78.00")
    reasons = {row["key"]: row for row in rows if row["section"] == "reason"}
    assert reasons["wrong_size"]["units"] == "3"
    assert [row["key"] for row in rows if row["section"] == "trend"][-1] == "2026-10"


def test_xlsx_has_typed_cells_and_a_sheet_per_breakdown(october, tmp_path):
    path = export_summary(october, tmp_path / "october.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Summary", "By reason", "By category", "By product", "By channel",
                               "By customer", "Last 12 months"]
    summary = book["Summary"]
    rows = {row[0].value: row for row in summary.iter_rows(min_row=5)}
    rate = rows["Returns received per unit sold"]
    assert rate[1].value == pytest.approx(0.6364) and rate[1].number_format == "0.0%"
    refunds = rows["Refunds paid"]
    assert refunds[1].value == pytest.approx(78.0) and "EUR" in refunds[1].number_format
    assert summary["B2"].is_date
    by_product = book["By product"]
    header = [cell.value for cell in by_product[1]]
    assert header[:4] == ["Key", "Name", "Returns", "Units"]
    shirts = next(row for row in by_product.iter_rows(min_row=2, values_only=True) if row[0] == "SHIRT")
    assert shirts[3] == 4 and isinstance(shirts[3], int)


def test_pdf_in_english_and_chinese(october, tmp_path):
    english = pdf_text(export_summary(october, tmp_path / "en.pdf", lang="en"))
    chinese = pdf_text(export_summary(october, tmp_path / "zh.pdf", lang="zh_CN"))

    assert "Monthly returns summary: 2026-10" in english
    assert "Lindenhof Textil" in english and "Lindenstraße 5" in english
    assert "Units returned" in english and "63.6 %" in english and " pp" in english
    assert "退货月度汇总" in chinese and "退货件数" in chinese and "王芳" in chinese


@pytest.mark.parametrize("name", ["october.docx", "october"])
def test_unknown_format_is_refused(october, tmp_path, name):
    with pytest.raises(ExportProblem) as refused:
        export_summary(october, tmp_path / name)
    assert ".pdf, .csv or .xlsx" in refused.value.render("en")


def test_missing_folder_is_refused(october, tmp_path):
    with pytest.raises(ExportProblem) as refused:
        export_summary(october, tmp_path / "nowhere" / "october.pdf")
    assert "does not exist" in refused.value.render("en")


def test_a_period_that_is_not_a_month_is_summarised_as_that_period(known_shop, october, tmp_path):
    first_days = build_period_summary(known_shop, date(2026, 10, 1), date(2026, 10, 3))
    assert first_days.period == Period(date(2026, 10, 1), date(2026, 10, 3), "Europe/Berlin")
    assert first_days.figures == key_figures(known_shop, first_days.period, "EUR")
    assert first_days.figures.units_sold == 5 < october.figures.units_sold  # O1 on 3 October only
    assert first_days.trend[-1].month == "2026-10"  # the trend still ends with the period's month

    book = openpyxl.load_workbook(export_summary(first_days, tmp_path / "first-days.xlsx"))
    summary = book["Summary"]
    assert [summary["A2"].value, summary["B2"].value.date(), summary["C2"].value.date()] == [
        "Period", date(2026, 10, 1), date(2026, 10, 3)]
    assert [cell.value for cell in summary[4]][:3] == ["Figure", "This period", "Previous period"]
    english = pdf_text(export_summary(first_days, tmp_path / "first-days.pdf"))
    assert "Returns summary: 2026-10-01 – 2026-10-03" in english and "Previous period" in english
    assert "退货汇总" in pdf_text(export_summary(first_days, tmp_path / "zh.pdf", lang="zh_CN"))
