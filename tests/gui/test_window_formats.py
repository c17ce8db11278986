"""The window shows dates and money in the shop country's form (the documents' helper), in both languages."""

from __future__ import annotations

import re
from decimal import Decimal

from desktop_app.core.services import returns
from desktop_app.core.services.base import ServiceContext
from desktop_app.core.services.settings import set_setting
from desktop_app.gui.i18n import install_language
from desktop_app.gui.models.queue_model import COLUMNS
from tests.gui.conftest import make_window

GERMAN_DAY = re.compile(r"^\d{2}\.\d{2}\.\d{4}$")
CHINESE_DAY = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")


def _german_money(amount: Decimal) -> str:
    """1234.5 -> '1.234,50 €' (a no-break space keeps the sign with the amount), written out without Babel."""
    return f"{amount:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".") + "\u00a0€"


def _show_all(window) -> list:
    queue = window.queue
    queue.status_filter.setCurrentIndex(queue.status_filter.findData(""))
    queue.refresh()
    return [queue.model.summary(row) for row in range(queue.model.rowCount())]


def _cells(window, column: str) -> list[str]:
    model = window.queue.model
    return [model.index(row, COLUMNS.index(column)).data() or "" for row in range(model.rowCount())]


def _due_fits(window, dues: list[str]) -> None:
    """The due column shows each date whole (a Chinese date is wider than a numeric one)."""
    table = window.queue.table
    width = table.columnWidth(COLUMNS.index("due"))
    assert all(table.fontMetrics().horizontalAdvance(cell) + 8 <= width for cell in dues), (width, dues[:3])


def _refunded(window):
    """Return the first listed return with a refund, and its row."""
    rows = _show_all(window)
    return next((row, s) for row, s in enumerate(rows) if s.refunded is not None and not s.refunded.is_zero())


def _check_german(window, row: int, summary) -> None:
    dues = [cell for cell in _cells(window, "due") if cell]
    assert dues and all(GERMAN_DAY.match(cell) for cell in dues), dues[:5]
    _due_fits(window, dues)
    assert _cells(window, "refund")[row] == _german_money(summary.refunded.amount)
    detail = window.queue.detail
    assert re.search(r"Requested \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}", detail.header.text()), detail.header.text()
    timeline = [detail.timeline.item(i).text() for i in range(detail.timeline.count())]
    assert any(re.match(r"^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2} ", entry) for entry in timeline), timeline
    assert any(f"Refund of {_german_money(r.amount.amount)}" in " ".join(timeline)
               for r in returns.get_return(window.desk.db, summary.rma).refunds)


def _check_chinese(window) -> None:
    dues = [cell for cell in _cells(window, "due") if cell]
    assert dues and all(CHINESE_DAY.match(cell) for cell in dues), dues[:5]
    _due_fits(window, dues)
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}", window.queue.detail.header.text())


def test_a_german_shop_shows_german_dates_and_money_in_the_queue_and_detail_across_a_language_switch(
        qtbot, shop_db, owner):
    window = make_window(qtbot, shop_db, owner)  # the demo shop is in Germany (shop.country DE)
    row, summary = _refunded(window)
    window.queue.detail.show_rma(summary.rma)
    _check_german(window, row, summary)
    window.menus.language_actions["zh_CN"].trigger()
    _check_chinese(window)
    assert _cells(window, "refund")[row] == f"€{summary.refunded.amount:,.2f}"
    window.menus.language_actions["en"].trigger()
    _check_german(window, row, summary)


def test_a_chinese_desk_shows_chinese_dates_and_the_shops_country_reaches_the_window_through_its_settings(
        qtbot, shop_db, owner):
    install_language("zh_CN")
    window = make_window(qtbot, shop_db, owner)
    _row, summary = _refunded(window)
    window.queue.detail.show_rma(summary.rma)
    _check_chinese(window)
    window.menus.language_actions["en"].trigger()
    set_setting(ServiceContext(shop_db, owner), "shop.country", "US")
    _show_all(window)
    window.queue.detail.show_rma(summary.rma)
    dues = [cell for cell in _cells(window, "due") if cell]
    assert dues and all(re.match(r"^\d{1,2}/\d{1,2}/\d{4}$", cell) for cell in dues), dues[:5]
    assert re.search(r"Requested \d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}\W(AM|PM)", window.queue.detail.header.text())
