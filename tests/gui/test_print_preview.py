"""The preview shows the real PDF; printing paints it at 100 % at the printer's resolution, or says why not."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.core.documents.label import build_label
from desktop_app.core.documents.merge import append_pdf
from desktop_app.core.documents.slip import build_slip
from desktop_app.gui.printing.preview import PdfPreviewDialog
from desktop_app.gui.printing.print_service import PrintService, remembered_printer
from tests.unit.documents.documents_support import label_data, slip_data


def sizes(path: Path) -> list[tuple[int, int]]:
    doc = pdfium.PdfDocument(str(path))
    try:
        return [(round(p.get_width()), round(p.get_height())) for p in doc]
    finally:
        doc.close()


def zbar(pdf: Path, folder: Path, page: int = 1) -> list[str]:
    """Render one page at 203 dpi without antialiasing (a thermal printer) and decode it with zbar."""
    subprocess.run(["pdftoppm", "-r", "203", "-aa", "no", "-aaVector", "no", "-gray", "-png", "-f", str(page),
                    "-l", str(page), str(pdf), str(folder / "printed")], check=True)
    png = sorted(folder.glob("printed-*.png"))[-1]
    out = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True)
    return out.stdout.split()


@pytest.fixture
def to_pdf_file(monkeypatch, tmp_path):
    """Replace the print dialog: print to a PDF file at 203 dpi, as on a thermal label printer."""
    out = tmp_path / "printed.pdf"
    asked: list[QPrinter] = []

    def ask(cls, parent, printer):
        asked.append(printer)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setResolution(203)
        return True

    monkeypatch.setattr(PrintService, "printers", classmethod(lambda cls: ["Zebra ZD421", "Office laser"]))
    monkeypatch.setattr(PrintService, "ask", classmethod(ask))
    return out, asked


def open_preview(qtbot, pdf: bytes, kind: str = "label") -> PdfPreviewDialog:
    dialog = PdfPreviewDialog(pdf, kind, "R-000123")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_preview_shows_every_page_of_the_real_pdf_and_zooms(qtbot):
    pdf = append_pdf(build_label(label_data(), "4x6"), build_slip(slip_data(), "a4"))
    dialog = open_preview(qtbot, pdf)
    assert dialog.count.text() == "2 pages"
    assert dialog.windowTitle() == "Preview: Return label — R-000123"
    first = dialog.page_labels[0]
    assert dialog.zoom_percent == 75  # an A4 page fits the window's width
    dialog.zoom.setCurrentIndex(dialog.zoom.findData(100))
    assert (first.width(), first.height()) == (384, 576)  # 4x6 in at 96 dpi and 100 %
    assert not first.pixmap().isNull()
    dialog.zoom.setCurrentIndex(dialog.zoom.findData(50))
    assert (first.width(), first.height()) == (192, 288)
    assert dialog.page_labels[1].width() == round(595.28 / 72 * 48)
    assert dialog.print_button.isDefault()


def test_printing_a_label_keeps_its_4x6_paper_and_the_codes_still_scan(qtbot, tmp_path, to_pdf_file):
    out, asked = to_pdf_file
    dialog = open_preview(qtbot, build_label(label_data(), "4x6"))
    qtbot.mouseClick(dialog.print_button, pytest.importorskip("PySide6.QtCore").Qt.MouseButton.LeftButton)
    assert len(asked) == 1
    assert sizes(out) == [(288, 432)]  # not shrunk onto A4 or Letter
    assert "R-000123" in zbar(out, tmp_path)
    assert dialog.outcome.text() == "Sent to the printer."
    assert dialog.zoom_percent == 100  # a 4x6 label alone shows at its real size


def test_each_printed_page_takes_the_paper_size_of_its_pdf_page(qtbot, tmp_path, to_pdf_file):
    out, _asked = to_pdf_file
    pdf = append_pdf(build_label(label_data(), "4x6"), build_slip(slip_data(), "a4"))
    dialog = open_preview(qtbot, pdf)
    dialog.print_document()
    assert dialog.outcome.text() == "Sent to the printer."
    assert sizes(out) == [(288, 432), (595, 842)]
    assert "R-000123" in zbar(out, tmp_path, page=1)


def test_the_printer_chosen_is_remembered_per_document_type_and_offered_first(qtbot, monkeypatch):
    from desktop_app.gui.printing.print_service import remember_printer

    monkeypatch.setattr(PrintService, "printers", classmethod(lambda cls: ["Zebra ZD421", "Office laser"]))
    remember_printer("label", "Zebra ZD421")
    remember_printer("slip", "Office laser")
    remember_printer("kit", "Printer sold last year")
    assert PrintService.preselected("label") == "Zebra ZD421"
    assert PrintService.preselected("slip") == "Office laser"
    assert PrintService.preselected("kit") == ""  # no longer installed: the system default is offered
    assert PrintService.preselected("credit_note") == ""
    assert remembered_printer("label") == "Zebra ZD421"


def test_cancelling_the_print_dialog_prints_nothing(qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(PrintService, "printers", classmethod(lambda cls: ["Zebra ZD421"]))
    monkeypatch.setattr(PrintService, "ask", classmethod(lambda cls, parent, printer: False))
    dialog = open_preview(qtbot, build_label(label_data(), "4x6"))
    dialog.print_document()
    assert dialog.outcome.text() == ""


def test_no_printer_installed_is_said_in_one_sentence(qtbot, monkeypatch):
    monkeypatch.setattr(PrintService, "printers", classmethod(lambda cls: []))
    dialog = open_preview(qtbot, build_label(label_data(), "4x6"))
    dialog.print_document()
    assert dialog.outcome.text().startswith("No printer is installed on this computer.")
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert boxes and "Traceback" not in boxes[-1].text()


def test_a_printer_that_cannot_start_is_said_in_one_sentence(qtbot, monkeypatch, tmp_path):
    def ask(cls, parent, printer):
        printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
        printer.setPrinterName("no-such-printer")
        return True

    monkeypatch.setattr(PrintService, "printers", classmethod(lambda cls: ["Zebra ZD421"]))
    monkeypatch.setattr(PrintService, "ask", classmethod(ask))
    dialog = open_preview(qtbot, build_label(label_data(), "4x6"))
    dialog.print_document()
    assert "could not start printing" in dialog.outcome.text()


def test_printing_to_a_file_in_a_missing_folder_is_said_in_one_sentence(qtbot, monkeypatch, tmp_path):
    def ask(cls, parent, printer):
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "no-such-folder" / "out.pdf"))
        return True

    monkeypatch.setattr(PrintService, "printers", classmethod(lambda cls: ["Zebra ZD421"]))
    monkeypatch.setattr(PrintService, "ask", classmethod(ask))
    dialog = open_preview(qtbot, build_label(label_data(), "4x6"))
    dialog.print_document()
    assert "does not exist" in dialog.outcome.text()
    assert not (tmp_path / "no-such-folder").exists()


def test_printing_to_a_pdf_file_writes_the_documents_own_pdf_with_its_text(qtbot, tmp_path, to_pdf_file):
    from desktop_app.core.documents.batch import build_batch

    out, _asked = to_pdf_file
    pdf = build_batch([label_data("en", rma="R-000123"), label_data("zh_CN", rma="R-000124")])
    dialog = open_preview(qtbot, pdf)
    dialog.print_document()
    assert dialog.outcome.text() == "Sent to the printer."
    assert out.read_bytes() == pdf  # not page images: the same document, fonts embedded, text kept
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "R-000123" in text and "R-000124" in text
    assert label_data("zh_CN").customer.name in text
    assert "R-000123" in zbar(out, tmp_path, page=1)


def test_printing_a_page_range_to_a_pdf_file_writes_those_pages(qtbot, tmp_path, to_pdf_file):
    from desktop_app.core.documents.batch import build_batch

    out, _asked = to_pdf_file
    pdf = build_batch([label_data("en", rma=f"R-00012{n}") for n in range(4)])
    dialog = open_preview(qtbot, pdf)
    printer = dialog.service.prepare(dialog, pdf, "label", "four labels")
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    from desktop_app.gui.printing.print_service import print_on

    assert print_on(printer, pdf)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert sizes(out) == [(288, 432)] * 2
    assert "R-000121" in text and "R-000122" in text and "R-000120" not in text and "R-000123" not in text


def test_save_as_pdf_writes_the_same_pdf_or_says_why_not(qtbot, monkeypatch, tmp_path):
    pdf = build_label(label_data(), "4x6")
    dialog = open_preview(qtbot, pdf)
    target = tmp_path / "label"
    monkeypatch.setattr(PdfPreviewDialog, "choose_path", classmethod(lambda cls, parent, name: str(target)))
    assert dialog.save_document() == f"{target}.pdf"
    assert Path(f"{target}.pdf").read_bytes() == pdf
    monkeypatch.setattr(PdfPreviewDialog, "choose_path",
                        classmethod(lambda cls, parent, name: str(tmp_path / "missing" / "x.pdf")))
    assert dialog.save_document() == ""
    assert "does not exist" in dialog.outcome.text()


def test_the_preview_speaks_chinese(qtbot):
    from desktop_app.gui.i18n import install_language

    install_language("zh_CN")
    dialog = open_preview(qtbot, build_label(label_data(), "4x6"))
    assert "预览" in dialog.windowTitle()
    assert dialog.count.text() == "1 页"


def test_printing_runs_in_the_background_and_can_be_cancelled(qtbot, monkeypatch, tmp_path, to_pdf_file):
    from desktop_app.gui.workers import Progress, ThreadRunner

    out, _asked = to_pdf_file
    pdf = build_label(label_data(), "4x6")
    for _ in range(5):
        pdf = append_pdf(pdf, build_label(label_data(rma="R-000124"), "4x6"))
    runner = ThreadRunner()
    dialog = PdfPreviewDialog(pdf, "label", "six labels", runner=runner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.print_document()
    assert not dialog.print_button.isEnabled()  # the document stays still while it prints
    qtbot.waitUntil(lambda: dialog.outcome.text() == "Sent to the printer.", timeout=20000)
    assert dialog.print_button.isEnabled()
    assert sizes(out) == [(288, 432)] * 6
    out.unlink()
    monkeypatch.setattr(Progress, "cancelled", property(lambda self: True))  # Cancel pressed at once
    dialog.print_document()
    qtbot.waitUntil(lambda: dialog.outcome.text() == "Printing was cancelled.", timeout=20000)
    assert not out.exists() or len(sizes(out)) < 6
    assert runner.wait(5000)


def test_a_long_batch_renders_only_the_pages_in_view(qtbot):
    from desktop_app.core.documents.batch import build_batch

    pdf = build_batch([label_data(rma=f"R-{n:06d}") for n in range(1, 41)])
    dialog = open_preview(qtbot, pdf)
    assert dialog.count.text() == "40 pages"
    qtbot.waitUntil(lambda: not dialog.page_labels[0].pixmap().isNull())
    assert dialog.page_labels[39].pixmap().isNull()
    bar = dialog.pages_view.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert not dialog.page_labels[39].pixmap().isNull()
    assert dialog.page_labels[0].pixmap().isNull()  # far away again: forgotten
    dialog.close()
    dialog.render_visible()  # a late repaint after closing touches no closed document
