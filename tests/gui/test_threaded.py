"""The same window with the real background runner: nothing blocks, results arrive on the UI thread."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.core.services import returns
from desktop_app.gui.backend import Desk
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.workers import ThreadRunner


def test_queue_detail_and_approve_with_the_thread_runner(qtbot, shop_db, owner):
    runner = ThreadRunner()
    window = MainWindow(Desk(shop_db, owner, runner), "shop.db")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.queue.model.rowCount() > 0, timeout=5000)
    window.queue.set_status("requested")
    qtbot.waitUntil(lambda: bool(window.queue._counts) and window.queue.model.rowCount()
                    == window.queue._counts["requested"], timeout=5000)
    window.queue.table.selectRow(0)
    pane = window.queue.detail
    qtbot.waitUntil(lambda: pane.detail is not None, timeout=5000)
    rma = pane.detail.rma
    qtbot.mouseClick(pane.buttons["approve"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pane.detail.status == "approved", timeout=5000)
    assert returns.get_return(shop_db, rma).status == "approved"
    qtbot.waitUntil(lambda: window.queue.model.row_of(pane.detail.id) < 0, timeout=5000)
    assert runner.wait(5000)


def test_the_app_signs_in_and_opens_the_window_with_the_thread_runner(qtbot, shop_db):
    from desktop_app.gui.app import AppController

    path = str(shop_db.sqlite_path)
    shop_db.dispose()
    runner = ThreadRunner()
    controller = AppController(runner)
    controller.start(path)
    dialog = controller.dialog
    qtbot.addWidget(dialog)
    dialog.name.setText("clerk")
    dialog.pin.setText("1234")
    dialog.ok.click()
    qtbot.waitUntil(lambda: controller.window is not None, timeout=10000)
    qtbot.addWidget(controller.window)
    qtbot.waitUntil(lambda: controller.window.queue.model.rowCount() > 0, timeout=10000)
    assert "clerk" in controller.window.status_user.text()
    searches = controller.window.desk.search_runner  # the queue's searches have their own worker thread
    assert isinstance(searches, ThreadRunner) and searches is not runner
    assert runner.wait(5000) and searches.wait(5000)
    controller.db.dispose()
