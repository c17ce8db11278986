"""The window's print actions: labels and slips of the selected returns (one batch PDF in the background),
instructions, a credit note, and a return kit for an order; each opens the preview."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QLineEdit, QProgressDialog, QWidget

from desktop_app.gui.i18n import error_text, tr
from desktop_app.gui.messages import show_error
from desktop_app.gui.models.queue_model import SUMMARY_ROLE
from desktop_app.gui.window_base import DeskWindow
from desktop_app.gui.workers import Progress

if TYPE_CHECKING:  # the preview (pypdfium2) loads with the first paper, not with the window
    from desktop_app.gui.printing.preview import PdfPreviewDialog


def _papers() -> ModuleType:
    """Return the documents service (ReportLab and the fonts load with the first paper, not at window start)."""
    from desktop_app.core.services import documents

    return documents

Build = Callable[[Callable[[int, int], bool]], "bytes | None"]


class PrintJobs(QObject):
    """Builds documents off the UI thread with progress and cancel, then shows them in the preview."""

    preview_opened = Signal(object)  # PdfPreviewDialog
    progressed = Signal(int, int)

    def __init__(self, window: DeskWindow) -> None:
        super().__init__(window)
        self.window = window
        self.preview: PdfPreviewDialog | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.job: Progress | None = None

    def connect_actions(self, actions: dict[str, QAction]) -> None:
        """Connect the Returns menu's print actions."""
        actions["print_label"].triggered.connect(self.print_labels)
        actions["print_slip"].triggered.connect(self.print_slips)
        actions["print_instructions"].triggered.connect(self.print_instructions)
        actions["print_credit_note"].triggered.connect(self.print_credit_note)
        actions["return_kit"].triggered.connect(lambda: self.return_kit(""))

    # -- what to print -----------------------------------------------------------------------------
    def selected_rmas(self) -> list[str]:
        """Return the RMAs of the returns selected in the queue, else the one shown in the detail pane."""
        queue = self.window.queue
        rmas = []
        for return_id in queue.selected_ids():
            summary = queue.model.data(queue.model.index(queue.model.row_of(return_id), 0), SUMMARY_ROLE)
            if summary is not None:
                rmas.append(summary.rma)
        if not rmas and queue.detail.detail is not None:
            rmas = [queue.detail.detail.rma]
        return rmas

    def _one_rma(self) -> str | None:
        rmas = self.selected_rmas()
        if not rmas:
            show_error(self.window, tr("Choose a return in the list first."))
            return None
        return rmas[0]

    def print_labels(self) -> None:
        """Print the labels of the selected returns (Ctrl+P); several become one PDF."""
        self._batch("label")

    def print_slips(self) -> None:
        """Print the packing slips of the selected returns (Ctrl+Shift+P)."""
        self._batch("slip")

    def _batch(self, kind: str) -> None:
        rmas = self.selected_rmas()
        if not rmas:
            show_error(self.window, tr("Choose one or more returns in the list first."))
            return
        db = self.window.desk.db
        if len(rmas) == 1:
            title = tr("Return label {rma}", rma=rmas[0]) if kind == "label" else \
                tr("Packing slip {rma}", rma=rmas[0])
        else:
            title = tr("{n} return labels", n=len(rmas)) if kind == "label" else \
                tr("{n} packing slips", n=len(rmas))
        zpl = (lambda dpi: _papers().labels_zpl(db, rmas, dpi)) if kind == "label" else None  # thermal printers
        self.build(lambda step: _papers().batch_pdf(db, rmas, kind, progress=step), kind, title, len(rmas) > 1, zpl)

    def print_instructions(self) -> None:
        """Print the customer instructions of the chosen return."""
        rma = self._one_rma()
        if rma:
            db = self.window.desk.db
            self.build(lambda _s: _papers().instructions_pdf(db, rma), "instructions",
                       tr("Customer instructions {rma}", rma=rma))

    def print_credit_note(self) -> None:
        """Print the credit note of the chosen return's newest refund."""
        rma = self._one_rma()
        if rma:
            db = self.window.desk.db
            self.build(lambda _s: _papers().credit_note_pdf(db, rma), "credit_note", tr("Credit note {rma}", rma=rma))

    @classmethod
    def ask_order(cls, parent: QWidget) -> str:
        """Ask for the order number a return kit is for (tests replace this)."""
        text, ok = QInputDialog.getText(parent, tr("Return kit"), tr("Order number for the return kit:"),
                                        QLineEdit.EchoMode.Normal, "")
        return text.strip() if ok else ""

    def return_kit(self, order: str = "") -> None:
        """Print a return kit (label and instructions) to put in an outgoing order's parcel."""
        order = order or self.ask_order(self.window)
        if order:
            db = self.window.desk.db
            self.build(lambda _s: _papers().kit_pdf(db, order), "kit", tr("Return kit for order {order}", order=order))

    # -- running -----------------------------------------------------------------------------------
    def build(self, make: Build, kind: str, title: str, show_progress: bool = False,
              zpl: Callable[[int], bytes] | None = None) -> Progress:
        """Build a PDF in the background (with a progress dialog for batches), then open the preview."""
        if show_progress:
            dialog = QProgressDialog(tr("Preparing {title}…", title=title), tr("Cancel"), 0, 0, self.window)
            dialog.setObjectName("printProgress")
            dialog.setWindowTitle(tr("Printing"))
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(0)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.show()
            self.progress_dialog = dialog

        def task(progress: Progress) -> bytes | None:
            self.job = progress  # the same object run() returns; known here already with the sync runner

            def step(done: int, total: int) -> bool:
                progress.report(done, total, "")
                return not progress.cancelled

            return make(step)

        self.job = self.window.desk.runner.run(task, lambda pdf: self._built(pdf, kind, title, zpl), self._failed,
                                               self._progress)
        if self.progress_dialog is not None:
            self.progress_dialog.canceled.connect(self.job.cancel)
        return self.job

    def cancel(self) -> None:
        """Stop the running batch at its next step."""
        if self.job is not None:
            self.job.cancel()

    def _progress(self, done: int, total: int, _text: str) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.setMaximum(total)
            self.progress_dialog.setValue(done)
        self.progressed.emit(done, total)

    def _close_progress(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None

    def _built(self, pdf: bytes | None, kind: str, title: str, zpl: Callable[[int], bytes] | None = None) -> None:
        self._close_progress()
        if pdf is None:
            self.window.statusBar().showMessage(tr("Cancelled: nothing was printed."), 10000)
            return
        try:
            from desktop_app.gui.printing.preview import PdfPreviewDialog

            preview = PdfPreviewDialog(pdf, kind, title, self.window, runner=self.window.desk.runner, zpl=zpl)
        except Exception as error:  # an unreadable PDF is said in one sentence
            show_error(self.window, error_text(error))
            return
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview = preview
        preview.open()
        self.preview_opened.emit(preview)

    def _failed(self, error: BaseException) -> None:
        self._close_progress()
        show_error(self.window, error_text(error))


def label_preview(window: DeskWindow, rma: str) -> PdfPreviewDialog:
    """Return the preview of one return's label and slip, built at once (for screenshots and checks)."""
    from desktop_app.core.documents.merge import append_pdf
    from desktop_app.gui.printing.preview import PdfPreviewDialog

    db = window.desk.db
    pdf = append_pdf(_papers().label_pdf(db, rma), _papers().slip_pdf(db, rma))
    return PdfPreviewDialog(pdf, "label", tr("Return label {rma}", rma=rma), window)
