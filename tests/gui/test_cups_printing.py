"""Printing through a real CUPS scheduler: Qt's printing to a cups-pdf queue, ZPL through a raw queue."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter

from desktop_app.core.documents.batch import build_labels
from desktop_app.core.documents.label import build_label
from desktop_app.core.documents.merge import append_pdf
from desktop_app.core.documents.slip import build_slip
from desktop_app.core.documents.zpl import build_label_zpl, decode_graphic
from desktop_app.gui.printing.print_service import PrintService, print_on
from desktop_app.gui.printing.raw import send_raw
from tests.helpers.cups import cups_queues  # noqa: F401 - the fixture

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "documents"))
from documents_support import label_data, slip_data

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="CUPS queues are set up on Linux (see .ci/run)")


def _print_through_qt(queue: str, pdf: bytes) -> str:
    """Print like the window does (QPrinter by queue name, every page painted at 100 %); return the title."""
    title = f"rd-{uuid.uuid4().hex[:10]}"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(queue)
    printer.setDocName(title)
    printer.setFullPage(True)
    assert print_on(printer, pdf)
    return title


def _page_sizes(path: Path) -> list[tuple[int, int]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(path)], capture_output=True, text=True,
                          check=True).stdout
    return [tuple(round(float(v)) for v in line.split(":", 1)[1].split("pts")[0].split(" x "))
            for line in info.splitlines() if line.startswith("Page") and "size:" in line]


def _codes(path: Path, page: int, folder: Path) -> list[str]:
    stem = folder / f"page{page}"
    subprocess.run(["pdftoppm", "-r", "203", "-gray", "-png", "-singlefile", "-f", str(page), "-l", str(page),
                    str(path), str(stem)], check=True)
    found = subprocess.run(["zbarimg", "--raw", "-q", f"{stem}.png"], capture_output=True, text=True).stdout
    return found.splitlines()


def test_the_print_dialog_lists_the_cups_printers(cups_queues):  # noqa: F811
    assert cups_queues.pdf in PrintService.printers() and cups_queues.raw in PrintService.printers()


def test_a_label_and_a_slip_print_through_qt_to_a_cups_queue_at_their_own_size(cups_queues, tmp_path):  # noqa: F811
    label = cups_queues.printed_pdf(_print_through_qt(cups_queues.pdf, build_label(label_data("en"))))
    assert _page_sizes(label) == [(288, 432)]  # 4 x 6 in, not shrunk onto a sheet
    assert {"R-000123", "https://maple.example/returns/R-000123"} <= set(_codes(label, 1, tmp_path))
    slip = cups_queues.printed_pdf(_print_through_qt(cups_queues.pdf, build_slip(slip_data("en"), size="a4")))
    assert _page_sizes(slip) == [(595, 842)]
    assert "RMA:R-000123" in _codes(slip, 1, tmp_path)


def _text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_what_qt_printing_sends_to_cups_keeps_its_text_and_fonts(cups_queues):  # noqa: F811
    label = cups_queues.printed_pdf(_print_through_qt(cups_queues.pdf, build_label(label_data("en"))))
    text = _text(label)
    assert "R-000123" in text and "Jane Doe" in text  # the ReportLab PDF itself, not a picture of it
    fonts = subprocess.run(["pdffonts", str(label)], capture_output=True, text=True, check=True).stdout
    assert "NotoSans" in fonts


def test_a_label_and_a_slip_in_one_document_each_print_at_their_own_size_with_text(cups_queues):  # noqa: F811
    pdf = append_pdf(build_label(label_data("en"), "4x6"), build_slip(slip_data("en"), size="a4"))
    title = _print_through_qt(cups_queues.pdf, pdf)  # one CUPS job per page size, in order
    printed = [cups_queues.printed_pdf(f"{title}-1"), cups_queues.printed_pdf(f"{title}-2")]
    assert [s for path in printed for s in _page_sizes(path)] == [(288, 432), (595, 842)]
    assert all("R-000123" in _text(path) for path in printed)


def test_a_batch_of_20_labels_prints_as_20_label_pages(cups_queues, tmp_path):  # noqa: F811
    labels = [label_data("en", rma=f"R-0002{i:02d}") for i in range(20)]
    printed = cups_queues.printed_pdf(_print_through_qt(cups_queues.pdf, build_labels(labels)), timeout=300)
    assert _page_sizes(printed) == [(288, 432)] * 20
    assert "R-000200" in _codes(printed, 1, tmp_path) and "R-000219" in _codes(printed, 20, tmp_path)


def test_zpl_goes_through_a_raw_queue_to_the_thermal_printer_unchanged(cups_queues, tmp_path):  # noqa: F811
    zpl = build_label_zpl(label_data("en"), dpi=203)
    send_raw(cups_queues.raw, zpl, "zpl-test")
    received = cups_queues.zebra.wait(1)[-1]
    assert received == zpl
    png = tmp_path / "zebra.png"
    decode_graphic(received.decode("ascii")).save(png)
    found = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True).stdout
    assert "R-000123" in found.splitlines()
