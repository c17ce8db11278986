"""The Reports tab: a period, its key figures against the previous period, charts, breakdowns and analytics."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.domain.lifecycle_state import Status
from desktop_app.core.domain.open_returns import OPEN_MEANING
from desktop_app.core.i18n import UserFacingError, current_language
from desktop_app.core.reports.breakdowns import DIMENSIONS, BreakdownRow, return_ids_for
from desktop_app.core.reports.monthly import DIMENSION_TITLES, FIGURE_HINTS, build_period_summary
from desktop_app.core.reports.period import Period
from desktop_app.core.reports.period_report import PeriodReport, period_report
from desktop_app.core.reports.summary_rows import change_text, figure_rows, value_text
from desktop_app.core.reports.whatif import WhatIf, replay
from desktop_app.core.services.policies import get_version, list_versions
from desktop_app.gui.backend import Desk
from desktop_app.gui.dialogs.saved_file import busy, show_saved
from desktop_app.gui.formatting import status_title_text
from desktop_app.gui.i18n import Retranslatable, error_text, tr
from desktop_app.gui.messages import show_error
from desktop_app.gui.saving import checked_save_path, remember_folder, save_folder
from desktop_app.gui.tabs.reports_charts import BreakdownTable, ChartView
from desktop_app.gui.tabs.reports_insights import CustomersToWatchView, ProductsToFixView, ThemesView, WhatIfView
from desktop_app.gui.workers import Progress


def _date_of(edit: QDateEdit) -> date:
    """Return the date a date field shows."""
    value = edit.date().toPython()
    assert isinstance(value, date)
    return value


def last_full_month(today: QDate) -> tuple[QDate, QDate]:
    """Return the first and last day of the calendar month before `today`'s."""
    first = today.addMonths(-1)
    return QDate(first.year(), first.month(), 1), QDate(first.year(), first.month(), first.daysInMonth())


class ReportsTab(Retranslatable, QWidget):
    """A period's figures, charts, breakdowns (double-click opens the returns behind a row) and analytics."""

    open_returns = Signal(list, str)  # return ids, what they are

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.counts: dict[str, int] = {}
        self.report: PeriodReport | None = None
        self.period_label, self.to_label = QLabel(), QLabel()
        first, last = last_full_month(QDate.currentDate())  # a finished month, not a month just begun
        self.start, self.end = QDateEdit(first), QDateEdit(last)
        self.start.setCalendarPopup(True)
        self.end.setCalendarPopup(True)
        for edit in (self.start, self.end):
            edit.setDisplayFormat("yyyy-MM-dd")
        self.show_button, self.last_month_button, self.export_button = QPushButton(), QPushButton(), QPushButton()
        self.show_button.setObjectName("showFigures")
        self.export_button.setObjectName("exportSummary")
        self.show_button.clicked.connect(self.refresh)
        self.last_month_button.clicked.connect(self.show_last_month)
        self.export_button.clicked.connect(self.export_summary)
        bar = QHBoxLayout()
        for widget in (self.period_label, self.start, self.to_label, self.end, self.show_button,
                       self.last_month_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.export_button)

        self.sections = QTabWidget()
        self.sections.setObjectName("reportSections")
        self.sections.addTab(self._figures_page(), "")
        self.charts = [ChartView() for _ in range(4)]
        chart_grid, grid = QWidget(), QGridLayout()
        chart_grid.setLayout(grid)
        for index, chart in enumerate(self.charts):
            grid.addWidget(chart, index // 2, index % 2)
        chart_page = QScrollArea()  # the charts keep a readable size; a small window scrolls instead
        chart_page.setWidgetResizable(True)
        chart_page.setWidget(chart_grid)
        self.sections.addTab(chart_page, "")
        self.sections.addTab(self._breakdown_page(), "")
        self.products, self.customers = ProductsToFixView(), CustomersToWatchView()
        self.products_box, self.customers_box = QGroupBox(), QGroupBox()
        for box, view in ((self.products_box, self.products), (self.customers_box, self.customers)):
            QVBoxLayout(box).addWidget(view)
        people = QSplitter(Qt.Orientation.Vertical)
        people.addWidget(self.products_box)
        people.addWidget(self.customers_box)
        people.setStretchFactor(0, 3)
        people.setStretchFactor(1, 2)
        self.sections.addTab(people, "")
        self.themes = ThemesView()
        self.sections.addTab(self.themes, "")
        self.what_if = WhatIfView()
        self.what_if.run_button.clicked.connect(self.run_what_if)
        self.sections.addTab(self.what_if, "")

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.sections, 1)
        self.retranslate()

    # -- building -----------------------------------------------------------------------------------
    def _figures_page(self) -> QWidget:
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
        page = QWidget()
        body = QHBoxLayout(page)
        body.addWidget(self.figures, 3)
        body.addWidget(self.box, 1, Qt.AlignmentFlag.AlignTop)
        return page

    def _breakdown_page(self) -> QWidget:
        self.dimension_label = QLabel()
        self.dimension = QComboBox()
        self.dimension.setObjectName("breakdownDimension")
        for dimension in DIMENSIONS:
            self.dimension.addItem("", dimension)
        self.dimension.currentIndexChanged.connect(lambda _i: self._fill_breakdown())
        self.breakdown_hint = QLabel()
        self.breakdown_hint.setWordWrap(True)
        self.breakdown = BreakdownTable()
        self.breakdown.setObjectName("breakdown")
        self.breakdown.open_row.connect(self.open_breakdown_row)
        page = QWidget()
        box = QVBoxLayout(page)
        top = QHBoxLayout()
        top.addWidget(self.dimension_label)
        top.addWidget(self.dimension)
        top.addWidget(self.breakdown_hint, 1)
        box.addLayout(top)
        box.addWidget(self.breakdown, 1)
        return page

    # -- text ---------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.period_label.setText(tr("Period"))
        self.to_label.setText(tr("to"))
        self.show_button.setText(tr("Show"))
        self.last_month_button.setText(tr("Last month"))
        self.export_button.setText(tr("Export monthly summary…"))
        for index, title in enumerate((tr("Key figures"), tr("Charts"), tr("Breakdowns"),
                                       tr("Products and customers"), tr("Comment themes"), tr("Policy what-if"))):
            self.sections.setTabText(index, title)
        self.figures.setHorizontalHeaderLabels([tr("Figure"), tr("This period"), tr("Previous period"),
                                                tr("Change")])
        self.box.setTitle(tr("Returns now"))
        for key, (name, _value) in self.values.items():
            name.setText(tr("Open") if key == "open" else tr("Overdue") if key == "overdue" else status_title_text(key))
            name.setToolTip(tr(OPEN_MEANING) if key == "open" else "")
        self.dimension_label.setText(tr("Group by"))
        for index in range(self.dimension.count()):
            self.dimension.setItemText(index, tr(DIMENSION_TITLES[self.dimension.itemData(index)]))
        self.breakdown_hint.setText(tr("Double-click a row to open its returns in the queue."))
        self.products_box.setTitle(tr("Products to fix"))
        self.customers_box.setTitle(tr("Customers to watch (for your review; nobody is blocked)"))
        for view in (self.products, self.customers, self.themes, self.what_if, self.breakdown):
            view.retranslate()
        self._fill_figures()
        self._fill_report()

    # -- loading ------------------------------------------------------------------------------------
    def show_last_month(self) -> None:
        """Pick the previous calendar month and show it."""
        first, last = last_full_month(QDate.currentDate())
        self.start.setDate(first)
        self.end.setDate(last)
        self.refresh()

    def refresh(self) -> None:
        """Compute the chosen period's report and the queue counts in the background."""
        desk, start, end = self.desk, _date_of(self.start), _date_of(self.end)

        def task(_progress: Progress) -> tuple[PeriodReport, dict[str, int], list[tuple[int, str]]]:
            return period_report(desk.db, start, end), desk.status_counts(), self._drafts(desk)

        self.desk.runner.run(task, self._show, lambda error: show_error(self, error_text(error)))

    @staticmethod
    def _drafts(desk: Desk) -> list[tuple[int, str]]:
        return [(v.id, v.title or tr("Draft {id}", id=v.id)) for v in list_versions(desk.db) if v.status == "draft"]

    def _show(self, result: tuple[PeriodReport, dict[str, int], list[tuple[int, str]]]) -> None:
        self.report, counts, drafts = result
        self.what_if.set_drafts(drafts)
        self._fill_figures()
        self._fill_report()
        self.show_counts(counts)

    def _fill_figures(self) -> None:
        """Show the key figures as the exports and the command write them (same rows, same words)."""
        if self.report is None:
            self.figures.setRowCount(0)
            return
        lang = current_language()
        rows = list(figure_rows(self.report.summary, lang))
        self.figures.setRowCount(len(rows))
        for index, row in enumerate(rows):
            texts = (row.title, value_text(row, row.now, lang), value_text(row, row.before, lang),
                     change_text(row, lang))
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.figures.setItem(index, column, item)
            title_item, definition = self.figures.item(index, 0), FIGURE_HINTS.get(row.key)
            if definition and title_item is not None:
                title_item.setToolTip(tr(definition))

    def _fill_report(self) -> None:
        if self.report is None:
            return
        lang = current_language()
        for view, chart in zip(self.charts, self.report.charts(lang), strict=True):
            view.set_chart(chart)
        self._fill_breakdown()
        self.products.show_products(list(self.report.products))
        self.customers.show_customers(list(self.report.customers))
        self.themes.show_themes(self.report.themes)

    def _fill_breakdown(self) -> None:
        if self.report is None:
            return
        dimension, lang, report = self.dimension.currentData(), current_language(), self.report
        self.breakdown.source.set_rows(list(report.breakdowns.get(dimension, ())),
                                       lambda row: report.label(dimension, row, lang))

    def show_counts(self, counts: Mapping[str, int]) -> None:
        """Show the queue's counts."""
        self.counts = dict(counts)
        for key, (_name, value) in self.values.items():
            value.setText(str(self.counts.get(key, 0)))

    # -- actions ------------------------------------------------------------------------------------
    def open_breakdown_row(self, row: BreakdownRow) -> None:
        """Find the working returns behind a breakdown row and ask the window to show them in the queue."""
        if self.report is None:
            return
        report, dimension, desk = self.report, self.dimension.currentData(), self.desk
        label = report.label(dimension, row, current_language())

        def task(_progress: Progress) -> list[int]:
            return return_ids_for(desk.db, report.period, dimension, row.key)

        self.desk.runner.run(task, lambda ids: self.open_returns.emit(ids, label),
                             lambda error: show_error(self, error_text(error)))

    def run_what_if(self) -> None:
        """Replay the period's returns through the chosen draft policy in the background."""
        version_id = self.what_if.drafts.currentData()
        if self.report is None:
            self.what_if.say(tr("Choose a period and press Show first."))
            return
        if version_id is None:
            return
        desk, period = self.desk, self.report.period

        def task(_progress: Progress) -> WhatIf:
            return replay(desk.db, get_version(desk.db, version_id).rules, period)

        self.desk.runner.run(task, self.what_if.show_result, lambda error: show_error(self, error_text(error)))

    @classmethod
    def ask_export_path(cls, parent: QWidget, suggested: str) -> str:
        """Ask where to save the monthly summary (tests replace this)."""
        path, _filter = QFileDialog.getSaveFileName(parent, tr("Export monthly summary"), suggested,
                                                    tr("PDF, spreadsheet or CSV (*.pdf *.xlsx *.csv)"))
        return path

    def export_summary(self) -> None:
        """Write the summary of the period on screen as PDF, XLSX or CSV, in the background."""
        start, end = _date_of(self.start), _date_of(self.end)
        if end < start:
            show_error(self, tr("The period ends before it starts."))
            return
        name = f"returns-{Period(start, end).file_label}.pdf"
        chosen = self.ask_export_path(self, str(save_folder("summary") / name))
        if not chosen:
            return
        try:
            path = checked_save_path(self, chosen)
        except UserFacingError as error:
            show_error(self, error_text(error))
            return
        desk, lang = self.desk, current_language()
        progress = busy(self, tr("Writing {file}…", file=path.name))

        def task(_progress: Progress) -> Path:
            from desktop_app.core.reports.export import export_summary  # openpyxl and numpy: on first export

            return export_summary(build_period_summary(desk.db, start, end), path, lang)

        def written(saved: Path) -> None:
            progress.close()
            remember_folder("summary", saved)
            self.saved_dialog = show_saved(self, saved)

        def failed(error: BaseException) -> None:
            progress.close()
            show_error(self, error_text(error))

        self.desk.runner.run(task, written, failed)
