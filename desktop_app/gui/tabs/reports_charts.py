"""The Reports tab's charts and breakdown tables: the core's chart data drawn by the same matplotlib figure."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from desktop_app.core.i18n import current_language
from desktop_app.core.reports.breakdowns import BreakdownRow
from desktop_app.core.reports.charts import ChartData, build_figure
from desktop_app.core.reports.summary_rows import amounts_text
from desktop_app.gui.i18n import tr

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class ChartView(QWidget):
    """One chart from `core.reports.charts`, redrawn when its data changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart: ChartData | None = None
        self.canvas: Any = None  # matplotlib's Qt canvas, imported when the first chart is drawn
        self.setMinimumHeight(220)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def set_chart(self, chart: ChartData) -> None:
        """Draw a new chart in place of the old one."""
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        self.chart = chart
        if self.canvas is not None:
            self._layout.removeWidget(self.canvas)
            self.canvas.deleteLater()
        figure = build_figure(chart, width_in=5.5, height_in=2.6, dpi=96)
        self.canvas = FigureCanvasQTAgg(figure)  # type: ignore[no-untyped-call]
        self._layout.addWidget(self.canvas)


def percent_text(value: Decimal | None) -> str:
    """Return a share 0..1 as "12.5 %", or a dash."""
    return "–" if value is None else f"{value * 100:.1f} %"


class BreakdownModel(QAbstractTableModel):
    """Rows of one breakdown (reason, category, product, channel or customer), sortable by every column."""

    COLUMNS = ("Name", "Returns", "Units", "Value", "Units sold", "Return rate")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[BreakdownRow] = []
        self.labels: list[str] = []

    def set_rows(self, rows: list[BreakdownRow], label: Callable[[BreakdownRow], str]) -> None:
        """Show new rows; `label` turns a row into the words people read (reason names, say)."""
        self.beginResetModel()
        self.rows, self.labels = list(rows), [label(row) for row in rows]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(self.COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        values = (self.labels[index.row()], row.returns, row.units, row.values.items[0].amount,
                  row.units_sold if row.units_sold is not None else -1, row.return_rate or Decimal(-1))
        if role == SORT_ROLE:
            value = values[column]
            return float(value) if isinstance(value, Decimal) else value  # sort key only
        if role == Qt.ItemDataRole.DisplayRole:
            texts = (self.labels[index.row()], str(row.returns), str(row.units),
                     amounts_text(row.values.items, current_language()),
                     "–" if row.units_sold is None else str(row.units_sold), percent_text(row.return_rate))
            return texts[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def row_at(self, source_row: int) -> BreakdownRow:
        """Return the breakdown row shown at a source row."""
        return self.rows[source_row]


class BreakdownTable(QTableView):
    """A sortable breakdown; double-clicking (or Enter on) a row asks to open the returns behind it."""

    open_row = Signal(object)  # BreakdownRow

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = BreakdownModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.source)
        self.proxy.setSortRole(SORT_ROLE)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(3, Qt.SortOrder.DescendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.activated.connect(self._activated)

    def _activated(self, index: QModelIndex) -> None:
        self.open_row.emit(self.source.row_at(self.proxy.mapToSource(index).row()))

    def retranslate(self) -> None:
        """Redraw the header in the current language."""
        self.source.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(BreakdownModel.COLUMNS) - 1)
