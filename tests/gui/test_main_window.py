"""The main window: tabs, shortcuts on every frequent action, remembered state, backup, help."""

from __future__ import annotations

from desktop_app.core.db.backup import verify_backup
from desktop_app.gui.main_window import MainWindow


def test_every_frequent_action_has_a_shortcut(owner_window):
    frequent = ("scan", "find", "refresh", "approve_selected", "overdue", "settings", "quit", "backup",
                "tab_returns", "tab_policy", "tab_reports", "guide", "open_db", "new_db")
    missing = [name for name in frequent if owner_window.actions_by_name[name].shortcut().isEmpty()]
    assert missing == []
    assert owner_window.actions_by_name["scan"].shortcut().toString() == "F2"


def test_the_policy_and_reports_tabs_load_when_shown(owner_window):
    owner_window.actions_by_name["tab_policy"].trigger()
    assert owner_window.tabs.currentWidget() is owner_window.policy
    owner_window.actions_by_name["tab_reports"].trigger()
    assert owner_window.reports.figures.rowCount() > 5
    assert owner_window.reports.values["open"][1].text() == str(owner_window.counts["open"])


def test_the_window_remembers_its_size_and_splitter(qtbot, owner_window):
    owner_window.resize(760, 560)  # inside the offscreen screen
    owner_window.queue.splitter.setSizes([500, 560])
    sizes = owner_window.queue.splitter.sizes()
    owner_window.close()
    again = MainWindow(owner_window.desk, "shop.db")
    qtbot.addWidget(again)
    again.show()
    assert (again.width(), again.height()) == (760, 560)
    assert again.queue.splitter.sizes() == sizes


def test_backup_from_the_menu_writes_a_checked_copy(qtbot, owner_window, tmp_path, monkeypatch):
    target = tmp_path / "copy.db"
    monkeypatch.setattr(owner_window, "choose_file", lambda *_a: str(target))
    owner_window.actions_by_name["backup"].trigger()
    assert target.exists()
    ok, _message = verify_backup(target)
    assert ok


def test_help_shows_the_guide_and_the_licences(owner_window):
    guide = owner_window.menus.guide()
    assert "F2" in guide.text.toPlainText()
    about = owner_window.menus.about()
    text = about.text.toPlainText()
    assert "0.1.0" in text and "Apache" in text


def test_opening_another_database_is_asked_of_the_app(qtbot, owner_window, tmp_path, monkeypatch):
    monkeypatch.setattr(owner_window, "choose_file", lambda *_a: str(tmp_path / "other.db"))
    with qtbot.waitSignal(owner_window.open_database_requested) as signal:
        owner_window.actions_by_name["open_db"].trigger()
    assert signal.args == [str(tmp_path / "other.db")]
