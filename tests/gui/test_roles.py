"""A clerk is refused the owner's actions: not offered in the window, and refused by the services."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.gui.dialogs.settings.pages import ShopPage, UsersPage


def test_the_clerk_has_no_users_page_and_reads_shop_settings_only(clerk_window):
    dialog = clerk_window.menus.settings()
    assert dialog.page(UsersPage) is None
    shop = dialog.page(ShopPage)
    assert all(field.isReadOnly() for field in shop.fields.values())
    assert "Only the owner" in shop.note.text()
    assert not clerk_window.actions_by_name["restore"].isEnabled()


def test_the_owner_sees_every_page(owner_window):
    dialog = owner_window.menus.settings()
    assert dialog.page(UsersPage) is not None
    assert not any(field.isReadOnly() for field in dialog.page(ShopPage).fields.values())


def test_a_clerks_change_to_shop_settings_is_refused_in_a_sentence(clerk_window):
    dialog = clerk_window.menus.settings()
    shop = dialog.page(ShopPage)
    shop.fields["shop.name"].setText("Clerk's Shop")  # typed around the read-only field
    dialog.save()
    assert dialog.isVisible()
    assert dialog.problem.text() == "Only the owner can change the shop settings."


def test_a_clerk_cannot_close_an_unresolved_return_early(clerk_window, owner_window):
    for window, may_close in ((clerk_window, False), (owner_window, True)):
        window.queue.set_status("received")
        window.queue.table.selectRow(0)
        assert window.queue.detail.buttons["close"].isVisible() is may_close


def test_a_refusal_from_the_service_shows_one_plain_sentence(qtbot, clerk_window):
    pane = clerk_window.queue.detail
    clerk_window.queue.set_status("received")
    clerk_window.queue.table.selectRow(0)
    detail = pane.detail
    before = {id(w) for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()}
    pane.flow._call(lambda: clerk_window.desk.close(detail.rma, "early", detail.version), detail.rma)
    boxes = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.isVisible() and id(w) not in before]
    assert len(boxes) == 1  # one new box (an earlier test on this worker may have left its own open)
    text = boxes[0].text()
    assert "owner" in text and "Traceback" not in text
    assert pane.detail.status == "received"


def test_the_owner_adds_a_clerk_switches_the_role_and_deactivates(owner_window, shop_db):
    from desktop_app.core.services.auth import sign_in

    dialog = owner_window.menus.settings()
    page = dialog.page(UsersPage)
    page.name.setText("lin")
    page.pin.setText("567890")
    page.add.click()
    assert page.problem.text() == ""
    row = [u.name for u in page.users].index("lin")
    assert sign_in(shop_db, "lin", "567890").role == "clerk"
    page.table.setCurrentCell(row, 0)
    page.switch_role.click()
    assert sign_in(shop_db, "lin", "567890").is_owner
    page.table.setCurrentCell([u.name for u in page.users].index("lin"), 0)
    page.toggle_active.click()
    assert not page.users[[u.name for u in page.users].index("lin")].active


def test_the_users_page_flags_short_pins_until_the_owner_sets_a_new_one(owner_window, qtbot):
    dialog = owner_window.menus.settings()
    page = dialog.page(UsersPage)
    row = [u.name for u in page.users].index("clerk")
    assert page.table.item(row, 4).text() == "short: give a new one"  # the demo's 4-digit PINs
    assert page.short_pins.isVisibleTo(page) and "owner, clerk still sign in" in page.short_pins.text()
    page.table.setCurrentCell(row, 0)
    page.pin.setText("1357")
    page.reset_pin.click()
    assert "at least 6 digits" in page.problem.text()
    page.pin.setText("135790")
    page.reset_pin.click()
    assert page.problem.text() == ""
    assert page.table.item([u.name for u in page.users].index("clerk"), 4).text() == ""
    assert page.short_pins.text().startswith("owner still sign in")


def test_the_last_owner_cannot_be_demoted(owner_window):
    dialog = owner_window.menus.settings()
    page = dialog.page(UsersPage)
    page.table.setCurrentCell([u.name for u in page.users].index("owner"), 0)
    page.switch_role.click()
    assert "only owner" in page.problem.text()


def test_the_owner_sets_the_mail_server_and_its_password(owner_window, shop_db, tmp_path, monkeypatch):
    from desktop_app.core.notify.secrets import load_password
    from desktop_app.core.services.settings import get_settings

    monkeypatch.setenv("RETURNDESK_SECRETS_DIR", str(tmp_path / "secrets"))
    monkeypatch.setattr("desktop_app.core.notify.secrets.keyring_usable", lambda: False)  # never the real one
    from desktop_app.gui.dialogs.settings.mail import MailPage

    dialog = owner_window.menus.settings()
    assert "smtp.host" not in dialog.page(ShopPage).fields  # one place for the mail server: its own page
    mail = dialog.page(MailPage)
    mail.fields["smtp.host"].setText("mail.linden-loom.example")
    mail.fields["smtp.username"].setText("returns")
    mail.password.setText("s3cret-pass")
    assert "not encrypted" in mail.storage.text()
    dialog.save()
    assert not dialog.isVisible(), dialog.problem.text()
    assert get_settings(shop_db).smtp_host == "mail.linden-loom.example"
    assert load_password("returns") == "s3cret-pass"
