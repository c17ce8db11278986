"""File > Import: a shop export checked, then imported in the background; a bad file refused whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from desktop_app.core.services.orders import list_orders
from desktop_app.gui.dialogs.import_dialog import ImportDialog
from desktop_app.gui.workers import ThreadRunner

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
SHOPIFY = FIXTURES / "platforms" / "shopify_orders.csv"
CUSTOM = FIXTURES / "custom"
KASSE = CUSTOM / "kasse_export.csv"


@pytest.fixture(autouse=True)
def _profiles_folder(tmp_path, monkeypatch):
    """Saved profiles go to a throwaway folder, never the person's own."""
    monkeypatch.setenv("RETURNDESK_PROFILES", str(tmp_path / "profiles"))
    return tmp_path / "profiles"


def _dialog(window):
    dialog = window.menus.import_file()
    dialog.file.setText(str(SHOPIFY))
    dialog.profile.setCurrentIndex(dialog.profile.findData("shopify"))
    return dialog


def test_check_only_changes_nothing_then_import_adds_the_orders(owner_window, shop_db):
    before = len(list_orders(shop_db, limit=100000))
    dialog = _dialog(owner_window)
    dialog.check_only.setChecked(True)
    dialog.start.click()
    assert "nothing was changed" in dialog.outcome.toPlainText()
    assert len(list_orders(shop_db, limit=100000)) == before
    dialog.check_only.setChecked(False)
    dialog.start.click()
    assert "Imported" in dialog.outcome.toPlainText()
    assert len(list_orders(shop_db, limit=100000)) > before
    dialog.start.click()
    assert "0 new" in dialog.outcome.toPlainText()  # the same export again adds nothing


def test_a_bad_file_is_refused_with_its_line_numbers(owner_window, tmp_path, shop_db):
    bad = tmp_path / "bad.csv"
    lines = ["Belegnr;Datum;Kunde;Artikelnr;Bezeichnung;Menge;Einzelpreis;Status;Originalbeleg",
             "RE-2001;03.02.2026;Müller;A-1;Tasse;2;12,50;bezahlt;",
             "RE-2002;31.02.2026;Schulz;A-1;Tasse;1;12,50;bezahlt;"]
    bad.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    before = len(list_orders(shop_db, limit=100000))
    dialog = _dialog(owner_window)
    dialog.file.setText(str(bad))
    dialog.profile.setCurrentIndex(dialog.profile.findData(""))
    assert dialog.profile_file.isVisible()
    dialog.profile_file.setText(str(CUSTOM / "kasse.toml"))
    dialog.start.click()
    shown = dialog.outcome.toPlainText()
    assert "bad.csv was not imported" in shown and "31.02.2026" in shown
    assert "Traceback" not in shown
    assert len(list_orders(shop_db, limit=100000)) == before


def test_the_import_runs_in_the_background_and_reports_progress(qtbot, owner_window):
    owner_window.desk.runner = ThreadRunner()
    dialog = _dialog(owner_window)
    dialog.check_only.setChecked(True)
    dialog.start.click()
    assert not dialog.start.isEnabled() and dialog.cancel.isEnabled()
    qtbot.waitUntil(lambda: dialog.start.isEnabled(), timeout=10000)
    assert "nothing was changed" in dialog.outcome.toPlainText()


def _cells(table, row):
    return [table.item(row, c).text() for c in range(table.columnCount())]


def test_the_preview_shows_the_first_rows_as_the_profile_reads_them(owner_window):
    dialog = owner_window.menus.import_file()
    assert dialog.preview.rowCount() == 0 and "Choose the file" in dialog.preview_note.text()
    dialog.set_file(str(CUSTOM / "marketplace_cn_orders.csv"))
    dialog.profile.setCurrentIndex(dialog.profile.findData(""))
    dialog.profile_file.setText(str(CUSTOM / "marketplace_cn.toml"))
    headers = [dialog.preview.horizontalHeaderItem(c).text() for c in range(dialog.preview.columnCount())]
    assert headers[:2] == ["订单编号", "下单时间"]  # GBK decoded, comma-delimited, header row used
    assert _cells(dialog.preview, 0)[:2] == ["CN-88001", "2026/01/31 23:30"]
    assert _cells(dialog.preview, 0)[7] == "1,288.00"
    assert "rows as this profile reads them" in dialog.preview_note.text()
    dialog.profile.setCurrentIndex(dialog.profile.findData("shopify"))  # a profile that cannot read it
    assert dialog.preview.rowCount() == 0
    note = dialog.preview_note.text()
    assert note.startswith("The file is not written in the encoding UTF-8 that the profile names.")
    assert "Edit mapping" in note
    dialog.set_file(str(SHOPIFY))
    assert dialog.preview.rowCount() == 4 and _cells(dialog.preview, 0)[0].startswith("#")


def _choose(editor, field, header):
    for row in range(editor.table.rowCount()):
        combo = editor.table.cellWidget(row, 1)
        if combo.objectName() == f"column_{field}":
            combo.setCurrentIndex(combo.findData(header))
            return editor.table.item(row, 2).text()
    raise AssertionError(field)


def test_the_mapping_editor_saves_a_profile_that_the_picker_offers_and_imports_with(owner_window, _profiles_folder,
                                                                                      shop_db):
    dialog = owner_window.menus.import_file()
    dialog.set_file(str(KASSE))
    editor = dialog.open_mapping()  # starts from the chosen profile (shopify), which cannot read the file
    editor.start_from.setCurrentIndex(editor.start_from.findData(""))  # blank
    assert editor.table.cellWidget(0, 1).count() == 1  # UTF-8 and "," do not split this header
    editor.encoding.setCurrentIndex(editor.encoding.findData("cp1252"))
    editor.delimiter.setCurrentIndex(editor.delimiter.findData(";"))
    assert _choose(editor, "order_number", "Belegnr") == "RE-1001"
    for field, header in (("order_date", "Datum"), ("customer_name", "Kunde"), ("sku", "Artikelnr"),
                          ("quantity", "Menge"), ("unit_price", "Einzelpreis"), ("status", "Status"),
                          ("original_order", "Originalbeleg")):
        _choose(editor, field, header)
    assert _choose(editor, "product_name", "Bezeichnung") == "Tasse „Blau“"
    editor.name.setText("Meine Kasse")
    editor.dates.setText("%d/%m/%Y; %m/%d/%Y")
    editor.save_button.click()
    assert "read the same date two ways" in editor.problem.text() and not _profiles_folder.exists()
    editor.dates.setText("%d.%m.%Y")
    editor.decimal.setCurrentIndex(editor.decimal.findData(","))
    editor.thousands.setCurrentIndex(editor.thousands.findData("."))
    editor.currency.setText("EUR")
    editor.negative.setChecked(True)
    editor.prefixes.setText("GS-")
    editor.cancel_statuses.setText("storniert")
    editor.save_button.click()
    saved = _profiles_folder / "Meine-Kasse.toml"
    assert saved.is_file() and editor.problem.text() == ""
    assert dialog.profile.currentData() == str(saved) and dialog.profile.currentText() == "Meine-Kasse (saved)"
    assert _cells(dialog.preview, 0)[:2] == ["RE-1001", "03.02.2026"]
    before = len(list_orders(shop_db, limit=100000))
    dialog.check_only.setChecked(True)
    dialog.start.click()
    assert "nothing was changed" in dialog.outcome.toPlainText() and len(list_orders(shop_db, limit=100000)) == before
    again = ImportDialog(owner_window.desk, owner_window)  # a new dialog lists the saved profile too
    assert again.profile.findData(str(saved)) >= 0
    again.deleteLater()
    edit = dialog.open_mapping()  # editing the saved profile saves over it under the same name
    assert edit.start_from.currentData() == str(saved) and edit.name.text() == "Meine Kasse"
    assert _choose(edit, "status", "Status") == "bezahlt"
    edit.save_button.click()
    assert edit.problem.text() == "" and "status = \"Status\"" in saved.read_text(encoding="utf-8")


def test_the_editor_without_a_file_says_to_choose_one(owner_window):
    editor = owner_window.menus.import_file().open_mapping()
    assert "Choose the export file" in editor.problem.text()
    order_number = editor.table.cellWidget(0, 1)  # shopify's column is kept, shown as not in this file
    assert order_number.currentText() == "Name (not in this file)"


def test_the_editor_starts_from_a_builtin_profile_and_keeps_what_the_file_lacks(owner_window):
    dialog = owner_window.menus.import_file()
    dialog.set_file(str(SHOPIFY))
    editor = dialog.open_mapping()
    assert editor.start_from.currentData() == "shopify" and editor.name.text() == "shopify"
    assert _choose(editor, "order_number", "Name").startswith("#")
    editor.name.setText("my shopify")
    editor.save_button.click()
    assert dialog.profile.currentText() == "my-shopify (saved)" and dialog.preview.rowCount() == 4


def test_the_editor_keeps_its_choices_when_the_language_changes(owner_window):
    from desktop_app.gui.i18n import install_language

    dialog = owner_window.menus.import_file()
    dialog.set_file(str(KASSE))
    editor = dialog.open_mapping()
    editor.start_from.setCurrentIndex(editor.start_from.findData(""))
    editor.encoding.setCurrentIndex(editor.encoding.findData("cp1252"))
    editor.delimiter.setCurrentIndex(editor.delimiter.findData(";"))
    _choose(editor, "order_number", "Belegnr")
    editor.name.setText("kasse")
    install_language("zh_CN")
    assert editor.save_button.text() == "保存配置" and editor.table.item(0, 0).text() == "订单号"
    assert editor.table.cellWidget(0, 1).currentData() == "Belegnr" and editor.name.text() == "kasse"
    assert editor.encoding.currentData() == "cp1252" and dialog.edit_mapping.text() == "编辑映射…"


def _drop(window, path):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    return mime


def test_dropping_an_export_on_the_window_opens_the_dialog_with_it(owner_window, tmp_path):
    other = tmp_path / "label.pdf"
    other.write_bytes(b"%PDF-1.4")
    for path, accepted in ((SHOPIFY, True), (other, False)):
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(path))])
        enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier)
        enter.ignore()
        owner_window.dragEnterEvent(enter)
        assert enter.isAccepted() is accepted
    assert owner_window.dropped_export(_drop(owner_window, other)) == ""
    assert owner_window.findChildren(ImportDialog) == []
    _drop(owner_window, SHOPIFY)
    dialog = owner_window.findChildren(ImportDialog)[0]
    assert dialog.isVisible() and dialog.file.text() == str(SHOPIFY) and dialog.preview.rowCount() == 4


def test_the_queue_shows_imported_returns_only_through_its_filter(owner_window, qtbot):
    dialog = _dialog(owner_window)
    dialog.start.click()
    assert "as import batch" in dialog.outcome.toPlainText()
    queue = owner_window.queue
    queue.set_status("imported")
    queue.refresh()
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1, timeout=10_000)
    assert "(1)" in queue.status_filter.itemText(queue.status_filter.findData("imported"))
    queue.set_status("")
    queue.refresh()
    qtbot.waitUntil(lambda: queue.model.rowCount() > 1, timeout=10_000)
    assert all(not queue.model.index(r, 0).data().startswith("IMP") for r in range(queue.model.rowCount()))
