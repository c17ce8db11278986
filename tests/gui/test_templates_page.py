"""The Templates page: the owner edits each customer message with a live preview; broken ones are refused."""

from __future__ import annotations

from desktop_app.core.notify.templates import default_template
from desktop_app.core.notify.templates_store import load_template
from desktop_app.gui.dialogs.settings.templates import TemplatesPage
from tests.helpers.dump import logical_dump

HOSTILE = "{{ ''.__class__.__mro__[1].__subclasses__() }}"


def _page(window):
    dialog = window.menus.settings()
    page = dialog.page(TemplatesPage)
    dialog.show_page(TemplatesPage)
    return dialog, page


def _choose(page, event: str, lang: str = "en") -> None:
    page.event_box.setCurrentIndex(page.event_box.findData(event))
    page.language.setCurrentIndex(page.language.findData(lang))


def test_the_shipped_wording_with_a_live_preview(owner_window):
    _dialog, page = _page(owner_window)
    _choose(page, "approved")
    assert page.subject.text() == default_template("approved", "en").subject
    assert "R-000123" in page.preview.toPlainText()
    assert page.state.text() == "This is the wording shipped with ReturnDesk."
    _choose(page, "approved", "zh_CN")
    assert page.subject.text() == default_template("approved", "zh_CN").subject


def test_the_preview_follows_typing_and_names_the_fields_on_a_typo(owner_window, qtbot):
    _dialog, page = _page(owner_window)
    page.body.setPlainText("Dear {{ customer_name }}")
    assert "Dear Anna Schmidt" in page.preview.toPlainText()
    assert page.problem.text() == ""
    page.body.setPlainText("Dear {{ custmer_name }}")
    assert page.preview.toPlainText() == ""
    assert "customer_name" in page.problem.text() and "Traceback" not in page.problem.text()


def test_a_hostile_template_is_refused_on_save_and_nothing_is_stored(owner_window, shop_db):
    before = logical_dump(shop_db)
    _dialog, page = _page(owner_window)
    _choose(page, "approved")
    page.body.setPlainText(HOSTILE)
    assert page.problem.text()  # the preview already says so
    page.save_button.click()
    assert page.problem.text().startswith("The template uses a function call, which message templates do "
                                          "not allow.")
    assert logical_dump(shop_db) == before


def test_save_then_reset(owner_window, shop_db):
    _dialog, page = _page(owner_window)
    _choose(page, "received")
    page.subject.setText("We have your parcel for {{ rma }}")
    page.save_button.click()
    assert page.problem.text() == ""
    assert page.state.text() == "Saved. This is your own wording."
    assert load_template(shop_db, "received", "en").subject == "We have your parcel for {{ rma }}"
    page.reset_button.click()
    assert not load_template(shop_db, "received", "en").edited
    assert page.subject.text() == default_template("received", "en").subject


def test_insert_a_merge_field_at_the_cursor(owner_window):
    _dialog, page = _page(owner_window)
    page.body.setPlainText("Your number: ")
    cursor = page.body.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    page.body.setTextCursor(cursor)
    page.fields.setCurrentRow(1)  # rma
    page.insert.click()
    assert page.body.toPlainText() == "Your number: {{ rma }}"
    assert "Your number: R-000123" in page.preview.toPlainText()


def test_drafts_survive_switching_and_ok_saves_them(owner_window, shop_db):
    dialog, page = _page(owner_window)
    _choose(page, "rejected")
    page.subject.setText("About your return {{ rma }}")
    _choose(page, "refunded")
    _choose(page, "rejected")
    assert page.subject.text() == "About your return {{ rma }}"
    dialog.save()
    assert not dialog.isVisible(), dialog.problem.text()
    assert load_template(shop_db, "rejected", "en").subject == "About your return {{ rma }}"


def test_ok_with_a_broken_draft_keeps_the_dialog_open_with_the_sentence(owner_window, shop_db):
    dialog, page = _page(owner_window)
    _choose(page, "overdue")
    page.body.setPlainText("{% if %}")
    dialog.save()
    assert dialog.isVisible()
    assert dialog.problem.text().startswith("The template has a mistake")
    assert not load_template(shop_db, "overdue", "en").edited


def test_the_page_in_chinese(owner_window):
    from desktop_app.gui.i18n import install_language

    install_language("zh_CN")
    _dialog, page = _page(owner_window)
    assert page.subject.text() == default_template("approved", "zh_CN").subject
    page.body.setPlainText("{{ nope }}")
    assert "customer_name" in page.problem.text() and "template" not in page.problem.text()


def test_the_clerk_does_not_see_the_templates(clerk_window):
    assert clerk_window.menus.settings().page(TemplatesPage) is None
