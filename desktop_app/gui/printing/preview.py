"""A preview of the real PDF (pypdfium2 pages in a scrollable view) with Print…, Save as PDF… and Close."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.documents.kinds import document_type
from desktop_app.core.files.output import write_bytes_atomic
from desktop_app.core.i18n import UserFacingError
from desktop_app.gui.i18n import Retranslatable, error_text, tr
from desktop_app.gui.messages import show_error
from desktop_app.gui.printing.errors import PrintFailed
from desktop_app.gui.printing.print_service import (
    PrintService,
    print_on,
    printer_zpl_dpi,
    remember_choice,
)
from desktop_app.gui.printing.raw import send_raw
from desktop_app.gui.printing.render import POINTS_PER_INCH, PdfPages
from desktop_app.gui.saving import checked_save_path, remember_folder, save_folder
from desktop_app.gui.workers import Progress, Runner, SyncRunner

ZOOMS = (50, 75, 100, 125, 150, 200)
SCREEN_DPI = 96.0


def safe_file_name(title: str) -> str:
    """Return a file name made from a document title (letters, digits, dashes)."""
    stem = re.sub(r"[^\w.-]+", "-", title, flags=re.UNICODE).strip("-.") or "document"
    return f"{stem}.pdf"


def fitting_zoom(width_pt: float, room_px: int = 700) -> int:
    """Return the largest zoom up to 100 % at which a page `width_pt` wide fits `room_px` screen pixels."""
    fitting = [z for z in ZOOMS if z <= 100 and width_pt / POINTS_PER_INCH * SCREEN_DPI * z / 100 <= room_px]
    return max(fitting, default=ZOOMS[0])


class PdfPreviewDialog(Retranslatable, QDialog):
    """Shows every page of a PDF; prints it at 100 % or saves it as a PDF file."""

    def __init__(self, pdf: bytes, kind: str, title: str, parent: QWidget | None = None,
                 runner: Runner | None = None, service: type[PrintService] = PrintService,
                 zpl: Callable[[int], bytes] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printPreview")
        self.pdf, self.kind, self.title, self.service = pdf, kind, title, service
        self.zpl = zpl  # the same labels in ZPL for a given resolution, for a printer that speaks it
        self.runner = runner or SyncRunner()
        self.progress: QProgressDialog | None = None
        self.printer: QPrinter | None = None
        self.job: Progress | None = None
        self.pages = PdfPages(pdf)
        self._rendered: set[int] = set()
        self._closed = False
        self._make_bar()
        self._make_pages_view()
        self._make_buttons()
        self._lay_out()
        self.zoom.setCurrentIndex(ZOOMS.index(fitting_zoom(max((w for w, _h in self.pages.sizes), default=0))))
        self.resize(760, 820)
        self.retranslate()
        self.show_pages()
        self.print_button.setDefault(True)
        self.print_button.setFocus()
        self.finished.connect(lambda _r: self._close_document())

    def _make_bar(self) -> None:
        """Create the zoom choice, the page count and the outcome line."""
        self.zoom = QComboBox()
        self.zoom.setObjectName("zoom")
        for percent in ZOOMS:
            self.zoom.addItem(f"{percent} %", percent)
        self.zoom_label = QLabel()
        self.zoom_label.setBuddy(self.zoom)
        self.count = QLabel()
        self.count.setObjectName("pageCount")
        self.outcome = QLabel()
        self.outcome.setObjectName("printResult")
        self.outcome.setWordWrap(True)
        self.zoom.currentIndexChanged.connect(lambda _i: self.show_pages())

    def _make_pages_view(self) -> None:
        """Create the scrolling column with one label per page, rendered when it comes into view."""
        self.page_labels: list[QLabel] = []
        holder = QWidget()
        holder.setObjectName("previewPages")
        holder.setStyleSheet("#previewPages { background: #808080; }")
        column = QVBoxLayout(holder)
        column.setSpacing(12)
        for index in range(len(self.pages)):
            label = QLabel()
            label.setObjectName(f"page{index + 1}")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        self.pages_view = QScrollArea()
        self.pages_view.setObjectName("previewScroll")
        self.pages_view.setWidget(holder)
        self.pages_view.setWidgetResizable(True)
        self.pages_view.verticalScrollBar().valueChanged.connect(lambda _v: self.render_visible())

    def _make_buttons(self) -> None:
        """Create Print (Ctrl+P), Save (Ctrl+S) and Close."""
        self.print_button = QPushButton()
        self.print_button.setObjectName("printButton")
        self.print_button.setShortcut(QKeySequence("Ctrl+P"))
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveButton")
        self.save_button.setShortcut(QKeySequence("Ctrl+S"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_document)

    def _lay_out(self) -> None:
        """Place the zoom bar, the pages, the outcome and the buttons."""
        bar = QHBoxLayout()
        bar.addWidget(self.zoom_label)
        bar.addWidget(self.zoom)
        bar.addStretch(1)
        bar.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.pages_view, 1)
        layout.addWidget(self.outcome)
        layout.addWidget(self.buttons)

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        known = document_type(self.kind)
        kind = tr(known.name) if known is not None else ""
        self.setWindowTitle(tr("Preview: {title}", title=self.title) if not kind else
                            tr("Preview: {kind} — {title}", kind=kind, title=self.title))
        self.zoom_label.setText(tr("&Zoom:"))
        self.count.setText(tr("1 page") if len(self.pages) == 1 else tr("{n} pages", n=len(self.pages)))
        self.print_button.setText(tr("&Print…"))
        self.save_button.setText(tr("&Save as PDF…"))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("Close"))

    @property
    def zoom_percent(self) -> int:
        """Return the zoom in percent."""
        return int(self.zoom.currentData() or 100)

    def show_pages(self) -> None:
        """Size every page for the chosen zoom (100 % is the paper's real size on a 96 dpi screen)."""
        dpi = SCREEN_DPI * self.zoom_percent / 100
        for index, label in enumerate(self.page_labels):
            width_pt, height_pt = self.pages.sizes[index]
            label.setFixedSize(round(width_pt / POINTS_PER_INCH * dpi), round(height_pt / POINTS_PER_INCH * dpi))
        for index in list(self._rendered):
            self.page_labels[index].clear()
        self._rendered.clear()
        self.render_visible()

    def _close_document(self) -> None:
        self._closed = True
        self.pages.close()

    def render_visible(self) -> None:
        """Render the pages in view (and one screen around it); forget far ones (a batch may have hundreds)."""
        if self._closed:
            return
        holder = self.pages_view.widget()
        layout = holder.layout() if holder is not None else None
        if layout is not None:
            layout.activate()
        top, height = self.pages_view.verticalScrollBar().value(), max(self.pages_view.viewport().height(), 200)
        near, far = (top - height, top + 2 * height), (top - 4 * height, top + 5 * height)
        ratio = self.devicePixelRatioF() or 1.0
        dpi = SCREEN_DPI * self.zoom_percent / 100
        for index, label in enumerate(self.page_labels):
            y0, y1 = label.y(), label.y() + label.height()
            if y1 >= near[0] and y0 <= near[1] and index not in self._rendered:
                pixmap = QPixmap.fromImage(self.pages.image(index, dpi * ratio))
                pixmap.setDevicePixelRatio(ratio)
                label.setPixmap(pixmap)
                self._rendered.add(index)
            elif (y1 < far[0] or y0 > far[1]) and index in self._rendered:
                label.clear()
                self._rendered.discard(index)

    def showEvent(self, event: QShowEvent) -> None:
        """Render what is in view once the dialog has its size."""
        super().showEvent(event)
        QTimer.singleShot(0, self.render_visible)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Render the pages a bigger window shows."""
        super().resizeEvent(event)
        self.render_visible()

    # -- printing and saving -----------------------------------------------------------------------
    def print_document(self) -> None:
        """Ask with the print dialog, then print in the background with progress; say why if it cannot."""
        try:
            printer = self.service.prepare(self, self.pdf, self.kind, self.title)
        except (PrintFailed, UserFacingError) as error:
            self._fail(str(error) if isinstance(error, PrintFailed) else error_text(error))
            return
        if printer is None:
            return
        self.printer = printer
        dpi = printer_zpl_dpi(printer.printerName()) if printer.outputFormat() == QPrinter.OutputFormat.NativeFormat \
            else None
        if self.zpl is not None and dpi is not None:
            self._print_zpl(printer, dpi)
            return
        total, pdf, kind = len(self.pages), self.pdf, self.kind
        self._busy(True)
        self.progress = QProgressDialog(tr("Printing page {page} of {pages}…", page=0, pages=total), tr("Cancel"),
                                        0, total, self)
        self.progress.setObjectName("printingProgress")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(500)

        def task(progress: Progress) -> bool:
            def each(done: int, of: int) -> bool:
                progress.report(done, of, "")
                return not progress.cancelled

            return print_on(printer, pdf, each)

        def done(printed: bool) -> None:
            self._end_progress()
            if printed:
                remember_choice(kind, printer)
                self.outcome.setText(tr("Sent to the printer."))
            else:
                self.outcome.setText(tr("Printing was cancelled."))

        def failed(error: BaseException) -> None:
            self._end_progress()
            self._fail(str(error) if isinstance(error, PrintFailed) else error_text(error))

        def report(page: int, pages: int, _text: str) -> None:
            progress = self.progress  # setValue may run the event loop, where a cancel clears self.progress
            if progress is not None:
                progress.setLabelText(tr("Printing page {page} of {pages}…", page=page, pages=pages))
                progress.setValue(page)

        self.job = self.runner.run(task, done, failed, report)
        if self.progress is not None:
            self.progress.canceled.connect(self.job.cancel)

    def _print_zpl(self, printer: QPrinter, dpi: int) -> None:
        """Send the labels as ZPL to a thermal printer's queue, unchanged (no driver, no raster of the PDF)."""
        name, make, kind, title = printer.printerName(), self.zpl, self.kind, self.title
        assert make is not None
        self._busy(True)

        def done(_sent: None) -> None:
            self._busy(False)
            remember_choice(kind, printer)
            self.outcome.setText(tr("Sent to the printer as ZPL ({dpi} dpi).", dpi=dpi))

        def failed(error: BaseException) -> None:
            self._busy(False)
            self._fail(str(error) if isinstance(error, PrintFailed) else error_text(error))

        self.job = self.runner.run(lambda _p: send_raw(name, make(dpi), title), done, failed)

    def _busy(self, busy: bool) -> None:
        """Keep the document still while it prints (the PDF library serves one thread at a time)."""
        for widget in (self.zoom, self.print_button, self.save_button, self.buttons):
            widget.setEnabled(not busy)

    def _end_progress(self) -> None:
        self._busy(False)
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def reject(self) -> None:
        """Close, unless a print is still running (Cancel it first)."""
        if self.progress is None:
            super().reject()

    @classmethod
    def choose_path(cls, parent: QWidget, suggested: str) -> str:
        """Ask where to save the PDF (tests replace this)."""
        path, _filter = QFileDialog.getSaveFileName(parent, tr("Save as PDF"), suggested, tr("PDF files (*.pdf)"))
        return str(path or "")

    def save_document(self) -> str:
        """Write the PDF to a file the person chooses; return the path ("" when cancelled or refused)."""
        path = self.choose_path(self, str(save_folder(self.kind) / safe_file_name(self.title)))
        if not path:
            return ""
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            write_bytes_atomic(checked_save_path(self, path), self.pdf)
        except UserFacingError as error:
            self._fail(error_text(error))
            return ""
        remember_folder(self.kind, path)  # the next Save of this kind of document starts here
        self.outcome.setText(tr("Saved as {path}.", path=path))
        return path

    def _fail(self, text: str) -> None:
        self.outcome.setText(text)
        show_error(self, text)
