"""Finish of the desk (issue 21, defect 10): sign-in lists the names, expected refusals stay off the terminal."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from PySide6.QtCore import Qt

from desktop_app.gui.dialogs.sign_in import SignInDialog
from desktop_app.gui.workers import SyncRunner


def test_sign_in_lists_the_shops_people_and_signs_in_the_one_chosen(qtbot, shop_db):
    dialog = SignInDialog(shop_db, SyncRunner(), "shop.db")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    names = [dialog.names.itemText(i) for i in range(dialog.names.count())]
    assert names == ["owner", "clerk"]  # owners first; the portal's system user is not a person
    assert dialog.name.text() == ""  # nobody is preselected
    dialog.names.setFocus()
    qtbot.keyClick(dialog.names, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.names, Qt.Key.Key_Down)
    assert dialog.name.text() == "clerk"
    qtbot.keyClicks(dialog.pin, "1234")
    with qtbot.waitSignal(dialog.signed_in) as signal:
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert signal.args[0].name == "clerk"


SCRIPT = textwrap.dedent("""
    import sys
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from desktop_app.core.db.schema import open_database
    from desktop_app.core.services.auth import sign_in
    from desktop_app.gui.app import _log_to_file
    from desktop_app.gui.backend import Desk
    from desktop_app.gui.dialogs.sign_in import SignInDialog
    from desktop_app.gui.workers import ThreadRunner

    app = QApplication([])
    _log_to_file()  # the window's own logging: warnings and worse reach the terminal
    db = open_database(sys.argv[1])
    runner = ThreadRunner()
    dialog = SignInDialog(db, runner, "shop.db")
    dialog.show()
    QTest.keyClicks(dialog.name, "clerk")
    QTest.keyClicks(dialog.pin, "0000")
    QTest.keyClick(dialog.pin, Qt.Key.Key_Return)
    while not dialog.problem.text():
        app.processEvents()
    print("SAID:", dialog.problem.text())
    desk = Desk(db, sign_in(db, "clerk", "1234"), runner)
    said = []
    runner.run(lambda _p: desk.approve_request("R-000001", None), None, lambda error: said.append(str(error)))
    while not said:
        app.processEvents()
    print("SAID:", said[0])
    runner.wait()
""")


def test_expected_refusals_print_no_traceback_on_the_terminal(shop_db, tmp_path):
    env = {**os.environ, "HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "state"),
           "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(shop_db.sqlite_path)], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "SAID: That name and PIN do not match" in done.stdout
    assert "SAID: Only the owner can" in done.stdout
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    assert "Refused" not in done.stderr  # a refusal is the window's sentence, not a terminal line


def _approve_one(qtbot, window, db) -> None:
    """Approve a requested return with the mouse, as the window started by the app does (messages queued)."""
    from desktop_app.core.notify import hooks
    from desktop_app.core.services import returns

    window.desk.on_return_event = hooks.CUSTOMER_MESSAGES
    queue = window.queue
    queue.set_status("requested")
    rect = queue.table.visualRect(queue.model.index(0, 1))
    qtbot.mouseClick(queue.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: queue.detail.detail is not None and queue.detail.detail.status == "requested")
    rma = queue.detail.detail.rma
    qtbot.mouseClick(queue.detail.buttons["approve"], Qt.MouseButton.LeftButton)
    assert returns.get_return(db, rma).status == "approved"


def test_a_banner_says_messages_wait_for_a_mail_server_and_opens_its_settings(qtbot, owner_window, shop_db):
    from PySide6.QtWidgets import QApplication

    from desktop_app.core.notify.outbox import outbox_counts
    from desktop_app.gui.dialogs.settings.dialog import SettingsDialog
    from desktop_app.gui.dialogs.settings.mail import MailPage

    banner = owner_window.mail_banner
    assert not banner.isVisible()  # nothing waits yet
    _approve_one(qtbot, owner_window, shop_db)  # the customer's message is queued, and no mail server is set
    waiting = outbox_counts(shop_db).get("queued", 0)
    assert waiting > 0
    qtbot.waitUntil(banner.isVisible)
    assert str(waiting) in banner.text.text()
    qtbot.mouseClick(banner.button, Qt.MouseButton.LeftButton)
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, SettingsDialog) and w.isVisible() and w.parent() is owner_window)
    page = dialog.page(MailPage)
    assert page is not None and dialog.stack.currentWidget().widget() is page
    qtbot.keyClicks(page.fields["smtp.host"], "mail.example.com")
    qtbot.keyClicks(page.fields["smtp.sender"], "returns@example.com")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: not banner.isVisible())


def test_a_clerk_reads_the_banner_without_a_button_they_cannot_use(qtbot, clerk_window, shop_db):
    _approve_one(qtbot, clerk_window, shop_db)
    banner = clerk_window.mail_banner
    qtbot.waitUntil(banner.isVisible)
    assert "ask the owner" in banner.text.text()
    assert not banner.button.isVisible()


def test_export_shows_progress_then_open_and_show_in_folder(qtbot, owner_window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from desktop_app.gui.dialogs.saved_file import SavedFileDialog
    from desktop_app.gui.tabs.reports_tab import ReportsTab

    target = tmp_path / "out" / "summary.csv"
    target.parent.mkdir()
    monkeypatch.setattr(ReportsTab, "ask_export_path", classmethod(lambda cls, parent, suggested: str(target)))
    shown: list[str] = []
    real_busy = __import__("desktop_app.gui.tabs.reports_tab", fromlist=["busy"]).busy

    def watched_busy(parent, text):
        dialog = real_busy(parent, text)
        shown.append(text if dialog.isVisible() else "")
        return dialog

    monkeypatch.setattr("desktop_app.gui.tabs.reports_tab.busy", watched_busy)
    opened: list[str] = []
    monkeypatch.setattr(SavedFileDialog, "open_url", staticmethod(lambda url: opened.append(url.toLocalFile())))
    owner_window.reports.export_summary()
    assert shown == ["Writing summary.csv…"]  # the progress was on screen while the file was written
    assert target.exists()
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
    saved = owner_window.reports.saved_dialog
    qtbot.waitUntil(saved.isVisible)
    assert str(target) in saved.text()
    qtbot.mouseClick(saved.open_button, Qt.MouseButton.LeftButton)
    assert opened == [str(target)]
    owner_window.reports.export_summary()
    saved = owner_window.reports.saved_dialog
    qtbot.waitUntil(saved.isVisible)
    qtbot.mouseClick(saved.folder_button, Qt.MouseButton.LeftButton)
    assert opened[-1] == str(target.parent)


def test_save_dialogs_start_in_documents_and_remember_the_folder_per_document_type(
        owner_window, tmp_path, monkeypatch):
    from desktop_app.core.documents.label import build_label
    from desktop_app.gui.dialogs.saved_file import SavedFileDialog
    from desktop_app.gui.printing.preview import PdfPreviewDialog
    from desktop_app.gui.saving import save_folder
    from desktop_app.gui.tabs.reports_tab import ReportsTab
    from tests.unit.documents.documents_support import label_data

    monkeypatch.setenv("HOME", str(tmp_path))
    documents = tmp_path / "Documents"
    documents.mkdir()
    assert save_folder("summary") == documents and save_folder("label") == documents
    elsewhere = tmp_path / "accounts"
    elsewhere.mkdir()
    offered: list[str] = []
    monkeypatch.setattr(SavedFileDialog, "open_url", staticmethod(lambda url: True))
    monkeypatch.setattr(ReportsTab, "ask_export_path",
                        classmethod(lambda cls, parent, name: offered.append(name) or str(elsewhere / "may.csv")))
    owner_window.reports.export_summary()
    owner_window.reports.export_summary()
    assert offered[0].startswith(str(documents)) and offered[1].startswith(str(elsewhere))
    assert save_folder("label") == documents  # another kind of document keeps its own folder
    preview = PdfPreviewDialog(build_label(label_data(), "4x6"), "label", "Label R-000001")
    labels = tmp_path / "labels"
    labels.mkdir()
    pdfs: list[str] = []
    monkeypatch.setattr(PdfPreviewDialog, "choose_path",
                        classmethod(lambda cls, parent, name: pdfs.append(name) or str(labels / "a.pdf")))
    preview.save_document()
    preview.save_document()
    assert pdfs[0].startswith(str(documents)) and pdfs[1].startswith(str(labels))
    assert save_folder("summary") == elsewhere
    preview.deleteLater()


def _shop_page(window):
    from PySide6.QtWidgets import QApplication

    from desktop_app.gui.dialogs.settings.dialog import SettingsDialog
    from desktop_app.gui.dialogs.settings.pages import ShopPage

    window.actions_by_name["settings"].trigger()
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, SettingsDialog) and w.isVisible() and w.parent() is window)
    return dialog, dialog.page(ShopPage)


def _background(field):
    image = field.grab().toImage()
    return image.pixelColor(image.width() - 6, image.height() // 2).name()


def test_a_clerk_sees_the_shop_settings_as_read_only_fields(qtbot, clerk_window, owner_window):
    dialog, page = _shop_page(clerk_window)
    field = page.fields["shop.name"]
    qtbot.waitExposed(dialog)
    before = field.text()
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(field, "xyz")
    assert field.text() == before and field.isReadOnly()
    from PySide6.QtWidgets import QApplication

    app_palette = QApplication.palette()
    clerk_background = _background(field)
    assert clerk_background != app_palette.base().color().name()  # not the white of a field to type in
    assert clerk_background == app_palette.window().color().name()
    dialog.reject()
    owner_dialog, owner_page = _shop_page(owner_window)
    qtbot.waitExposed(owner_dialog)
    assert _background(owner_page.fields["shop.name"]) == app_palette.base().color().name()
    owner_dialog.reject()
