"""The Mail settings page: the owner's mail server, its password, and a test message to a real SMTP server."""

from __future__ import annotations

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from desktop_app.core.notify.secrets import load_password
from desktop_app.core.services.settings import get_settings
from desktop_app.gui.dialogs.settings.mail import MailPage
from tests.helpers.smtp import Mailbox as Inbox
from tests.helpers.smtp import free_port as _free_port


@pytest.fixture
def smtp_server():
    """A plain SMTP server on localhost that wants the login shop/secret."""
    inbox = Inbox()

    def authenticate(_server, _session, _envelope, _mechanism, data):
        ok = isinstance(data, LoginPassword) and data.login == b"shop" and data.password == b"secret"
        return AuthResult(success=ok, handled=False)

    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port(), authenticator=authenticate,
                            auth_require_tls=False)
    controller.start()
    inbox.port = controller.port
    yield inbox
    controller.stop()


@pytest.fixture(autouse=True)
def _private_secrets(tmp_path, monkeypatch):
    monkeypatch.setenv("RETURNDESK_SECRETS_DIR", str(tmp_path / "secrets"))
    monkeypatch.setattr("desktop_app.core.notify.secrets.keyring_usable", lambda: False)  # never the real one


def _page(window) -> tuple:
    dialog = window.menus.settings()
    return dialog, dialog.page(MailPage)


def _fill(page, port: int, user: str = "shop", password: str = "secret") -> None:
    page.fields["smtp.host"].setText("127.0.0.1")
    page.fields["smtp.port"].setText(str(port))
    page.security.setCurrentIndex(page.security.findData("none"))
    page.fields["smtp.username"].setText(user)
    page.fields["smtp.sender"].setText("returns@linden-loom.example")
    page.password.setText(password)


def test_a_test_message_reaches_the_shops_own_address(owner_window, shop_db, smtp_server):
    _dialog, page = _page(owner_window)
    _fill(page, smtp_server.port)
    page.test.click()
    [mail] = smtp_server.received
    shop_email = get_settings(shop_db).shop_email or "returns@linden-loom.example"
    assert mail["To"] == shop_email
    assert "test" in mail["Subject"].lower()
    assert page.result.text() == f"A test message was sent to {shop_email}. Check that it arrived."
    assert page.test.isEnabled()


def test_a_wrong_password_gets_a_plain_sentence(owner_window, smtp_server):
    _dialog, page = _page(owner_window)
    _fill(page, smtp_server.port, password="wrong")
    page.test.click()
    assert smtp_server.received == []
    assert page.result.text() == ("The test message was not sent: The mail server refused the user name or "
                                  "password.")


def test_an_unreachable_server_gets_a_plain_sentence_in_chinese(owner_window):
    from desktop_app.gui.i18n import install_language

    _dialog, page = _page(owner_window)
    _fill(page, _free_port())
    install_language("zh_CN")
    page.test.click()
    text = page.result.text()
    assert text.startswith("测试邮件未能发送") and "Traceback" not in text


def test_the_owner_saves_the_server_and_the_password_goes_to_the_private_file(owner_window, shop_db):
    dialog, page = _page(owner_window)
    assert "file only you can read" in page.storage.text()
    _fill(page, 2525, user="returns")
    dialog.save()
    assert not dialog.isVisible(), dialog.problem.text()
    saved = get_settings(shop_db)
    assert (saved.smtp_host, saved.smtp_port, saved.smtp_security) == ("127.0.0.1", 2525, "none")
    assert saved.smtp_sender == "returns@linden-loom.example"
    assert load_password("returns") == "secret"


def test_a_bad_port_is_refused_with_the_settings_sentence(owner_window, shop_db):
    dialog, page = _page(owner_window)
    page.fields["smtp.port"].setText("seventy")
    dialog.save()
    assert dialog.isVisible() and dialog.problem.text()
    assert "Traceback" not in dialog.problem.text()


def test_the_clerk_does_not_see_the_mail_page(clerk_window):
    dialog = clerk_window.menus.settings()
    assert dialog.page(MailPage) is None


def test_the_port_follows_the_security_unless_typed(owner_window):
    _dialog, page = _page(owner_window)
    page.security.setCurrentIndex(page.security.findData("ssl"))
    assert page.fields["smtp.port"].text() == "465"
    page.fields["smtp.port"].setText("2525")
    page.security.setCurrentIndex(page.security.findData("starttls"))
    assert page.fields["smtp.port"].text() == "2525"
