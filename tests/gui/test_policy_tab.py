"""The Policy tab on the demo shop: edit, validate, undo/redo, presets, preview, publish, history, roles."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.core.domain.policy import Resolution
from desktop_app.core.services import policies
from desktop_app.gui.backend import Desk
from desktop_app.gui.tabs.policy.tab import PolicyTab
from desktop_app.gui.workers import SyncRunner


def make_tab(qtbot, db, user) -> PolicyTab:
    tab = PolicyTab(Desk(db, user, SyncRunner()))
    qtbot.addWidget(tab)
    tab.resize(1200, 800)
    tab.show()
    tab.refresh()
    assert tab.rules is not None
    return tab


def test_edit_validate_undo_redo_and_preview(qtbot, shop_db, owner):
    tab = make_tab(qtbot, shop_db, owner)
    published = policies.current_policy(shop_db)
    assert tab.rules == published.rules and not tab.dirty()
    assert not tab.undo_button.isEnabled() and not tab.save_button.isEnabled()
    assert "30 days" in tab.preview.html("en") or "30" in tab.preview.text.toPlainText()

    tab.form.window_days.setValue(45)
    assert tab.rules.window_days == 45 and tab.dirty()
    assert tab.undo_button.isEnabled() and tab.save_button.isEnabled()
    assert "45" in tab.preview.text.toPlainText()

    # Inline validation: an impossible country, then a category window that is not a number.
    tab.form.country.clear()
    qtbot.keyClicks(tab.form.country, "X")
    assert any("two-letter code" in p for p in tab.problems)
    assert not tab.publish_button.isEnabled()
    assert "two-letter code" in tab.checks.text()
    assert "b00020" in tab.form.country.styleSheet()
    tab.undo()
    assert tab.rules.country == published.rules.country and tab.form.country.text() == "DE"
    assert tab.publish_button.isEnabled()
    tab.editors.setCurrentWidget(tab.categories)
    tab.categories.add_row()
    row = tab.categories.table.rowCount() - 1
    tab.categories.table.item(row, 0).setText("Swimwear")
    tab.categories.table.item(row, 1).setText("ten")
    assert any("whole number of days" in p for p in tab.problems)
    assert tab.categories.table.item(row, 1).toolTip()
    assert not tab.save_button.isEnabled() and not tab.publish_button.isEnabled()
    tab.categories.table.item(row, 1).setText("10")
    assert not tab.cell_problems
    assert any(c.category == "Swimwear" and c.window_days == 10 for c in tab.rules.category_rules)

    # Undo back to the published rules, then redo one step.
    while tab.undo_stack:
        tab.undo()
    assert tab.rules == published.rules and tab.form.window_days.value() == 30
    assert tab.categories.table.rowCount() == len(published.rules.category_rules)
    tab.redo()
    assert tab.rules.window_days == 45 and tab.form.window_days.value() == 45

    # The preview is the same core text as the export, in both languages.
    from desktop_app.core.documents.policy_text import policy_document, to_html

    expected = to_html(policy_document(tab.rules, "zh_CN", shop_name=tab.shop_name, contact=tab.contact,
                                       version=published.number))
    assert tab.preview.html("zh_CN") == expected
    tab.preview.language.setCurrentIndex(tab.preview.language.findData("zh_CN"))
    assert "退" in tab.preview.text.toPlainText()


def test_a_preset_below_the_law_warns_and_a_reason_can_be_added(qtbot, shop_db, owner):
    tab = make_tab(qtbot, shop_db, owner)
    initial = list(tab.warnings)
    assert not any("shorter than" in w for w in initial)
    tab.preset.setCurrentIndex(tab.preset.findData("cn"))
    tab.apply_preset_button.click()
    assert tab.rules.window_days == 7 and tab.rules.country == "DE"
    assert any("shorter than the 14 days" in w for w in tab.warnings)
    assert "Below the legal minimum of DE" in tab.checks.text()
    tab.undo()
    assert tab.rules.window_days == 30 and tab.warnings == initial

    tab.editors.setCurrentWidget(tab.reasons)
    tab.reasons.add_row()
    assert any("needs a code" in p for p in tab.problems)
    row = tab.reasons.table.rowCount() - 1
    assert "needs a code" in tab.reasons.table.item(row, 0).toolTip()
    tab.reasons.table.item(row, 0).setText("gift")
    tab.reasons.table.item(row, 1).setText("Unwanted gift")
    tab.reasons.table.item(row, 2).setText("不想要的礼物")
    assert not tab.problems and not tab.reasons.table.item(row, 0).toolTip()
    assert tab.rules.reason("gift").label_zh == "不想要的礼物"
    tab.preview.language.setCurrentIndex(tab.preview.language.findData("zh_CN"))
    assert "不想要的礼物" in tab.preview.text.toPlainText()


def test_save_and_publish_make_an_immutable_version_with_its_changes(qtbot, shop_db, owner):
    tab = make_tab(qtbot, shop_db, owner)
    before = policies.current_policy(shop_db)
    tab.form.window_days.setValue(60)
    tab.form.resolutions[Resolution.REPAIR].setChecked(True)
    tab.save_button.click()
    assert "Draft saved" in tab.message.text()
    assert tab.draft is not None and tab.draft.rules.window_days == 60 and not tab.dirty()
    assert tab.history.list.count() == 2

    asked: list[str] = []
    tab.confirm = lambda text: asked.append(text) or True
    tab.publish_button.click()
    assert asked and "version 2" in asked[0]
    now = policies.current_policy(shop_db)
    assert now.number == before.number + 1 and now.rules.window_days == 60
    assert Resolution.REPAIR in now.rules.allowed_resolutions
    assert policies.get_published(shop_db, before.number).status == "retired"
    assert policies.get_published(shop_db, before.number).rules == before.rules
    assert "Version 2 is published" in tab.message.text()
    assert tab.draft is None and tab.published.number == 2
    changes = tab.history.changes.toPlainText()
    assert "Changes from version 1" in changes and "60" in changes

    # Declining the question publishes nothing.
    tab.form.window_days.setValue(90)
    tab.confirm = lambda text: False
    tab.publish_button.click()
    assert policies.current_policy(shop_db).number == 2

    # A saved draft can be thrown away; the editor goes back to the published version.
    tab.save_button.click()
    assert tab.draft is not None and tab.discard_button.isEnabled()
    tab.confirm = lambda text: True
    tab.discard_button.click()
    assert "Draft discarded" in tab.message.text()
    assert tab.draft is None and tab.rules == policies.current_policy(shop_db).rules
    assert [v.status for v in policies.list_versions(shop_db)] == ["published", "retired"]


def test_a_clerk_reads_the_policy_but_cannot_edit_or_publish(qtbot, shop_db, clerk):
    tab = make_tab(qtbot, shop_db, clerk)
    assert not tab.form.isEnabled()
    assert not tab.publish_button.isEnabled() and not tab.save_button.isEnabled()
    assert not tab.apply_preset_button.isEnabled()
    assert tab.categories.table.editTriggers() == tab.categories.table.EditTrigger.NoEditTriggers
    assert "Only the owner" in tab.state.text()
    assert tab.preview.text.toPlainText()
    # Even if the button were reachable, the service refuses and says so in one sentence.
    tab.publish()
    assert "Only the owner can" in tab.message.text()
    assert policies.current_policy(shop_db).number == 1
    qtbot.keyClick(tab, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert tab.rules == policies.current_policy(shop_db).rules


def test_unsaved_edits_survive_switching_tabs_and_the_language(qtbot, owner_window):
    from desktop_app.gui.i18n import install_language

    owner_window.actions_by_name["tab_policy"].trigger()
    tab = owner_window.policy
    tab.form.holiday.setChecked(False)
    assert tab.rules.holiday_extension is None and tab.dirty()
    owner_window.actions_by_name["tab_returns"].trigger()
    owner_window.actions_by_name["tab_policy"].trigger()
    assert tab.rules.holiday_extension is None and not tab.form.holiday.isChecked()
    install_language("zh_CN")
    assert tab.editors.tabText(0) == "规则" and tab.save_button.text() == "保存草稿"
    assert "未保存" in tab.state.text()
    assert tab.rules.holiday_extension is None
    tab.undo()
    assert tab.rules.holiday_extension is not None and tab.form.holiday.isChecked()


def test_a_category_gets_the_names_customers_read_in_both_languages(qtbot, shop_db, owner):
    tab = make_tab(qtbot, shop_db, owner)
    tab.editors.setCurrentWidget(tab.categories)
    tab.categories.add_row()
    row = tab.categories.table.rowCount() - 1
    tab.categories.table.item(row, 0).setText("custom_made")
    tab.categories.table.item(row, 2).setCheckState(Qt.CheckState.Checked)
    assert "Custom made" in tab.preview.html("en") and "custom_made" not in tab.preview.html("en")
    table = tab.categories.table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "custom_made")
    table.item(row, 5).setText("Made to measure")
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "custom_made")
    table.item(row, 6).setText("定制商品")
    rule = next(c for c in tab.rules.category_rules if c.category == "custom_made")
    assert (rule.label_en, rule.label_zh) == ("Made to measure", "定制商品")
    assert "Made to measure" in tab.preview.html("en") and "定制商品" in tab.preview.html("zh_CN")
