"""The Reports tab: a period picker, the key figures against the previous period, and today's queue."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.domain.lifecycle_state import Status
from desktop_app.core.domain.money import Money
from desktop_app.gui.backend import Desk
from desktop_app.gui.formatting import money_of, status_text
from desktop_app.gui.i18n import Retranslatable, error_text, tr
from desktop_app.gui.messages import show_error

PERCENT_FIGURES = ("return_rate", "refunded_within_promise")


def figure_text(name: str, value: Any) -> str:
    """Return one key figure for display: amounts with their currency, shares as percent."""
    if value is None:
        return "–"
    if isinstance(value, Money):
        return money_of(value)
    if name in PERCENT_FIGURES:
        return f"{Decimal(value) * 100:.1f} %"
    if isinstance(value, Decimal):
        return f"{value:.1f}"
    return str(value)


def change_text(change: Decimal | None) -> str:
    """Return a relative change as +12.5 % (or – when there is nothing to compare)."""
    return "–" if change is None else f"{change * 100:+.1f} %"


class ReportsTab(Retranslatable, QWidget):
    """Key figures for a period (from core.reports) and the counts of the working queue."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.counts: dict[str, int] = {}
        self.changes: list[Any] = []
        today = QDate.currentDate()
        self.period_label = QLabel()
        self.start = QDateEdit(QDate(today.year(), today.month(), 1), calendarPopup=True)
        self.end = QDateEdit(today, calendarPopup=True)
        for edit in (self.start, self.end):
            edit.setDisplayFormat("yyyy-MM-dd")
        self.to_label = QLabel()
        self.show_button = QPushButton()
        self.show_button.setObjectName("showFigures")
        self.show_button.clicked.connect(self.refresh)
        bar = QHBoxLayout()
        for widget in (self.period_label, self.start, self.to_label, self.end, self.show_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        self.figures = QTableWidget(0, 4)
        self.figures.setObjectName("keyFigures")
        self.figures.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.figures.verticalHeader().hide()
        self.figures.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            self.figures.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.box = QGroupBox()
        self.form = QFormLayout(self.box)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.values: dict[str, tuple[QLabel, QLabel]] = {}
        for key in ("open", "overdue", *[s.value for s in Status]):
            name, value = QLabel(), QLabel("–")
            value.setObjectName(f"count_{key}")
            self.form.addRow(name, value)
            self.values[key] = (name, value)
        body = QHBoxLayout()
        body.addWidget(self.figures, 3)
        body.addWidget(self.box, 1, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(body, 1)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.period_label.setText(tr("Period"))
        self.to_label.setText(tr("to"))
        self.show_button.setText(tr("Show"))
        self.figures.setHorizontalHeaderLabels([tr("Figure"), tr("This period"), tr("Previous period"),
                                                tr("Change")])
        self.box.setTitle(tr("Returns now"))
        for key, (name, _value) in self.values.items():
            name.setText(tr("Open") if key == "open" else tr("Overdue") if key == "overdue" else status_text(key))
        self._fill_figures()

    def refresh(self) -> None:
        """Compute the figures of the chosen period and the queue counts in the background."""
        from desktop_app.core.reports.figures import compare, key_figures
        from desktop_app.core.reports.period import Period
        from desktop_app.core.services.settings import get_settings

        desk, start, end = self.desk, self.start.date().toPython(), self.end.date().toPython()

        def task(_progress: Any) -> tuple[list[Any], dict[str, int]]:
            shop = get_settings(desk.db)
            period = Period(start, end, shop.shop_timezone)
            now = key_figures(desk.db, period, shop.shop_currency)
            before = key_figures(desk.db, period.previous(), shop.shop_currency)
            return compare(now, before), desk.status_counts()

        self.desk.runner.run(task, self._show, lambda error: show_error(self, error_text(error)))

    def _show(self, result: tuple[list[Any], dict[str, int]]) -> None:
        self.changes, counts = result
        self._fill_figures()
        self.show_counts(counts)

    def _fill_figures(self) -> None:
        from desktop_app.core.reports.monthly import FIGURE_TITLES

        self.figures.setRowCount(len(self.changes))
        for row, change in enumerate(self.changes):
            title = FIGURE_TITLES.get(change.name, change.name)
            texts = (tr(title), figure_text(change.name, change.current), figure_text(change.name, change.previous),
                     change_text(change.change))
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.figures.setItem(row, column, item)

    def show_counts(self, counts: dict[str, Any]) -> None:
        """Show the queue's counts."""
        self.counts = dict(counts)
        for key, (_name, value) in self.values.items():
            value.setText(str(self.counts.get(key, 0)))
