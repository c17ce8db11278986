"""Unsaved work is never lost silently: closing with a policy draft or Esc in a filled wizard asks first."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.core.services import policies, returns
from desktop_app.gui.backend import Desk
from desktop_app.gui.dialogs.new_return.wizard import LINES, NewReturnWizard
from desktop_app.gui.dialogs.unsaved import UnsavedQuestion
from desktop_app.gui.i18n import install_language
from desktop_app.gui.workers import SyncRunner
from tests.gui.conftest import make_window

WORDS = {"en": ("Save draft", "Discard", "Cancel"), "zh_CN": ("保存草稿", "放弃", "取消")}


def _question(qtbot) -> UnsavedQuestion:
    found: list[UnsavedQuestion] = []

    def shown() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, UnsavedQuestion) and w.isVisible()]
        return bool(found)

    qtbot.waitUntil(shown)
    return found[0]


def _click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _edit_policy(qtbot, window) -> None:
    """Change the return window by typing in the Policy tab, as the owner would."""
    window.tabs.setCurrentWidget(window.policy)
    field = window.policy.form.window_days
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "45")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert window.policy.dirty()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_closing_with_an_unsaved_policy_draft_asks_cancel_keeps_discard_closes(qtbot, shop_db, owner, lang):
    install_language(lang)
    window = make_window(qtbot, shop_db, owner)
    _edit_policy(qtbot, window)
    window.close()
    question = _question(qtbot)
    save, discard, cancel = WORDS[lang]
    texts = [b.text().replace("&", "") for b in (question.save_button, question.discard_button,
                                                   question.cancel_button)]
    assert [save in texts[0], discard in texts[1], cancel in texts[2]] == [True, True, True]
    assert window.isVisible()
    _click(qtbot, question.cancel_button)
    qtbot.waitUntil(lambda: not question.isVisible())
    assert window.isVisible() and window.policy.dirty() and window.policy.rules.window_days == 45

    window.close()
    _click(qtbot, _question(qtbot).discard_button)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert not any(v.is_draft for v in policies.list_versions(shop_db))


def test_closing_and_choosing_save_keeps_the_draft(qtbot, shop_db, owner):
    window = make_window(qtbot, shop_db, owner)
    _edit_policy(qtbot, window)
    window.actions_by_name["quit"].trigger()  # File > Quit
    _click(qtbot, _question(qtbot).save_button)
    qtbot.waitUntil(lambda: not window.isVisible())
    [draft] = [v for v in policies.list_versions(shop_db) if v.is_draft]
    assert draft.rules.window_days == 45


def test_closing_without_changes_asks_nothing(qtbot, shop_db, owner):
    window = make_window(qtbot, shop_db, owner)
    window.close()
    assert not window.isVisible()


def _filled_wizard(qtbot, shop_db, user) -> NewReturnWizard:
    from tests.gui.test_new_return import find, recent_order

    order = recent_order(shop_db)
    wizard = NewReturnWizard(Desk(shop_db, user, SyncRunner()))
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    find(qtbot, wizard, order.number, order.number)
    editor = next(e for e in wizard.lines_page.editors if e.include.isEnabled())
    editor.set_choice(1, "changed_mind", None, "")
    qtbot.keyClicks(editor.comment, "Zip broke on day two")
    assert wizard.currentId() == LINES
    return wizard


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_esc_in_a_filled_wizard_asks_and_cancel_keeps_the_choices(qtbot, shop_db, clerk, lang):
    wizard = _filled_wizard(qtbot, shop_db, clerk)
    install_language(lang)
    before = returns.count_returns(shop_db, returns.ReturnFilter())
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    question = _question(qtbot)
    assert question.save_button is not None and question.save_button.isEnabled()
    assert WORDS[lang][2] in question.cancel_button.text() and WORDS[lang][1] in question.discard_button.text()
    if lang == "zh_CN":
        assert "退货" in question.text()
    _click(qtbot, question.cancel_button)
    qtbot.waitUntil(lambda: not question.isVisible())
    assert wizard.isVisible() and wizard.currentId() == LINES
    assert "Zip broke" in wizard.lines_page.choices()[0].comment
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    _click(qtbot, _question(qtbot).discard_button)
    qtbot.waitUntil(lambda: not wizard.isVisible())
    assert returns.count_returns(shop_db, returns.ReturnFilter()) == before


def test_esc_in_a_filled_wizard_and_save_creates_a_requested_return(qtbot, shop_db, clerk):
    wizard = _filled_wizard(qtbot, shop_db, clerk)
    made = []
    wizard.created_return.connect(made.append)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    _click(qtbot, _question(qtbot).save_button)
    qtbot.waitUntil(lambda: not wizard.isVisible())
    [detail] = made
    saved = returns.get_return(shop_db, detail.rma)
    assert saved.status == "requested"
    assert saved.lines[0].customer_comment == "Zip broke on day two"


def test_esc_in_an_empty_wizard_closes_at_once(qtbot, shop_db, clerk):
    wizard = NewReturnWizard(Desk(shop_db, clerk, SyncRunner()))
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert not wizard.isVisible()
