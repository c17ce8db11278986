"""Window start on a shop file: the daily backup, the offer to recover a damaged file, broken rules shown once."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from desktop_app.core.db.backup import list_backups
from desktop_app.core.services.auth import sign_in
from desktop_app.core.services.startup import open_shop_checked
from desktop_app.gui.app import AppController
from desktop_app.gui.dialogs.recover_dialog import RecoverDialog
from desktop_app.gui.dialogs.sign_in import SignInDialog
from desktop_app.gui.workers import SyncRunner
from tests.helpers.dump import logical_dump


def _damage(path: Path) -> None:
    """Overwrite the middle of the file with garbage, leaving the SQLite header readable."""
    with path.open("r+b") as handle:
        handle.seek(min(4096 * 3, path.stat().st_size // 2))
        handle.write(b"\xde\xad\xbe\xef" * 2048)


@pytest.fixture
def shop(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "desk" / "shop.db"
    path.parent.mkdir()
    shutil.copy(demo_template, path)
    return path


@pytest.fixture
def damaged(shop: Path) -> tuple[Path, str]:
    """A shop with one good daily backup, then damaged; returns the path and the backup's content."""
    report = open_shop_checked(shop)
    content = logical_dump(report.db)
    report.db.dispose()
    _damage(shop)
    return shop, content


def _answer(monkeypatch: pytest.MonkeyPatch, restore: bool) -> list[str]:
    asked: list[str] = []

    def ask(cls, error, parent=None) -> bool:
        asked.append(str(error))
        return restore

    monkeypatch.setattr(RecoverDialog, "ask", classmethod(ask))
    return asked


def test_a_damaged_shop_offers_the_backup_and_opens_the_restored_shop(qtbot, damaged, monkeypatch):
    path, content = damaged
    asked = _answer(monkeypatch, restore=True)
    controller = AppController(SyncRunner())
    controller.start(str(path))
    assert len(asked) == 1 and list_backups(path)[0].name in asked[0]
    assert isinstance(controller.dialog, SignInDialog)
    qtbot.addWidget(controller.dialog)
    assert logical_dump(controller.db) == content
    notice = controller.notices[0]
    assert "restored from the backup" in notice.text() and "Traceback" not in notice.text()
    controller.db.dispose()


def test_refusing_the_backup_leaves_the_damaged_file_as_it_was(qtbot, damaged, monkeypatch):
    path, _content = damaged
    before = path.read_bytes()
    _answer(monkeypatch, restore=False)
    controller = AppController(SyncRunner())
    controller.start(str(path))
    box = controller.dialog
    qtbot.addWidget(box)
    assert controller.db is None and controller.window is None
    assert "Nothing was changed" in box.text() and "Traceback" not in box.text()
    assert path.read_bytes() == before


def test_the_window_takes_the_daily_backup_once_a_day_in_the_background(qtbot, shop):
    controller = AppController(SyncRunner())
    controller.start(str(shop))
    qtbot.addWidget(controller.dialog)
    assert list_backups(shop) == []  # opening and signing in never wait for the copy
    window = controller.show_window(sign_in(controller.db, "owner", "4321"))  # the controller closes it
    qtbot.waitUntil(lambda: "Daily backup written" in window.statusBar().currentMessage(), timeout=30_000)
    backup = list_backups(shop)[0]
    assert logical_dump(controller.db) == logical_dump_of(backup)  # the copy is exact
    _signed_in_window(qtbot, controller, shop)  # a second start the same day (as after signing out)
    qtbot.wait(2500)
    assert list_backups(shop) == [backup]
    controller._close_window()
    controller.release()


def logical_dump_of(path: Path) -> dict:
    """Return the logical content of a backup file."""
    from desktop_app.core.db.engine import Database

    db = Database(path)
    try:
        return logical_dump(db)
    finally:
        db.dispose()


def _signed_in_window(qtbot, controller: AppController, shop: Path) -> None:
    """Start on the shop and open the main window as the owner (the checks start after it shows)."""
    controller.start(str(shop))
    qtbot.addWidget(controller.dialog)
    controller.show_window(sign_in(controller.db, "owner", "4321"))  # the controller closes it


def test_broken_rules_are_shown_once_as_a_warning_after_the_window_shows(qtbot, shop):
    with closing(sqlite3.connect(shop)) as connection:
        connection.execute("UPDATE products SET stock = stock + 7 WHERE id = (SELECT MIN(id) FROM products)")
        connection.commit()
    controller = AppController(SyncRunner())
    controller.start(str(shop))
    qtbot.addWidget(controller.dialog)
    assert controller.notices == []  # nothing is checked before the window shows: sign-in never waits for it
    controller.show_window(sign_in(controller.db, "owner", "4321"))  # the controller closes it
    qtbot.waitUntil(lambda: len(controller.notices) == 1, timeout=20_000)
    warning = controller.notices[0].text()
    assert "Problems found in this shop's data (1)" in warning and "movements add up to" in warning
    _signed_in_window(qtbot, controller, shop)  # signed out and in again: not warned again in this session
    qtbot.wait(2500)
    assert len(controller.notices) == 1
    controller._close_window()
    controller.release()


def test_a_full_file_check_runs_only_after_an_unclean_shutdown(qtbot, shop, monkeypatch):
    import desktop_app.core.db.sqlite_file as sqlite_file

    monkeypatch.setattr(sqlite_file, "QUICK_CHECK_ON_OPEN_LIMIT", 0)  # every file counts as large
    checked: list[object] = []
    monkeypatch.setattr("desktop_app.core.services.startup.integrity_problems", lambda db: checked.append(db) or [])
    first = AppController(SyncRunner())
    _signed_in_window(qtbot, first, shop)
    qtbot.wait(2500)
    first._close_window()
    first.release()  # closed cleanly
    again = AppController(SyncRunner())
    _signed_in_window(qtbot, again, shop)
    qtbot.wait(2500)
    assert checked == []  # a cleanly closed shop is not read end to end at the next start
    crashed = AppController(SyncRunner())  # `again` never closes the shop: as after a crash
    _signed_in_window(qtbot, crashed, shop)
    qtbot.waitUntil(lambda: len(checked) == 1, timeout=20_000)
    crashed._close_window()
    crashed.release()
    again._close_window()
    again.db.dispose()


def test_the_question_names_the_backup_and_offers_to_restore_it(qtbot, tmp_path):
    from desktop_app.core.i18n import Message
    from desktop_app.core.services.startup import DamagedShop

    error = DamagedShop(Message("The file is damaged. The newest good backup is {backup}; recover from it?",
                                {"backup": "shop-20261126.sqlite3"}), tmp_path / "shop.db", tmp_path / "b")
    dialog = RecoverDialog(error)
    qtbot.addWidget(dialog)
    assert "shop-20261126.sqlite3" in dialog.text()
    assert dialog.restore_button.text() == "Restore the backup" and dialog.defaultButton() is dialog.restore_button


def test_backup_news_after_the_window_was_deleted_reaches_nobody(qtbot, shop):
    from PySide6.QtCore import QCoreApplication, QEvent

    controller = AppController(SyncRunner())
    controller.start(str(shop))
    qtbot.addWidget(controller.dialog)
    window = controller.show_window(sign_in(controller.db, "owner", "4321"))
    window.discarding = True
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert controller.window is None  # Qt deleted it: the controller forgets it
    with qtbot.captureExceptions() as raised:
        controller.backup_news.emit(controller.db, "Daily backup written: x")
        qtbot.wait(50)
    assert raised == []  # a backup finishing after the window is gone no longer raises in the event loop
    controller.release()
