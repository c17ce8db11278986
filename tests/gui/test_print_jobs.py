"""Print actions in the window: Ctrl+P / Ctrl+Shift+P on the selected returns, batches, kits, credit notes."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.core.services import documents, returns
from desktop_app.core.services.base import ServiceContext
from desktop_app.gui.printing.jobs import PrintJobs
from desktop_app.gui.printing.preview import PdfPreviewDialog


def page_sizes(pdf: bytes) -> list[tuple[int, int]]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [(round(p.get_width()), round(p.get_height())) for p in doc]
    finally:
        doc.close()


def select_rows(window, count: int) -> list[str]:
    """Select the first `count` rows of the queue and return their RMAs."""
    queue = window.queue
    model, selection = queue.model, queue.table.selectionModel()
    selection.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in range(count):
        selection.select(model.index(row, 0), flags)
    return PrintJobs.selected_rmas(window.menus.print_jobs)


@pytest.fixture(autouse=True)
def _close_previews(owner_window):
    """Close what a test left open, so the next test sees only its own windows."""
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, (PdfPreviewDialog, QMessageBox)):
            widget.close()


def previews(window) -> list[PdfPreviewDialog]:
    return [w for w in window.findChildren(PdfPreviewDialog) if w.isVisible()]


def error_boxes(window) -> list[str]:
    return [w.text() for w in window.findChildren(QMessageBox) if w.isVisible()]


def test_ctrl_p_previews_the_label_of_the_selected_return(qtbot, owner_window):
    rmas = select_rows(owner_window, 1)
    qtbot.keyClick(owner_window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    [preview] = previews(owner_window)
    assert preview.kind == "label" and rmas[0] in preview.windowTitle()
    assert page_sizes(preview.pdf)[0] == (288, 432)
    assert preview.count.text() == "1 page"


def test_ctrl_shift_p_prints_slips_of_several_returns_as_one_batch_with_progress(qtbot, owner_window):
    jobs = owner_window.menus.print_jobs
    rmas = select_rows(owner_window, 3)
    assert len(rmas) == 3
    seen: list[tuple[int, int]] = []
    jobs.progressed.connect(lambda done, total: seen.append((done, total)))
    qtbot.keyClick(owner_window, Qt.Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    [preview] = previews(owner_window)
    assert preview.kind == "slip" and preview.windowTitle().endswith("3 packing slips")
    assert page_sizes(preview.pdf) == [(595, 842)] * 3
    assert seen[-1] == (6, 6)
    assert jobs.progress_dialog is None  # closed once the PDF was ready


def test_a_batch_can_be_cancelled_and_nothing_opens(qtbot, owner_window):
    jobs = owner_window.menus.print_jobs
    select_rows(owner_window, 4)
    jobs.progressed.connect(lambda done, _total: jobs.cancel() if done == 1 else None)
    jobs.print_labels()
    assert previews(owner_window) == []
    assert owner_window.statusBar().currentMessage() == "Cancelled: nothing was printed."


def test_the_carrier_label_attached_to_a_return_prints_after_its_label(qtbot, owner_window, shop_db, owner,
                                                                       tmp_path):
    rmas = select_rows(owner_window, 1)
    carrier = documents.slip_pdf(shop_db, rmas[0])  # any A4 PDF stands in for the carrier's label
    returns.attach_file(ServiceContext(shop_db, owner), rmas[0], "dhl-label.pdf", carrier, kind="carrier_label")
    owner_window.menus.print_jobs.print_labels()
    [preview] = previews(owner_window)
    assert page_sizes(preview.pdf) == [(288, 432), (595, 842)]
    assert preview.count.text() == "2 pages"


def test_return_kit_for_an_order_prints_label_and_instructions(qtbot, owner_window, shop_db, monkeypatch):
    from desktop_app.core.services.orders import list_orders

    order = list_orders(shop_db, limit=1)[0].number
    monkeypatch.setattr(PrintJobs, "ask_order", classmethod(lambda cls, parent: order))
    owner_window.actions_by_name["return_kit"].trigger()
    [preview] = previews(owner_window)
    assert preview.kind == "kit" and order in preview.windowTitle()
    assert page_sizes(preview.pdf)[0] == (288, 432) and len(page_sizes(preview.pdf)) >= 2


def test_an_unknown_order_for_a_kit_is_said_in_one_sentence(qtbot, owner_window, monkeypatch):
    monkeypatch.setattr(PrintJobs, "ask_order", classmethod(lambda cls, parent: "NO-SUCH-ORDER"))
    owner_window.actions_by_name["return_kit"].trigger()
    assert previews(owner_window) == []
    [text] = error_boxes(owner_window)
    assert "NO-SUCH-ORDER" in text and "Traceback" not in text


def test_credit_note_of_a_refunded_return(qtbot, owner_window, shop_db):
    refunded = [s.rma for s in returns.summaries_by_ids(shop_db, returns.return_ids(
        shop_db, returns.ReturnFilter(status="resolved"))) if documents.credit_notes(shop_db, s.rma)]
    owner_window.queue.open_detail(returns.get_return(shop_db, refunded[0]))
    owner_window.queue.table.clearSelection()
    owner_window.actions_by_name["print_credit_note"].trigger()
    [preview] = previews(owner_window)
    assert preview.kind == "credit_note" and refunded[0] in preview.windowTitle()


def test_printing_with_nothing_chosen_says_so(qtbot, owner_window):
    owner_window.queue.table.clearSelection()
    owner_window.queue.detail.show_detail(None)
    owner_window.actions_by_name["print_label"].trigger()
    assert previews(owner_window) == []
    assert error_boxes(owner_window) == ["Choose one or more returns in the list first."]


def test_the_batch_preview_prints_to_a_pdf_file(qtbot, owner_window, monkeypatch, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from desktop_app.gui.printing.print_service import PrintService

    out: Path = tmp_path / "batch.pdf"

    def ask(cls, parent, printer):
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setResolution(203)
        return True

    monkeypatch.setattr(PrintService, "printers", classmethod(lambda cls: ["Zebra ZD421"]))
    monkeypatch.setattr(PrintService, "ask", classmethod(ask))
    select_rows(owner_window, 2)
    owner_window.menus.print_jobs.print_labels()
    [preview] = previews(owner_window)
    qtbot.keyClick(preview, Qt.Key.Key_Return)  # Print is the default button
    assert page_sizes(out.read_bytes()) == [(288, 432), (288, 432)]


def test_a_batch_builds_in_the_background_with_a_progress_dialog(qtbot, shop_db, owner):
    from desktop_app.gui.backend import Desk
    from desktop_app.gui.main_window import MainWindow
    from desktop_app.gui.workers import ThreadRunner

    runner = ThreadRunner()
    window = MainWindow(Desk(shop_db, owner, runner), "shop.db")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.queue.model.rowCount() >= 5, timeout=5000)
    rmas = select_rows(window, 5)
    jobs = window.menus.print_jobs
    jobs.print_labels()
    assert jobs.progress_dialog is not None and jobs.progress_dialog.isVisible()  # the window stays usable
    qtbot.waitUntil(lambda: bool(previews(window)), timeout=20000)
    [preview] = previews(window)
    assert len(page_sizes(preview.pdf)) == len(rmas) == 5
    assert jobs.progress_dialog is None
    assert runner.wait(5000)


def test_a_return_without_a_refund_has_no_credit_note_to_print(qtbot, owner_window, shop_db):
    owner_window.queue.set_status("requested")
    rmas = select_rows(owner_window, 1)
    assert documents.credit_notes(shop_db, rmas[0]) == []
    owner_window.actions_by_name["print_credit_note"].trigger()
    assert previews(owner_window) == []
    assert error_boxes(owner_window) == [f"Return {rmas[0]} has no refund with a credit note."]


def test_a_carrier_label_that_is_not_a_pdf_is_said_in_one_sentence(qtbot, owner_window, shop_db, owner):
    rmas = select_rows(owner_window, 1)
    returns.attach_file(ServiceContext(shop_db, owner), rmas[0], "label.pdf", b"not a pdf", kind="carrier_label")
    owner_window.actions_by_name["print_label"].trigger()
    assert previews(owner_window) == []
    assert error_boxes(owner_window) == ["The attached carrier label is not a readable PDF. Attach the label "
                                         "file again."]
