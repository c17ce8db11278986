"""A label printer marked as speaking ZPL on this desk gets the labels as ZPL through its raw CUPS queue."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtCore import QItemSelectionModel

from desktop_app.core.documents.zpl import decode_graphic
from desktop_app.gui.dialogs.settings.pages import DeskPage
from desktop_app.gui.printing.jobs import PrintJobs
from desktop_app.gui.printing.preview import PdfPreviewDialog
from desktop_app.gui.printing.print_service import PrintService, printer_zpl_dpi
from tests.helpers.cups import cups_queues  # noqa: F401 - the fixture

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="CUPS queues are set up on Linux (see .ci/run)")


def _select_first(window, count: int) -> list[str]:
    selection, model = window.queue.table.selectionModel(), window.queue.model
    selection.clearSelection()
    for row in range(count):
        selection.select(model.index(row, 0),
                         QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    return PrintJobs.selected_rmas(window.menus.print_jobs)


def _print_labels(window, monkeypatch, queue: str) -> PdfPreviewDialog:
    def ask(cls, parent, printer):  # the person picks the queue in Qt's print dialog and presses Print
        printer.setPrinterName(queue)
        return True

    monkeypatch.setattr(PrintService, "ask", classmethod(ask))
    window.menus.print_jobs.print_labels()
    [preview] = [w for w in window.findChildren(PdfPreviewDialog) if w.isVisible()]
    preview.print_document()
    return preview


def test_a_printer_set_to_zpl_in_settings_gets_zpl_that_scans(owner_window, monkeypatch, cups_queues,  # noqa: F811
                                                               tmp_path):
    dialog = owner_window.menus.settings()
    page = dialog.page(DeskPage)
    page.printers["label"].setEditText(cups_queues.raw)
    page.label_language.setCurrentIndex(page.label_language.findData(203))
    dialog.save()
    assert printer_zpl_dpi(cups_queues.raw) == 203 and printer_zpl_dpi(cups_queues.pdf) is None
    again = owner_window.menus.settings().page(DeskPage)
    assert again.label_language.currentData() == 203  # shown for the label printer when settings open again
    again.printers["label"].setEditText(cups_queues.pdf)
    assert again.label_language.currentData() == 0  # another printer: the PDF

    rmas = _select_first(owner_window, 2)
    before = len(cups_queues.zebra.jobs)
    preview = _print_labels(owner_window, monkeypatch, cups_queues.raw)
    assert preview.outcome.text() == "Sent to the printer as ZPL (203 dpi)."
    received = cups_queues.zebra.wait(before + 1)[-1].decode("ascii")
    assert received.count("^XA") == len(rmas) == 2  # one label job per return
    png = tmp_path / "first.png"
    decode_graphic(received).save(png)
    found = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True).stdout
    assert rmas[0] in found.splitlines()


def test_a_printer_not_set_to_zpl_gets_the_pdf(owner_window, monkeypatch, cups_queues):  # noqa: F811
    _select_first(owner_window, 1)
    before = len(cups_queues.zebra.jobs)
    preview = _print_labels(owner_window, monkeypatch, cups_queues.pdf)
    assert preview.outcome.text() == "Sent to the printer."
    assert len(cups_queues.zebra.jobs) == before
