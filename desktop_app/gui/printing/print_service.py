"""Print a PDF through Qt's print dialog at 100 % scale, with the printer remembered per document type."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QWidget

from desktop_app.core.documents.kinds import ZPL_DPIS
from desktop_app.gui.desk_settings import desk_settings
from desktop_app.gui.i18n import tr
from desktop_app.gui.printing.cups import is_cups_queue, submit_pdf
from desktop_app.gui.printing.errors import PrintFailed
from desktop_app.gui.printing.pdf_file import prints_to_pdf_file, write_pdf_file
from desktop_app.gui.printing.render import POINTS_PER_INCH, PdfPages

log = logging.getLogger(__name__)
MAX_RASTER_DPI = 600  # finer than any label or office printer needs; a 1200 dpi A4 page would take 0.5 GB


def remembered_printer(kind: str) -> str:
    """Return the printer this desk last used for a document type ("" when none)."""
    return str(desk_settings().value(f"printers/{kind}", "") or "")


def remember_printer(kind: str, name: str) -> None:
    """Remember the printer used for a document type on this desk."""
    settings = desk_settings()
    settings.setValue(f"printers/{kind}", name)
    settings.sync()


def _zpl_key(printer: str) -> str:
    return "zpl/" + printer.replace("/", "_").replace("\\", "_")


def printer_zpl_dpi(printer: str) -> int | None:
    """Return the resolution of a thermal printer that speaks ZPL on this desk (None: it prints PDFs)."""
    value = str(desk_settings().value(_zpl_key(printer), "") or "") if printer else ""
    dpi = int(value) if value.isdigit() else 0
    return dpi if dpi in ZPL_DPIS else None


def set_printer_zpl_dpi(printer: str, dpi: int | None) -> None:
    """Remember that a printer speaks ZPL at `dpi` (None: it prints PDFs like any other printer)."""
    if not printer:
        return
    settings = desk_settings()
    if dpi in ZPL_DPIS:
        settings.setValue(_zpl_key(printer), dpi)
    else:
        settings.remove(_zpl_key(printer))
    settings.sync()


def page_size_of(width_pt: float, height_pt: float) -> QPageSize:
    """Return the paper size of a PDF page (4x6 in, A4, Letter or any other) in points."""
    size = QPageSize(QSizeF(width_pt, height_pt), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    return size


def _layout_for(width_pt: float, height_pt: float) -> QPageLayout:
    """Return a borderless portrait layout of exactly the page's size."""
    return QPageLayout(page_size_of(width_pt, height_pt), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0),
                       QPageLayout.Unit.Point, QMarginsF(0, 0, 0, 0))


class PrintService:
    """Prints PDFs: asks with QPrintDialog (tests replace `ask` and `printers`), then paints each page."""

    @classmethod
    def printers(cls) -> list[str]:
        """Return the names of the printers installed on this computer."""
        return list(QPrinterInfo.availablePrinterNames())

    @classmethod
    def ask(cls, parent: QWidget | None, printer: QPrinter) -> bool:
        """Show Qt's print dialog for `printer`; return True when the person pressed Print."""
        dialog = QPrintDialog(printer, parent)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, True)
        return dialog.exec() == QPrintDialog.DialogCode.Accepted

    @classmethod
    def preselected(cls, kind: str) -> str:
        """Return the printer to offer first for a document type: the remembered one while it is installed."""
        name = remembered_printer(kind)
        return name if name and name in cls.printers() else ""

    @classmethod
    def new_printer(cls, kind: str, pages: PdfPages, title: str) -> QPrinter:
        """Return a printer set up for the document: the remembered printer, the PDF's paper size, no margins."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        name = cls.preselected(kind)
        if name:
            printer.setPrinterName(name)
        printer.setDocName(title)
        printer.setFullPage(True)
        if len(pages):
            printer.setPageLayout(_layout_for(*pages.sizes[0]))
        return printer

    @classmethod
    def prepare(cls, parent: QWidget | None, pdf: bytes, kind: str, title: str) -> QPrinter | None:
        """Ask where to print (the remembered printer offered first); None when the person cancelled.

        Raises PrintFailed with a sentence when no printer is installed.
        """
        if not cls.printers():
            raise PrintFailed(tr("No printer is installed on this computer. Use Save as PDF, or add a printer "
                                 "in the system settings and try again."))
        pages = PdfPages(pdf)
        try:
            printer = cls.new_printer(kind, pages, title)
        finally:
            pages.close()
        return printer if cls.ask(parent, printer) else None

    @classmethod
    def print_pdf(cls, parent: QWidget | None, pdf: bytes, kind: str, title: str) -> bool:
        """Ask, then print every page at 100 % on this thread; False when the person cancelled."""
        printer = cls.prepare(parent, pdf, kind, title)
        if printer is None:
            return False
        print_on(printer, pdf)
        remember_choice(kind, printer)
        return True


def remember_choice(kind: str, printer: QPrinter) -> None:
    """Remember a real printer (not a file) as this desk's printer for the document type."""
    if printer.outputFormat() == QPrinter.OutputFormat.NativeFormat and printer.printerName():
        remember_printer(kind, printer.printerName())


def print_on(printer: QPrinter, pdf: bytes, each: Callable[[int, int], bool] | None = None) -> bool:
    """Print a PDF on a prepared printer (any thread); `each(done, total)` False aborts; False when aborted.

    A CUPS queue gets the PDF itself (text and vectors kept, see printing/cups.py), and so does Qt's "print to
    file" as PDF (printing/pdf_file.py); any other printer (Windows has no CUPS) gets the pages painted at
    its resolution.
    """
    if prints_to_pdf_file(printer):
        return write_pdf_file(printer, pdf, each)
    name = printer.printerName()
    if printer.outputFormat() == QPrinter.OutputFormat.NativeFormat and is_cups_queue(name):
        return submit_pdf(name, pdf, printer.docName() or "ReturnDesk", printer.copyCount(), each)
    pages = PdfPages(pdf)
    try:
        total = len(pages)
        return paint_pages(pages, printer, None if each is None else (lambda done: each(done, total)))
    finally:
        pages.close()


def paint_pages(pages: PdfPages, printer: QPrinter, each: Callable[[int], bool] | None = None) -> bool:
    """Paint every page on `printer` at 100 % scale, rasterised at the printer's own resolution.

    Each printed page takes its paper size from the PDF page, so a 4x6 in label is never shrunk to fit.
    """
    name = printer.printerName() or printer.outputFileName()
    if len(pages):
        printer.setPageLayout(_layout_for(*pages.sizes[0]))
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed(tr("The printer {printer} could not start printing. Check that it is switched on "
                             "and connected, then try again.", printer=name))
    try:
        for index, (width_pt, height_pt) in enumerate(pages.sizes):
            if index:
                printer.setPageLayout(_layout_for(width_pt, height_pt))
                if not printer.newPage():
                    raise PrintFailed(tr("The printer {printer} stopped after page {page}. Check it and print "
                                         "again.", printer=name, page=index))
            dpi = printer.resolution()
            image = pages.image(index, min(dpi, MAX_RASTER_DPI), crisp=True)
            target = QRectF(0, 0, width_pt / POINTS_PER_INCH * dpi, height_pt / POINTS_PER_INCH * dpi)
            painter.drawImage(target, image)
            if each is not None and not each(index + 1):
                printer.abort()
                return False
    finally:
        painter.end()
    if printer.printerState() == QPrinter.PrinterState.Error:
        raise PrintFailed(tr("The printer {printer} reported an error, so the document may not have printed. "
                             "Check the printer and try again.", printer=name))
    return True
