"""The Returns tab: the filtered, searchable queue on the left and the selected return on the right."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.domain.lifecycle_state import Status
from desktop_app.core.domain.open_returns import OPEN_MEANING
from desktop_app.core.services.returns import ReturnDetail, ReturnSummary
from desktop_app.gui.backend import Desk
from desktop_app.gui.formatting import local_date, set_shop_country, status_text, status_title_text
from desktop_app.gui.i18n import Retranslatable, error_text, tr, trn
from desktop_app.gui.messages import show_error
from desktop_app.gui.models.queue_model import COLUMNS, ID_ROLE, WIDTHS, QueueModel
from desktop_app.gui.return_flow import next_step
from desktop_app.gui.tabs.return_detail import ReturnDetailPane
from desktop_app.gui.workers import Progress

SEARCH_DELAY_MS = 250
SHORTEST_SEARCH = 2  # one typed character would match nearly every return: type-ahead waits for the second
# imported: history, not the queue; owner: refunds above a clerk's limit waiting for the owner
FILTER_STATUSES = ("", "open", "owner", *[s.value for s in Status], "imported")
POLL_MS = 5000  # how often the tab asks whether another desk or the portal changed a return
# ids, counts (None: not counted again), shop time zone, queue marker
Loaded = tuple[list[int], tuple[str, str] | None, tuple[int, int] | None]  # ids, shop's zone+country, marker


class QueueTab(Retranslatable, QWidget):
    """The returns queue with status filter and counts, type-ahead search, overdue toggle and detail."""

    counts_changed = Signal(dict)
    notice = Signal(str)  # a sentence for the status bar

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self._sort = "-requested_at"
        self._counts: dict[str, int] = {}
        self.model = QueueModel(desk.summaries)
        self._ready = False  # restoring the header asks to sort before the first load: remembered, not loaded
        self._asked = 0  # the newest load asked for; an older answer that arrives late is dropped
        self._loading: Progress | None = None  # the newest load's progress: cancelled when a newer one is asked
        self.model.sort_requested.connect(self._on_sort)
        self._make_filters()
        self._make_table()
        self._lay_out()
        self._connect()
        self.retranslate()
        self.poll.start()

    def _make_filters(self) -> None:
        """Create the status filter, search, overdue and portal boxes, the polling and search timers."""
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        self.status_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # follows the language
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.overdue = QCheckBox()
        self.overdue.setObjectName("overdueOnly")
        self.portal_only = QCheckBox()
        self.portal_only.setObjectName("portalOnly")
        self._marker: tuple[int, int] | None = None  # the queue as last shown (see Desk.queue_marker)
        self._checking = False
        self.poll = QTimer(self, interval=POLL_MS)
        self.poll.timeout.connect(self.check_for_changes)
        self.approve_selected = QPushButton()
        self.approve_selected.setObjectName("approveSelected")
        self.shown = QLabel()
        self.shown.setObjectName("shownCount")
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._search_now)

    def _make_table(self) -> None:
        """Create the queue table and the detail pane beside it."""
        self.table = QTableView()
        self.table.setObjectName("queue")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(7, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        for column, width in enumerate(WIDTHS):
            self.table.setColumnWidth(column, width)
        self.table.setWordWrap(False)
        self.detail = ReturnDetailPane(self.desk)
        self.detail.changed.connect(self._on_return_changed)

    def _lay_out(self) -> None:
        """Place the filter bar, the table and the count on the left, the detail on the right."""
        bar = QHBoxLayout()
        bar.addWidget(self.status_filter)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.overdue)
        bar.addWidget(self.portal_only)
        bar.addWidget(self.approve_selected)
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addLayout(bar)
        left_box.addWidget(self.table, 1)
        left_box.addWidget(self.shown)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([sum(WIDTHS) + 24, 440])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

    def _connect(self) -> None:
        """Wire the filters, search, buttons and selection to what they do."""
        self.status_filter.currentIndexChanged.connect(lambda _i: self.refresh(recount=False))
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._search_now)
        self.overdue.toggled.connect(lambda _c: self.refresh(recount=False))
        self.portal_only.toggled.connect(lambda _c: self.refresh(recount=False))
        self.approve_selected.clicked.connect(self.approve_selection)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._on_selection())

    # -- text --------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.search.setPlaceholderText(tr("Search RMA, order, customer, e-mail or tracking number"))
        self.overdue.setText(tr("Overdue only"))
        self._portal_text()
        self.approve_selected.setText(tr("Approve selected"))
        self._fill_status_filter()
        self.model.retranslate()
        self._fit_due_column()
        self._update_shown()

    def _fit_due_column(self) -> None:
        """Widen the due column to a whole date in the language and country shown (2026年12月28日 is wider)."""
        widest = self.table.fontMetrics().horizontalAdvance(local_date(date(2026, 12, 28))) + 16
        column, reason = COLUMNS.index("due"), COLUMNS.index("reason")
        missing = widest - self.table.columnWidth(column)
        if missing > 0:  # the reasons give the room (they elide anyway), so the table keeps its width
            self.table.setColumnWidth(reason, max(80, self.table.columnWidth(reason) - missing))
            self.table.setColumnWidth(column, widest)

    def _status_name(self, key: str) -> str:
        if key == "":
            return tr("All")
        if key == "open":
            return tr("Open")
        if key == "imported":
            return tr("Imported (history)")
        if key == "owner":
            return tr("Waiting for the owner")
        return status_title_text(key)

    def _fill_status_filter(self) -> None:
        current = self.status_filter.currentData() if self.status_filter.count() else "open"
        self.status_filter.blockSignals(True)
        self.status_filter.clear()
        for key in FILTER_STATUSES:
            count = self._counts.get(key or "all")
            name = self._status_name(key)
            self.status_filter.addItem(f"{name} ({count})" if count is not None else name, key)
            if key == "open":  # one definition of open, shown where it is chosen
                self.status_filter.setItemData(self.status_filter.count() - 1, tr(OPEN_MEANING),
                                               Qt.ItemDataRole.ToolTipRole)
        self.status_filter.setCurrentIndex(max(0, self.status_filter.findData(current)))
        self.status_filter.blockSignals(False)

    def _portal_text(self) -> None:
        waiting = self._counts.get("portal_waiting", 0)
        self.portal_only.setText(tr("From the portal ({n} to review)", n=waiting) if waiting
                                 else tr("From the portal"))

    def _update_shown(self) -> None:
        self.shown.setText(trn("%n return shown", "%n returns shown", self.model.rowCount()))

    # -- loading -----------------------------------------------------------------------------------
    def set_status(self, status: str) -> None:
        """Show only returns in one status ('' for all, 'open' for every unfinished one)."""
        self.status_filter.setCurrentIndex(max(0, self.status_filter.findData(status)))

    def _search_text(self) -> str:
        """Return the search to run: what was typed, or nothing while it is a single character."""
        text = self.search.text()
        return text if len(text.strip()) >= SHORTEST_SEARCH else ""

    def _search_now(self) -> None:
        self._search_timer.stop()
        self.refresh(recount=False)  # a search changes the rows shown, never the counts per status

    def _on_sort(self, key: str, descending: bool) -> None:
        self._sort = f"-{key}" if descending else key
        if self._ready:
            self.refresh(recount=False)

    def refresh(self, keep: int | None = None, recount: bool = True) -> None:
        """Ask for the ids of the filtered queue in the background, then show them.

        `recount`: count the returns per status again too (at the first load and after a change; a new
        search, filter or order leaves the counts as they are).
        """
        self._ready = True
        recount = recount or not self._counts
        status = self.status_filter.currentData() or None
        search, overdue, sort = self._search_text(), self.overdue.isChecked(), self._sort
        channel = "portal" if self.portal_only.isChecked() else None
        keep = keep if keep is not None else self.detail.return_id
        desk = self.desk
        self._asked += 1
        asked = self._asked

        def task(progress: Progress) -> Loaded:
            if asked != self._asked:  # a newer load was asked for while this one waited: skip the work
                return [], None, None
            marker = desk.queue_marker()  # read first: a change made meanwhile is seen by the next check
            ids = desk.return_ids(status, search, overdue, sort, channel,
                                  stop=lambda: progress.cancelled)  # a newer load stops this search mid-read
            return ids, desk.shop_place(), marker

        def shown(result: Loaded) -> None:
            if self._show(result, keep, asked) and recount:
                self._recount()  # after the rows: the counts per status never hold up the first rows

        if self._loading is not None:
            self._loading.cancel()  # the load before this one is no longer wanted: its search stops where it is
        self._loading = self.desk.search_runner.run(task, shown, lambda error: show_error(self, error_text(error)))

    def _recount(self) -> None:
        """Count the returns per status in the background; the filter, the portal box and the status bar follow."""
        desk = self.desk
        self.desk.search_runner.run(lambda _p: desk.status_counts(), self._show_counts,
                                    lambda error: show_error(self, error_text(error)))

    def _show_counts(self, counts: dict[str, int]) -> None:
        self._counts = counts
        self._fill_status_filter()
        self.counts_changed.emit(counts)
        self._portal_text()

    def check_for_changes(self) -> None:
        """Refresh the queue when another desk or the portal created or changed a return (a cheap check)."""
        if self._checking or self._marker is None:
            return
        self._checking = True
        desk = self.desk

        def checked(marker: tuple[int, int]) -> None:
            self._checking = False
            if marker != self._marker:
                self.refresh()

        def failed(_error: BaseException) -> None:
            self._checking = False  # the next tick asks again; a lost connection is reported elsewhere

        self.desk.runner.run(lambda _p: desk.queue_marker(), checked, failed)

    def _show(self, result: Loaded, keep: int | None, asked: int | None = None) -> bool:
        """Show a load's rows; False when the answer is stale (the search or filter changed since)."""
        if asked is not None and asked != self._asked:
            return False  # the newer answer is on its way
        ids, place, self._marker = result
        if place is not None:
            self.model.zone = place[0]
            set_shop_country(place[1])  # dates and money in the shop country's form, as its documents print
            self._fit_due_column()
        self.model.invalidate()
        self.model.set_ids(ids)
        self._portal_text()
        self._update_shown()
        if keep is not None and self.model.row_of(keep) >= 0:
            self.select_return(keep)
        return True

    def show_only(self, ids: list[int], what: str) -> None:
        """Show just these returns (the ones behind a report row) until the filter or search changes."""
        self.model.invalidate()
        self.model.set_ids(ids)
        self.shown.setText(trn("%n return shown: {what}", "%n returns shown: {what}", len(ids), what=what))

    # -- selection ---------------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        """Return the ids of the selected rows."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.data(self.model.index(row, 0), ID_ROLE) for row in rows]

    def select_return(self, return_id: int) -> bool:
        """Select and show one return if the queue shows it."""
        row = self.model.row_of(return_id)
        if row < 0:
            return False
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().select(self.model.index(row, 0), flags)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _summary_of(self, return_id: int) -> ReturnSummary | None:
        row = self.model.row_of(return_id)
        return self.model.summary(row) if row >= 0 else None

    def _requested_rmas(self) -> list[str]:
        out = []
        for rid in self.selected_ids():
            summary = self._summary_of(rid)
            if summary is not None and summary.status == Status.REQUESTED:
                out.append(summary.rma)
        return out

    def _on_selection(self) -> None:
        ids = self.selected_ids()
        self.approve_selected.setEnabled(len(self._requested_rmas()) > 1)
        if len(ids) == 1:
            summary = self._summary_of(ids[0])
            if summary is not None and summary.id != self.detail.return_id:
                self.detail.show_rma(summary.rma)

    def open_detail(self, detail: ReturnDetail, start_receive: bool = False) -> None:
        """Show a return (e.g. found by a scan) even when the filter hides it; start receiving it."""
        self.detail.show_detail(detail, focus_receive=True)
        if not self.select_return(detail.id):
            self.table.clearSelection()
        step = next_step(detail) if start_receive else None
        if step is not None:
            self.detail.run_action(step)
        elif start_receive:
            self.notice.emit(tr("{rma} is {status}: there is nothing to receive now.", rma=detail.rma,
                                status=status_text(detail.status)))

    def approve_selection(self) -> None:
        """Approve every selected return that is still requested."""
        rmas = self._requested_rmas()
        if not rmas:
            return
        desk, ids = self.desk, self.selected_ids()
        def refused(error: BaseException) -> None:
            show_error(self, error_text(error))
            self._after_change(ids)

        self.desk.runner.run(lambda _p: desk.approve_many(rmas), lambda _r: self._after_change(ids), refused)

    def _after_change(self, ids: list[int]) -> None:
        self.model.invalidate(ids)
        self.refresh()
        if self.detail.return_id is not None:
            self.detail.reload()

    def _on_return_changed(self, return_id: int) -> None:
        self.model.invalidate([return_id])
        self.refresh(keep=return_id)
