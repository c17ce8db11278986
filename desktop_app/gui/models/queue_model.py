"""The returns queue as a lazy table model: it keeps only the ids and fetches summaries page by page.

The ids sit in one `array('q')` (8 bytes a return, not a Python int and list slot each), and only the
summaries of the last `CACHED_PAGES` pages shown are kept, so scrolling a million returns stays small.
"""

from __future__ import annotations

import logging
from array import array
from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import cache
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPen, QPixmap

from desktop_app.core.services.returns import ReturnSummary
from desktop_app.gui.formatting import (
    age_text,
    list_text,
    local_date,
    money_of,
    reason_text,
    status_title_text,
)
from desktop_app.gui.i18n import tr

log = logging.getLogger(__name__)
PAGE_SIZE = 200
CACHED_PAGES = 25  # summaries kept for this many pages (5,000 rows); the rows seen longest ago are dropped
ID_ROLE = Qt.ItemDataRole.UserRole + 1
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 2

COLUMNS = ("rma", "order", "customer", "status", "items", "reason", "refund", "age", "due")
WIDTHS = (106, 64, 130, 116, 48, 150, 76, 52, 88)  # starting column widths in pixels
# Columns the service can sort by; age sorts by the request time the other way round.
SORT_KEYS = {"rma": ("rma", False), "status": ("status", False), "age": ("requested_at", True),
             "due": ("due_at", False)}
_OVERDUE = QColor(178, 34, 34)

Index = QModelIndex | QPersistentModelIndex
LoadPage = Callable[[Sequence[int]], Sequence[ReturnSummary]]


@cache
def portal_icon() -> QIcon:
    """Return the small globe-blue badge that marks a return the customer asked for in the portal."""
    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(21, 101, 192), 1.4))
    painter.setBrush(QColor(227, 242, 253))
    painter.drawEllipse(1, 1, 12, 12)
    painter.drawLine(1, 7, 13, 7)  # a globe: equator and meridian
    painter.drawEllipse(4, 1, 6, 12)
    painter.end()
    return QIcon(pixmap)


def _headers() -> tuple[str, ...]:
    return (tr("RMA"), tr("Order"), tr("Customer"), tr("Status"), tr("Items"), tr("Reason"),
            tr("Refund"), tr("Age"), tr("Due"))


class QueueModel(QAbstractTableModel):
    """Rows are return ids; a summary is fetched (a page at a time) only when a row is first shown."""

    sort_requested = Signal(str, bool)  # sort key, descending: the tab asks the service for new ids

    def __init__(self, load_page: LoadPage, page_size: int = PAGE_SIZE,
                 now: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self._load_page = load_page
        self._page_size = page_size
        self._ids: array[int] = array("q")
        self._cache: OrderedDict[int, ReturnSummary] = OrderedDict()  # oldest first
        self._failed_pages: set[int] = set()
        self._now = now or (lambda: datetime.now(UTC))
        self.zone: str | None = None  # the shop's time zone for dates (None: this computer's)
        self.pages_loaded = 0

    # -- content ---------------------------------------------------------------------------------
    def set_ids(self, ids: Sequence[int]) -> None:
        """Show these returns in this order; cached summaries are kept until `invalidate`."""
        self.beginResetModel()
        self._failed_pages.clear()
        self._ids = array("q", ids)
        self.endResetModel()

    def ids(self) -> list[int]:
        """Return the ids shown, in order."""
        return list(self._ids)

    def row_of(self, return_id: int) -> int:
        """Return the row of a return, or -1 when it is not shown (a scan of the id array, in C)."""
        try:
            return self._ids.index(return_id)
        except ValueError:
            return -1

    def return_id(self, row: int) -> int:
        """Return the id shown in a row."""
        return self._ids[row]

    def invalidate(self, return_ids: Sequence[int] | None = None) -> None:
        """Forget cached summaries (all, or of some returns) so they are fetched again when shown."""
        if return_ids is None:
            self._cache.clear()
            if self._ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))
            return
        for rid in return_ids:
            self._cache.pop(rid, None)
            row = self.row_of(rid)
            if row >= 0:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def summary(self, row: int) -> ReturnSummary | None:
        """Return the summary of a row, fetching its page if needed."""
        rid = self._ids[row]
        if rid in self._cache:
            self._cache.move_to_end(rid)  # seen now: the last to be dropped
            return self._cache[rid]
        self._fetch_around(row)
        return self._cache.get(rid)

    def _fetch_around(self, row: int) -> None:
        start = (row // self._page_size) * self._page_size
        if start in self._failed_pages:
            return
        wanted = [rid for rid in self._ids[start : start + self._page_size] if rid not in self._cache]
        try:
            items = self._load_page(wanted)
        except Exception:  # painting must go on; the rows stay empty until the next refresh
            log.exception("Loading queue rows failed")
            self._failed_pages.add(start)
            return
        for item in items:
            self._cache[item.id] = item
        while len(self._cache) > CACHED_PAGES * self._page_size:
            self._cache.popitem(last=False)  # the page seen longest ago; fetched again if it comes back
        self.pages_loaded += 1

    # -- Qt model --------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        """Return the number of returns shown."""
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        """Return the number of columns."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the translated column titles."""
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return _headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return a cell's text, its sort value, the row's id or summary, and overdue highlighting."""
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SUMMARY_ROLE,
                        Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole,
                        Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.DecorationRole):
            return None
        item = self.summary(index.row())
        if item is None:
            return None
        if role == SUMMARY_ROLE:
            return item
        column = COLUMNS[index.column()]
        if column == "rma" and role in (Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole):
            portal = getattr(item, "channel", "") == "portal"
            if role == Qt.ItemDataRole.DecorationRole:
                return portal_icon() if portal else None
            if portal:
                return tr("{rma}: requested by the customer in the portal", rma=item.rma)
        if role == Qt.ItemDataRole.DecorationRole:
            return None
        overdue = bool(getattr(item, "overdue", False))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(_OVERDUE) if overdue and column in ("due", "age") else None
        if role == Qt.ItemDataRole.FontRole:
            if overdue and column == "due":
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in ("items", "refund", "age"):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        return self._cell(item, column)

    def _cell(self, item: ReturnSummary, column: str) -> str:
        if column == "rma":
            return item.rma
        if column == "order":
            return item.order_number or ""
        if column == "customer":
            return item.customer_name or ""
        if column == "status":
            return status_title_text(item.status)
        if column == "items":
            return str(item.items)
        if column == "reason":
            return list_text([reason_text(code.strip()) for code in (item.reason or "").split(",") if code.strip()])
        if column == "refund":
            return "" if item.refunded is None or item.refunded.is_zero() else money_of(item.refunded)
        if column == "age":
            return age_text(item.requested_at, self._now())
        if column == "due":
            return local_date(item.due_at, self.zone)
        return ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Ask for the ids again in a new order (the service sorts, the model only shows)."""
        if 0 <= column < len(COLUMNS) and COLUMNS[column] in SORT_KEYS:
            key, inverted = SORT_KEYS[COLUMNS[column]]
            self.sort_requested.emit(key, (order == Qt.SortOrder.DescendingOrder) != inverted)

    def retranslate(self) -> None:
        """Redraw headers and cells after a language change."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))
