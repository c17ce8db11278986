"""Print the document's own PDF on a CUPS queue (Linux, macOS), so the printed PDF keeps its text and vectors.

Qt can only paint images onto a printer, which turns every page into a raster: a PDF printed that way (a PDF
queue, a printer that archives its jobs) has no text left to search or copy. CUPS takes PDF as it is and
converts it for the printer itself, so on a CUPS queue the ReportLab PDF goes there whole, page sizes kept
(one job per run of pages of the same size: a 4x6 in label stays 4x6 in next to an A4 slip). Windows has
no CUPS; there Qt's painting at the printer's resolution stays the way to print.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from collections.abc import Callable

import pypdfium2 as pdfium

from desktop_app.gui.i18n import tr
from desktop_app.gui.printing.errors import PrintFailed


def is_cups_queue(printer: str) -> bool:
    """Return whether `printer` is a CUPS queue this computer can send a PDF to with lp."""
    if not printer or sys.platform == "win32" or shutil.which("lp") is None or shutil.which("lpstat") is None:
        return False
    try:
        found = subprocess.run(["lpstat", "-v", printer], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return found.returncode == 0


def size_runs(pdf: bytes) -> list[tuple[tuple[int, int], int, bytes]]:
    """Split a PDF into runs of consecutive pages of one size: [((width_pt, height_pt), pages, pdf bytes)]."""
    document = pdfium.PdfDocument(pdf)
    try:
        sizes = [(round(page.get_width()), round(page.get_height())) for page in document]
        runs: list[tuple[tuple[int, int], list[int]]] = []
        for index, size in enumerate(sizes):
            if runs and runs[-1][0] == size:
                runs[-1][1].append(index)
            else:
                runs.append((size, [index]))
        if len(runs) == 1:
            return [(runs[0][0], len(runs[0][1]), pdf)]
        parts = []
        for size, pages in runs:
            part = pdfium.PdfDocument.new()
            try:
                part.import_pages(document, pages)
                out = io.BytesIO()
                part.save(out)
                parts.append((size, len(pages), out.getvalue()))
            finally:
                part.close()
        return parts
    finally:
        document.close()


def submit_pdf(printer: str, pdf: bytes, title: str, copies: int = 1,
               each: Callable[[int, int], bool] | None = None) -> bool:
    """Queue the PDF itself on a CUPS printer, each page at its own size; False when `each` stopped it.

    Raises PrintFailed with a sentence when the queue refuses a job.
    """
    runs = size_runs(pdf)
    total, done = sum(count for _size, count, _part in runs), 0
    for number, ((width, height), count, part) in enumerate(runs, start=1):
        name = title if len(runs) == 1 else f"{title}-{number}"  # a job per paper size, named in order
        command = ["lp", "-d", printer, "-t", name, "-n", str(max(1, copies)), "-o", f"media=Custom.{width}x{height}",
                   "-o", "fit-to-page=false"]
        try:
            sent = subprocess.run(command, input=part, capture_output=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            sent = None
        if sent is None or sent.returncode != 0:
            raise PrintFailed(tr("The printer {printer} did not accept the document. Check that it is switched on "
                                 "and connected, then try again.", printer=printer))
        done += count
        if each is not None and not each(done, total) and done < total:
            return False
    return True
