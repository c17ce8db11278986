"""The Returns tab on the demo shop: status filter with counts, debounced search, overdue, sort, bulk approve."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.core.services import returns
from desktop_app.gui.models.queue_model import ID_ROLE


def _shown_statuses(tab) -> set[str]:
    model = tab.model
    return {tab._summary_of(model.data(model.index(r, 0), ID_ROLE)).status for r in range(model.rowCount())}


def test_the_filter_shows_counts_and_only_that_status(owner_window, shop_db):
    tab = owner_window.queue
    counts = returns.status_counts(shop_db)
    tab.set_status("approved")
    assert tab.model.rowCount() == counts["approved"]
    assert _shown_statuses(tab) == {"approved"}
    texts = [tab.status_filter.itemText(i) for i in range(tab.status_filter.count())]
    assert f"Approved ({counts['approved']})" in texts
    tab.set_status("")
    assert tab.model.rowCount() == sum(counts.values())


def test_search_waits_for_typing_to_pause_then_filters(qtbot, owner_window, shop_db):
    tab = owner_window.queue
    tab.set_status("")
    rma = returns.summaries_by_ids(shop_db, returns.return_ids(shop_db)[:1])[0].rma
    pages = tab.model.pages_loaded
    qtbot.keyClicks(tab.search, rma)
    assert tab.model.rowCount() > 1  # nothing asked while typing
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=2000)
    assert tab.model.data(tab.model.index(0, 0)) == rma
    assert tab.model.pages_loaded > pages
    tab.search.clear()
    qtbot.keyClick(tab.search, Qt.Key.Key_Return)
    assert tab.model.rowCount() > 1


def test_overdue_toggle_and_status_bar_agree(owner_window, shop_db):
    tab = owner_window.queue
    tab.set_status("")
    owner_window.actions_by_name["overdue"].trigger()
    assert tab.overdue.isChecked()
    overdue = tab.model.rowCount()
    assert overdue == returns.count_returns(shop_db, returns.ReturnFilter(overdue_only=True))
    assert f"{overdue} overdue" in owner_window.status_counts.text()


def test_sorting_by_due_date_asks_the_service(owner_window):
    tab = owner_window.queue
    tab.set_status("open")
    tab.table.sortByColumn(8, Qt.SortOrder.AscendingOrder)
    dues = [tab._summary_of(i).due_at for i in tab.model.ids()]
    known = [d for d in dues if d is not None]
    assert known == sorted(known)
    assert tab._sort == "due_at"


def test_bulk_approve_of_the_selected_requested_returns(qtbot, owner_window, shop_db):
    tab = owner_window.queue
    tab.set_status("requested")
    requested = tab.model.rowCount()
    assert requested >= 2
    tab.table.selectAll()
    assert tab.approve_selected.isEnabled()
    qtbot.mouseClick(tab.approve_selected, Qt.MouseButton.LeftButton)
    assert returns.status_counts(shop_db)["requested"] == 0
    assert tab.model.rowCount() == 0
    assert owner_window.counts["approved"] >= requested


def test_selecting_a_row_shows_its_lines_policy_and_timeline(owner_window):
    tab = owner_window.queue
    tab.set_status("received")
    tab.table.selectRow(0)
    pane = tab.detail
    assert pane.detail is not None and pane.detail.status == "received"
    assert pane.lines.rowCount() == len(pane.detail.lines)
    assert pane.explanation.text()
    assert pane.timeline.count() >= 3
    assert pane.buttons["inspect"].isVisible()
    assert not pane.buttons["approve"].isVisible()
