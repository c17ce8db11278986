"""The Reports tab on the demo shop: figures, charts, breakdowns that open the queue, analytics, what-if, export."""

from __future__ import annotations

import csv
import dataclasses
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
from PySide6.QtCore import QDate

from desktop_app.core.reports.breakdowns import return_ids_for
from desktop_app.core.reports.period import Period
from desktop_app.core.services import policies
from desktop_app.core.services.base import ServiceContext
from desktop_app.core.services.settings import get_settings
from desktop_app.gui.i18n import install_language
from desktop_app.gui.tabs.reports_tab import ReportsTab


def _whole_history(tab: ReportsTab) -> None:
    """Show the demo's 14 months at once."""
    today = QDate.currentDate()
    tab.start.setDate(today.addMonths(-15))
    tab.end.setDate(today)
    tab.refresh()


def test_reports_tab_shows_figures_charts_breakdowns_and_analytics(owner_window):
    tab = owner_window.reports
    _whole_history(tab)

    assert tab.figures.rowCount() >= 14
    titles = [chart.chart.title for chart in tab.charts]
    assert titles[0] == "Units sold and returned per month" and all(chart.canvas for chart in tab.charts)
    assert tab.breakdown.model().rowCount() > 3  # reasons of the demo shop
    first_reason = tab.breakdown.model().index(0, 0).data()
    assert first_reason and "_" not in first_reason  # the catalogue's words, not the code
    assert tab.products.rowCount() > 0


def test_double_clicking_a_breakdown_row_opens_its_returns_in_the_queue(owner_window, shop_db):
    tab = owner_window.reports
    _whole_history(tab)
    index = tab.breakdown.model().index(0, 0)
    row = tab.breakdown.source.row_at(tab.breakdown.model().mapToSource(index).row())

    tab.breakdown.activated.emit(index)

    shop = get_settings(shop_db)
    period = Period(tab.start.date().toPython(), tab.end.date().toPython(), shop.shop_timezone)
    expected = set(return_ids_for(shop_db, period, "reason", row.key))
    assert owner_window.tabs.currentWidget() is owner_window.queue
    assert set(owner_window.queue.model.ids()) == expected and expected
    assert str(len(expected)) in owner_window.queue.shown.text()


def test_what_if_replays_the_period_through_a_draft(owner_window, shop_db, owner):
    current = policies.current_policy(shop_db).rules
    stricter = dataclasses.replace(current, window_days=1, holiday_extension=None,
                                   restocking_fee_percent=Decimal(20))
    policies.save_draft(ServiceContext(shop_db, owner), stricter, title="Strict draft")
    tab = owner_window.reports
    _whole_history(tab)
    assert tab.what_if.drafts.currentText() == "Strict draft"

    tab.what_if.run_button.click()

    result = tab.what_if.result
    assert result is not None and result.lines_replayed > 0
    assert result.after.eligible_lines <= result.before.eligible_lines
    assert tab.what_if.changed.rowCount() == len(result.changed) > 0


def test_export_monthly_summary_writes_the_file_the_owner_chose(owner_window, tmp_path, monkeypatch):
    target = tmp_path / "summary.xlsx"
    monkeypatch.setattr(ReportsTab, "ask_export_path", classmethod(lambda cls, parent, suggested: str(target)))
    tab = owner_window.reports  # the period it opens on: last month

    tab.export_summary()

    book = openpyxl.load_workbook(target)
    assert "Summary" in book.sheetnames and book["Summary"]["A1"].value


def test_export_writes_the_period_on_screen_not_the_start_month(owner_window, tmp_path, monkeypatch):
    target = tmp_path / "history.xlsx"
    suggested = []
    monkeypatch.setattr(ReportsTab, "ask_export_path",
                        classmethod(lambda cls, parent, name: suggested.append(name) or str(target)))
    tab = owner_window.reports
    _whole_history(tab)
    start, end = tab.start.date().toPython(), tab.end.date().toPython()
    on_screen = {change.name: change.current for change in tab.report.changes}

    tab.export_summary()

    assert suggested[0].endswith(f"returns-{start:%Y-%m-%d}_{end:%Y-%m-%d}.pdf")
    summary = openpyxl.load_workbook(target)["Summary"]
    assert (summary["B2"].value.date(), summary["C2"].value.date()) == (start, end)
    rows = {row[0].value: row[1].value for row in summary.iter_rows(min_row=5)}
    assert rows["Units sold"] == on_screen["units_sold"] > 0  # 15 months of sales, not the first month's


def test_export_never_writes_over_the_shop_database_or_its_backups(owner_window, monkeypatch):
    import hashlib

    from desktop_app.gui.tabs import reports_tab

    shop = owner_window.desk.db.sqlite_path
    (shop.parent / "backups").mkdir(exist_ok=True)
    before = hashlib.sha256(shop.read_bytes()).hexdigest()
    said: list[str] = []
    monkeypatch.setattr(reports_tab, "show_error", lambda _parent, text: said.append(text))
    for target in (shop, shop.with_name(shop.name + "-wal"), shop.parent / "backups" / "x.csv"):
        monkeypatch.setattr(ReportsTab, "ask_export_path", classmethod(lambda cls, parent, suggested, t=target: str(t)))
        owner_window.reports.export_summary()
    assert len(said) == 3 and all("Nothing was written" in text for text in said), said
    assert hashlib.sha256(shop.read_bytes()).hexdigest() == before


def test_the_tab_switches_to_chinese(owner_window):
    tab = owner_window.reports
    _whole_history(tab)
    install_language("zh_CN")
    tab.retranslate()
    assert tab.sections.tabText(0) == "关键指标"
    assert tab.charts[0].chart.title == "每月售出与退货件数"
    assert tab.products_box.title().startswith("需改进的商品")


def test_the_tab_opens_on_the_last_full_month_not_the_month_just_begun(owner_window):
    tab = owner_window.reports
    today = date.today()
    last = today.replace(day=1) - timedelta(days=1)
    assert (tab.start.date().toPython(), tab.end.date().toPython()) == (last.replace(day=1), last)


def test_the_figures_on_screen_are_the_exported_rows_with_rates_in_points(owner_window, tmp_path, monkeypatch):
    target = tmp_path / "history.csv"
    monkeypatch.setattr(ReportsTab, "ask_export_path", classmethod(lambda cls, parent, name: str(target)))
    tab = owner_window.reports
    _whole_history(tab)
    shown = {tab.figures.item(r, 0).text(): tab.figures.item(r, 3).text() for r in range(tab.figures.rowCount())}

    tab.export_summary()

    with target.open(encoding="utf-8-sig", newline="") as handle:
        exported = [row["name"] for row in csv.DictReader(handle) if row["section"] == "figures"]
    assert exported == list(shown)  # the same rows in the same order
    rate = shown["Return rate (by month of sale)"]
    assert rate.endswith(" pp") or rate == "—"
    assert tab.figures.item(list(shown).index("Return rate (by month of sale)"), 0).toolTip()
    rate_value = tab.figures.item(list(shown).index("Return rate (by month of sale)"), 1).text()
    assert float(rate_value.rstrip(" %")) <= 100


def test_an_empty_what_if_says_what_to_do(owner_window):
    tab = owner_window.reports
    _whole_history(tab)
    assert tab.what_if.drafts.count() == 0 and not tab.what_if.run_button.isEnabled()
    assert "Save draft" in tab.what_if.hint.text() and tab.what_if.hint.isVisibleTo(tab.what_if)
    install_language("zh_CN")
    tab.retranslate()
    assert "保存草稿" in tab.what_if.hint.text()
