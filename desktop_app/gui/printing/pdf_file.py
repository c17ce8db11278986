"""Qt's "print to file" as PDF: the document's own PDF written to the file (text, fonts and vectors kept)."""

from __future__ import annotations

import io
from collections.abc import Callable

import pypdfium2 as pdfium
from PySide6.QtPrintSupport import QPrinter

from desktop_app.core.files.output import check_output, write_bytes_atomic


def prints_to_pdf_file(printer: QPrinter) -> bool:
    """True when the print dialog chose a PDF file rather than a printer."""
    return printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and bool(printer.outputFileName())


def _chosen_pages(pdf: bytes, first: int, last: int) -> bytes:
    """Return pages `first`..`last` (1-based, as the print dialog counts) of `pdf` as a new PDF."""
    source = pdfium.PdfDocument(pdf)
    chosen = pdfium.PdfDocument.new()
    try:
        last = min(last or len(source), len(source))
        chosen.import_pages(source, list(range(first - 1, last)))
        out = io.BytesIO()
        chosen.save(out)
        return out.getvalue()
    finally:
        chosen.close()
        source.close()


def write_pdf_file(printer: QPrinter, pdf: bytes, each: Callable[[int, int], bool] | None = None) -> bool:
    """Write the document's PDF (the page range the dialog chose) to the printer's file; False when cancelled."""
    target = check_output(printer.outputFileName(), shop=None, force=True)  # chosen in the print dialog
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        pdf = _chosen_pages(pdf, printer.fromPage(), printer.toPage())
    document = pdfium.PdfDocument(pdf)
    pages = len(document)
    document.close()
    if each is not None and not each(0, pages):
        return False
    write_bytes_atomic(target, pdf)
    if each is not None:
        each(pages, pages)
    return True
