"""The lazy queue model: only ids up front, summaries fetched a page at a time, a valid Qt model."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt

from desktop_app.core.domain.money import Money
from desktop_app.gui.models.queue_model import ID_ROLE, QueueModel

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
REFUND = Money.from_minor(1999, "EUR")


@dataclass(frozen=True)
class Row:
    id: int
    rma: str
    order_number: str = "#1001"
    customer_name: str = "Li Wei"
    status: str = "requested"
    items: int = 1
    reason: str = "defective"
    refunded: Money = REFUND
    requested_at: datetime = NOW - timedelta(days=3)
    due_at: datetime | None = NOW + timedelta(days=2)
    overdue: bool = False


class Loader:
    def __init__(self) -> None:
        self.calls: list[list[int]] = []

    def __call__(self, ids):
        self.calls.append(list(ids))
        return [Row(i, f"R-{i:06d}") for i in ids]


def test_the_model_passes_qt_model_checks(qtmodeltester):
    model = QueueModel(Loader(), page_size=10, now=lambda: NOW)
    model.set_ids(range(1, 36))
    qtmodeltester.check(model, force_py=True)


def test_only_the_page_of_a_shown_row_is_fetched():
    loader = Loader()
    model = QueueModel(loader, page_size=10, now=lambda: NOW)
    model.set_ids(list(range(1, 1001)))
    assert loader.calls == []
    assert model.rowCount() == 1000
    assert model.data(model.index(505, 0)) == "R-000506"
    assert loader.calls == [list(range(501, 511))]
    model.data(model.index(509, 3))
    assert len(loader.calls) == 1
    assert model.data(model.index(505, 0), ID_ROLE) == 506


def test_cells_show_amount_age_and_translated_headers():
    model = QueueModel(Loader(), page_size=10, now=lambda: NOW)
    model.set_ids([7])
    texts = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert texts[0] == "R-000007"
    assert "19.99" in texts[6]
    assert texts[7] == "3 d"
    assert model.headerData(0, Qt.Orientation.Horizontal) == "RMA"


def test_invalidate_refetches_changed_rows_only():
    loader = Loader()
    model = QueueModel(loader, page_size=10, now=lambda: NOW)
    model.set_ids([1, 2, 3])
    model.data(model.index(0, 0))
    model.invalidate([2])
    model.data(model.index(1, 0))
    assert loader.calls[-1] == [2]


def test_sorting_asks_the_service_for_a_new_order(qtbot):
    model = QueueModel(Loader(), now=lambda: NOW)
    with qtbot.waitSignal(model.sort_requested) as blocker:
        model.sort(8, Qt.SortOrder.DescendingOrder)
    assert blocker.args == ["due_at", True]


def test_a_page_that_fails_to_load_leaves_empty_rows_and_is_not_retried_while_painting():
    calls = []

    def broken(ids):
        calls.append(list(ids))
        raise OSError("disk went away")

    model = QueueModel(broken, page_size=10, now=lambda: NOW)
    model.set_ids([1, 2, 3])
    assert model.data(model.index(0, 0)) is None
    assert model.data(model.index(1, 0)) is None
    assert len(calls) == 1
    model.set_ids([1, 2, 3])
    model.data(model.index(0, 0))
    assert len(calls) == 2


def test_scrolling_a_long_queue_keeps_the_ids_compact_and_only_recent_pages(qtbot):
    from array import array

    from desktop_app.gui.models import queue_model

    loader = Loader()
    model = QueueModel(loader, page_size=10, now=lambda: NOW)
    model.set_ids(range(1, 100_001))
    assert isinstance(model._ids, array) and model._ids.itemsize == 8  # 8 bytes a return, not a list of ints
    for row in range(0, 100_000, 10):  # every page once, top to bottom
        assert model.data(model.index(row, 0)) == f"R-{row + 1:06d}"
    assert len(model._cache) <= queue_model.CACHED_PAGES * 10  # not every summary ever shown
    assert model.data(model.index(0, 0)) == "R-000001"  # a page scrolled back to is fetched again
    assert loader.calls[-1][0] == 1
    assert model.row_of(99_999) == 99_998 and model.row_of(123_456_789) == -1
