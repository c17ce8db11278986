"""First start of an empty shop (demo or owner), signing in, and the app opening its window."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.core.db.schema import open_database
from desktop_app.core.services.auth import needs_first_owner
from desktop_app.core.services.policies import current_policy, has_published_policy
from desktop_app.core.services.settings import get_settings
from desktop_app.gui.app import AppController
from desktop_app.gui.dialogs.sign_in import FirstStartDialog, SignInDialog
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.workers import SyncRunner


def test_a_wrong_pin_is_refused_in_a_sentence_and_the_right_one_signs_in(qtbot, shop_db):
    dialog = SignInDialog(shop_db, SyncRunner(), "shop.db")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.name, "clerk")
    qtbot.keyClicks(dialog.pin, "0000")
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert dialog.problem.text() == "That name and PIN do not match. Check both and try again."
    assert dialog.pin.text() == ""
    with qtbot.waitSignal(dialog.signed_in) as signal:
        qtbot.keyClicks(dialog.pin, "1234")
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert signal.args[0].name == "clerk" and not signal.args[0].is_owner


def test_an_empty_shop_creates_its_first_owner(qtbot, tmp_path):
    db = open_database(tmp_path / "new.db")
    dialog = FirstStartDialog(db, SyncRunner())
    qtbot.addWidget(dialog)
    dialog.name.setText("mei")
    dialog.pin.setText("246800")
    dialog.pin_again.setText("246000")
    dialog.create_button.click()
    assert "not the same" in dialog.problem.text()
    dialog.pin_again.setText("246800")
    with qtbot.waitSignal(dialog.ready) as signal:
        dialog.create_button.click()
    assert signal.args[0].name == "mei" and signal.args[0].is_owner
    assert not needs_first_owner(db)
    assert not has_published_policy(db)  # no shop details given: those are set later
    db.dispose()


def test_the_first_start_sets_up_the_shop_as_init_does(qtbot, tmp_path):
    db = open_database(tmp_path / "new.db")
    dialog = FirstStartDialog(db, SyncRunner())
    qtbot.addWidget(dialog)
    for field, text in ((dialog.name, "mei"), (dialog.pin, "246813"), (dialog.pin_again, "246813"),
                        (dialog.shop_name, "Mei's Teas"), (dialog.currency, "gbp"), (dialog.country, "GB")):
        field.setText(text)
    with qtbot.waitSignal(dialog.ready):
        dialog.create_button.click()
    settings = get_settings(db)
    assert (settings.shop_name, settings.shop_currency, settings.shop_country) == ("Mei's Teas", "GBP", "GB")
    policy = current_policy(db)
    assert (policy.number, policy.rules.country, policy.rules.currency, policy.rules.window_days) == (1, "GB", "GBP",
                                                                                                      14)
    db.dispose()


def test_the_app_offers_the_demo_builds_it_with_progress_then_signs_in(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(FirstStartDialog, "demo_orders", 50)
    controller = AppController(SyncRunner())
    controller.start(str(tmp_path / "empty.db"))
    first = controller.dialog
    qtbot.addWidget(first)
    assert isinstance(first, FirstStartDialog)
    first.demo.click()
    assert first.progress.maximum() > 0 and first.progress.value() == first.progress.maximum()
    sign_in = controller.dialog
    qtbot.addWidget(sign_in)
    assert isinstance(sign_in, SignInDialog)
    sign_in.name.setText("owner")
    sign_in.pin.setText("4321")
    sign_in.ok.click()
    window = controller.window
    qtbot.addWidget(window)
    assert isinstance(window, MainWindow)
    assert window.queue.model.rowCount() > 0
    assert "Owner" in window.status_user.text()
    controller.db.dispose()


def test_a_broken_database_file_is_refused_in_a_sentence(qtbot, tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("not a database at all, just text", encoding="utf-8")
    controller = AppController(SyncRunner())
    controller.start(str(bad))
    box = controller.dialog
    qtbot.addWidget(box)
    assert controller.window is None
    assert "notes.db" in box.text() and "Traceback" not in box.text()


def test_the_database_comes_from_the_environment_then_the_desk_server(monkeypatch, tmp_path):
    from desktop_app.gui.app import default_database
    from desktop_app.gui.desk_settings import desk_settings

    monkeypatch.setenv("RETURNDESK_DB", str(tmp_path / "env.db"))
    assert default_database() == str(tmp_path / "env.db")
    monkeypatch.delenv("RETURNDESK_DB")
    settings = desk_settings()
    settings.setValue("desk/server", "postgresql://desk@server/returndesk")
    settings.sync()
    assert default_database() == "postgresql://desk@server/returndesk"
