"""The main window: Returns, Policy and Reports tabs, menus with shortcuts, and a status bar.

The Policy and Reports tabs and the dialogs are built (and their modules imported) when first needed, so the
window shows the queue without paying for what the person has not opened yet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QMimeData
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from desktop_app.core.domain.open_returns import OPEN_MEANING
from desktop_app.core.services.returns import ReturnDetail
from desktop_app.gui.backend import Desk
from desktop_app.gui.desk_settings import desk_settings
from desktop_app.gui.dialogs.unsaved import DISCARD, SAVE, UnsavedQuestion, ask_unsaved
from desktop_app.gui.i18n import Retranslatable, tr
from desktop_app.gui.mail_banner import MailBanner
from desktop_app.gui.menus import MenuBuilder
from desktop_app.gui.scan_catcher import ScanCatcher
from desktop_app.gui.tabs.queue_tab import QueueTab
from desktop_app.gui.window_base import DeskWindow

if TYPE_CHECKING:
    from desktop_app.gui.dialogs.import_dialog import ImportDialog
    from desktop_app.gui.dialogs.new_return.wizard import NewReturnWizard
    from desktop_app.gui.dialogs.scan_dialog import ScanDialog
    from desktop_app.gui.dialogs.settings.dialog import SettingsDialog
    from desktop_app.gui.tabs.policy.tab import PolicyTab
    from desktop_app.gui.tabs.reports_tab import ReportsTab

DEFAULT_SIZE = (1280, 800)
RETURNS_TAB, POLICY_TAB, REPORTS_TAB = 0, 1, 2


class MainWindow(Retranslatable, DeskWindow):
    """One signed-in desk's window; it never opens sessions itself, the Desk's services do."""

    def __init__(self, desk: Desk, location: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.desk = desk
        self.location = location or str(desk.db.sqlite_path or desk.db.url)
        self.scan_dialog: ScanDialog | None = None
        self.unsaved_question: UnsavedQuestion | None = None
        self.discarding = False  # the person chose to close without saving the policy draft
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.queue = QueueTab(desk)
        self._policy: PolicyTab | None = None  # built when first shown or asked for
        self._reports: ReportsTab | None = None
        for widget in (self.queue, QWidget(), QWidget()):  # the empty pages give way to the real tabs
            self.tabs.addTab(widget, "")
        self.mail_banner = MailBanner(desk)  # messages waiting for a mail server, with the way to set one up
        self.mail_banner.set_up.connect(self.set_up_mail)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.mail_banner)
        column.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.tabs.currentChanged.connect(self._tab_shown)
        self.queue.counts_changed.connect(self._show_counts)
        self.queue.counts_changed.connect(lambda _c: self.mail_banner.refresh())
        self.queue.notice.connect(lambda text: self.statusBar().showMessage(text, 10000))

        self.status_db, self.status_user, self.status_counts = QLabel(), QLabel(), QLabel()
        for name, label in (("statusDatabase", self.status_db), ("statusUser", self.status_user),
                            ("statusCounts", self.status_counts)):
            label.setObjectName(name)
        self.owner_badge = QPushButton()  # the owner's refunds to approve; opens the queue's filter
        self.owner_badge.setObjectName("ownerBadge")
        self.owner_badge.setFlat(True)
        self.owner_badge.setStyleSheet("QPushButton { color: white; background: #b22222; border-radius: 8px;"
                                       " padding: 1px 8px; font-weight: bold; }")
        self.owner_badge.hide()
        self.owner_badge.clicked.connect(lambda: self.show_waiting_for_owner())
        self.statusBar().addWidget(self.status_db, 1)
        self.statusBar().addPermanentWidget(self.owner_badge)
        self.statusBar().addPermanentWidget(self.status_counts)
        self.statusBar().addPermanentWidget(self.status_user)
        self.counts: dict[str, int] = {}
        self.actions_by_name: dict[str, QAction] = {}
        self.menus = MenuBuilder(self)
        self.menus.build()
        self.resize(*DEFAULT_SIZE)
        self.restore_state()
        self.retranslate()
        self.queue.refresh()
        self.setAcceptDrops(True)  # an export file dropped on the window opens the import dialog
        self.scan_catcher = ScanCatcher(self)  # a scanner works anywhere in the window, not only after F2
        self.scan_catcher.scanned.connect(self.scan_code)

    # -- text --------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.setWindowTitle(tr("ReturnDesk — {location}", location=self.location))
        self._tab_texts()
        self.menus.retranslate()
        role = tr("owner") if self.desk.user.is_owner else tr("clerk")
        self.status_user.setText(tr("Signed in: {name} ({role})", name=self.desk.user.display_name, role=role))
        self.status_db.setText(tr("Database: {location}", location=self.location))
        self._show_counts(self.counts)

    def _tab_texts(self) -> None:
        self.tabs.setTabText(RETURNS_TAB, tr("&Returns"))
        self.tabs.setTabText(POLICY_TAB, tr("&Policy"))
        self.tabs.setTabText(REPORTS_TAB, tr("Re&ports"))

    # -- tabs built on first use -------------------------------------------------------------------
    @property
    def policy(self) -> PolicyTab:
        """The Policy tab (built, and its modules imported, the first time it is needed)."""
        if self._policy is None:
            from desktop_app.gui.tabs.policy.tab import PolicyTab

            self._policy = PolicyTab(self.desk)
            self._put_tab(POLICY_TAB, self._policy)
        return self._policy

    @property
    def reports(self) -> ReportsTab:
        """The Reports tab (built, and its modules imported, the first time it is needed)."""
        if self._reports is None:
            from desktop_app.gui.tabs.reports_tab import ReportsTab

            self._reports = ReportsTab(self.desk)
            self._reports.open_returns.connect(self._open_from_report)
            if self.counts:
                self._reports.show_counts(self.counts)
            self._put_tab(REPORTS_TAB, self._reports)
        return self._reports

    def _put_tab(self, index: int, widget: QWidget) -> None:
        """Put a freshly built tab in place of its empty page, keeping the tab shown as it was."""
        current = self.tabs.currentIndex()
        empty = self.tabs.widget(index)
        blocked = self.tabs.blockSignals(True)
        try:
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, widget, "")
            self.tabs.setCurrentIndex(current)
        finally:
            self.tabs.blockSignals(blocked)
        if empty is not None:
            empty.deleteLater()
        self._tab_texts()

    def _show_counts(self, counts: dict[str, int]) -> None:
        self.counts = dict(counts)
        self.status_counts.setText(tr("{open} open, {overdue} overdue", open=counts.get("open", 0),
                                      overdue=counts.get("overdue", 0)))
        self.status_counts.setToolTip(tr(OPEN_MEANING))
        if counts and self._reports is not None:
            self._reports.show_counts(counts)
        waiting = counts.get("owner", 0) if self.desk.user.is_owner else 0
        self.owner_badge.setText(tr("Refunds to approve: {n}", n=waiting))
        self.owner_badge.setToolTip(tr("Refunds clerks asked for above their limit. Click to see them."))
        self.owner_badge.setVisible(waiting > 0)

    def set_up_mail(self) -> SettingsDialog:
        """Open the settings at the mail server page; the banner goes once messages can leave."""
        from desktop_app.gui.dialogs.settings.mail import MailPage

        dialog = self.menus.settings()
        dialog.show_page(MailPage)
        dialog.finished.connect(lambda _r: self.mail_banner.refresh())
        return dialog

    def show_waiting_for_owner(self) -> None:
        """Show the returns whose refund waits for the owner's approval."""
        self.tabs.setCurrentWidget(self.queue)
        self.queue.set_status("owner")

    def _open_from_report(self, ids: list[int], what: str) -> None:
        """Show the returns behind a report row in the queue."""
        self.tabs.setCurrentWidget(self.queue)
        self.queue.show_only(ids, what)

    def _tab_shown(self, index: int) -> None:
        if index == POLICY_TAB:
            self.policy.refresh()
        elif index == REPORTS_TAB:
            self.reports.refresh()

    # -- actions -----------------------------------------------------------------------------------
    def scan(self) -> ScanDialog:
        """Open the scan field (F2); a found return opens with its receipt form."""
        from desktop_app.gui.dialogs.scan_dialog import ScanDialog

        self.tabs.setCurrentWidget(self.queue)
        dialog = ScanDialog(self.desk, self)
        dialog.found.connect(lambda detail: self.queue.open_detail(detail, start_receive=True))
        dialog.find_order.connect(self.find_order)
        dialog.finished.connect(dialog.deleteLater)
        self.scan_dialog = dialog
        dialog.open()
        dialog.field.setFocus()
        return dialog

    def scan_code(self, code: str) -> ScanDialog:
        """Look up what a scanner typed in the window: the return opens at its next step, or the scan says why not."""
        dialog = self.scan()
        dialog.field.setText(code)
        dialog.submit()
        return dialog

    def find_order(self, code: str) -> None:
        """Find the order of an unknown scan in the new-return wizard."""
        self.new_return(code)

    def new_return(self, search: str = "") -> NewReturnWizard:
        """Open the new-return wizard (prefilled with a scanned order or kit code); show what it created."""
        from desktop_app.gui.dialogs.new_return.wizard import NewReturnWizard

        wizard = NewReturnWizard(self.desk, self)
        if search:
            wizard.find_page.search.setText(search)
        wizard.created_return.connect(self._return_created)
        wizard.open()
        return wizard

    def _return_created(self, detail: ReturnDetail) -> None:
        self.queue.refresh(keep=detail.id)
        self.queue.open_detail(detail)

    def focus_search(self) -> None:
        """Put the keyboard in the queue's search field (Ctrl+F)."""
        self.tabs.setCurrentWidget(self.queue)
        self.queue.search.setFocus()
        self.queue.search.selectAll()

    def refresh(self) -> None:
        """Reload the queue and the tab shown (F5)."""
        self.queue.refresh()
        self._tab_shown(self.tabs.currentIndex())

    def choose_file(self, title: str, save: bool, pattern: str, start: str = "") -> str:
        """Ask for a file name, starting at `start` (tests replace this)."""
        ask: Callable[..., Any] = QFileDialog.getSaveFileName if save else QFileDialog.getOpenFileName
        path, _filter = ask(self, title, start, pattern)
        return str(path or "")

    # -- a dropped export file opens the import dialog --------------------------------------------------
    @staticmethod
    def dropped_export(mime: QMimeData) -> str:
        """Return the path of a dropped .csv/.tsv/.txt file ('' when the drop is anything else)."""
        files = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []
        return files[0] if len(files) == 1 and files[0].lower().endswith((".csv", ".tsv", ".txt")) else ""

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept a dragged export file."""
        if self.dropped_export(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        """Open the import dialog with the dropped export file."""
        path = self.dropped_export(event.mimeData())
        if not path:
            super().dropEvent(event)
            return
        event.acceptProposedAction()
        self.import_dropped(path)

    def import_dropped(self, path: str) -> ImportDialog:
        """Open File > Import with this file already chosen."""
        dialog = self.menus.import_file()
        dialog.set_file(path)
        return dialog

    # -- window state ------------------------------------------------------------------------------
    def restore_state(self) -> None:
        """Put the window, splitter and columns back where this desk left them."""
        settings = desk_settings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = settings.value("window/queueSplitter")
        if isinstance(splitter, QByteArray):
            self.queue.splitter.restoreState(splitter)
        header = settings.value("window/queueHeader")
        if isinstance(header, QByteArray):
            self.queue.table.horizontalHeader().restoreState(header)

    def save_state(self) -> None:
        """Remember the window, splitter and columns for the next start."""
        settings = desk_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/queueSplitter", self.queue.splitter.saveState())
        settings.setValue("window/queueHeader", self.queue.table.horizontalHeader().saveState())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask about an unsaved policy draft first; remember the window state when the window closes."""
        if not self.may_leave(self.close):
            event.ignore()
            return
        self.save_state()
        super().closeEvent(event)

    def sign_out(self) -> None:
        """Sign out (after asking about an unsaved policy draft)."""
        if self.may_leave(self.sign_out_requested.emit):
            self.sign_out_requested.emit()

    def may_leave(self, go: Callable[[], object]) -> bool:
        """Return True when nothing unsaved is lost; else ask Save / Discard / Cancel and call `go` after."""
        if self._policy is None or not self._policy.dirty() or self.discarding:
            return True
        if self.unsaved_question is None:
            self.tabs.setCurrentWidget(self.policy)
            text = tr("The return policy has changes that are not saved. Save them as a draft first?")
            self.unsaved_question = ask_unsaved(self, text, tr("&Save draft"),
                                                lambda answer: self._leave_answered(answer, go))
        return False

    def _leave_answered(self, answer: str, go: Callable[[], object]) -> None:
        self.unsaved_question = None
        if answer == SAVE:
            self.policy.save_draft(then=go)
        elif answer == DISCARD:
            self.discarding = True
            go()


def shortcut(keys: str | QKeySequence.StandardKey) -> QKeySequence:
    """Return a key sequence from a portable string or a standard key."""
    return QKeySequence(keys)
