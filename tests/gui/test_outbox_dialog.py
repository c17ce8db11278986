"""The outbox dialog: messages with their state; send now, send again, mail client, copy, sent by hand."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from aiosmtpd.controller import Controller
from PySide6.QtGui import QGuiApplication
from sqlalchemy import update

from desktop_app.core.db.models import OutgoingMessage
from desktop_app.core.notify.outbox import list_outbox, mark_sent_by_hand
from desktop_app.core.notify.sender import recover_interrupted
from desktop_app.core.services import returns
from desktop_app.core.services.base import ServiceContext
from desktop_app.core.services.settings import set_settings
from desktop_app.gui.dialogs.outbox_dialog import OutboxDialog
from tests.helpers.smtp import Mailbox as Inbox
from tests.helpers.smtp import approve_first_requested
from tests.helpers.smtp import free_port as _free_port


@pytest.fixture
def approved(shop_db, owner) -> str:
    """Approve one requested return with the notify hook installed, as the window does."""
    return approve_first_requested(shop_db, owner)


def _open(window) -> OutboxDialog:
    window.actions_by_name["outbox"].trigger()
    dialog = window.findChild(OutboxDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def _choose(dialog: OutboxDialog, rma: str):
    row = next(i for i, m in enumerate(dialog.model.entries) if m.rma == rma)
    dialog.table.selectRow(row)
    return dialog.selected()


def test_without_a_mail_server_the_message_waits_and_opens_in_the_mail_client(owner_window, approved,
                                                                                 monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(OutboxDialog, "open_url", classmethod(lambda _cls, url: opened.append(url) or True))
    dialog = _open(owner_window)
    message = _choose(dialog, approved)
    row = dialog.model.entries.index(message)
    assert dialog.model.index(row, 4).data() == "waiting to be sent"
    dialog.buttons["send_now"].click()
    assert dialog.status.text().startswith("No mail server is set up, so messages wait in the outbox.")
    dialog.buttons["open_mail"].click()
    assert opened and opened[0].startswith(f"mailto:{message.to_address.replace('@', '%40')}?subject=")
    assert unquote(opened[0]).endswith(message.body)
    assert "mark it as sent by hand" in dialog.status.text()
    dialog.buttons["copy"].click()
    copied = QGuiApplication.clipboard().text()
    assert message.subject in copied and message.body in copied and message.to_address in copied


def test_a_message_marked_at_another_desk_shows_after_refresh(owner_window, shop_db, owner, approved):
    dialog = _open(owner_window)
    _choose(dialog, approved)
    assert dialog.buttons["by_hand"].isEnabled() and not dialog.buttons["send_again"].isEnabled()
    mark_sent_by_hand(ServiceContext(shop_db, owner), dialog.selected().id)  # as another desk would
    dialog.buttons["refresh"].click()
    assert dialog.selected().state == "sent"
    assert {m.state for m in list_outbox(shop_db, rma=approved)} == {"sent"}
    kinds = [e.kind for e in returns.get_return(shop_db, approved).events]
    assert "message_sent" in kinds
    assert dialog.selected().state == "sent" and not dialog.buttons["by_hand"].isEnabled()


def test_a_message_caught_by_a_crash_is_sent_again_with_its_pdfs(owner_window, shop_db, owner, approved):
    with shop_db.write() as s:
        s.execute(update(OutgoingMessage).values(state="sending"))
    recover_interrupted(shop_db)
    inbox, port = Inbox(), _free_port()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        set_settings(ServiceContext(shop_db, owner), {"smtp.host": "127.0.0.1", "smtp.port": str(port),
                                                      "smtp.security": "none",
                                                      "smtp.sender": "returns@linden-loom.example"})
        dialog = _open(owner_window)
        dialog.filter.setCurrentIndex(dialog.filter.findData("failed"))
        message = _choose(dialog, approved)
        assert message.state == "failed"
        row = dialog.model.entries.index(message)
        assert dialog.model.index(row, 6).data().startswith("ReturnDesk stopped while sending")
        dialog.buttons["send_again"].click()
        assert dialog.status.text() == "The message will be sent again with the next round."
        dialog.buttons["send_now"].click()
        assert dialog.status.text().startswith("Sent 1;"), dialog.status.text()
    finally:
        server.stop()
    [mail] = [m for m in inbox.received if approved in m["Subject"]]
    names = sorted(part.get_filename() for part in mail.iter_attachments())
    assert names == [f"{approved}-instructions.pdf", f"{approved}-label.pdf"]


def test_the_last_error_and_states_in_chinese(owner_window, shop_db, approved):
    from desktop_app.gui.i18n import install_language

    with shop_db.write() as s:
        s.execute(update(OutgoingMessage).values(state="sending"))
    recover_interrupted(shop_db)
    install_language("zh_CN")
    dialog = _open(owner_window)
    message = _choose(dialog, approved)
    row = dialog.model.entries.index(message)
    error = dialog.model.index(row, 6).data()
    assert error and not error.startswith("ReturnDesk stopped")
    assert dialog.model.index(row, 4).data() != "not sent"


def test_the_clerk_uses_the_outbox_too(clerk_window, shop_db, approved):
    dialog = _open(clerk_window)
    _choose(dialog, approved)
    dialog.buttons["by_hand"].click()
    assert {m.state for m in list_outbox(shop_db, rma=approved)} == {"sent"}


def test_the_timeline_names_message_events_and_the_channel_of_a_note(owner_window, shop_db, approved):
    from desktop_app.gui.i18n import install_language

    window = owner_window
    window.actions_by_name["outbox"].trigger()
    dialog = window.findChild(OutboxDialog)
    _choose(dialog, approved)
    dialog.buttons["by_hand"].click()
    dialog.close()
    window.queue.open_detail(returns.get_return(shop_db, approved))
    pane = window.queue.detail
    pane.run_action("add_note")
    pane.flow.dialog.channels.setCurrentIndex(pane.flow.dialog.channels.findData("chat"))
    pane.flow.dialog.note.setText("Asked on WeChat whether the label arrived")
    pane.flow.dialog.accept()
    texts = [pane.timeline.item(i).text() for i in range(pane.timeline.count())]
    # the queued message shows once, as "Message to …" with its state (no second "Message queued" entry)
    assert any("Message to" in t for t in texts) and any("Message sent" in t for t in texts)
    assert not any("Message queued" in t for t in texts)
    assert not any("message_" in t for t in texts)
    assert any("Chat: Asked on WeChat" in t for t in texts)
    install_language("zh_CN")
    texts = [pane.timeline.item(i).text() for i in range(pane.timeline.count())]
    assert not any("Message to" in t or "Message sent" in t for t in texts)


def test_with_real_threads_sending_runs_on_its_own_worker(qtbot, shop_db, owner, approved):
    from desktop_app.gui.backend import Desk
    from desktop_app.gui.workers import ThreadRunner

    desk = Desk(shop_db, owner, ThreadRunner())
    dialog = OutboxDialog(desk)
    qtbot.addWidget(dialog)
    assert dialog.mail_runner is not desk.runner
    qtbot.waitUntil(lambda: bool(dialog.model.entries), timeout=10_000)
    dialog.buttons["send_now"].click()
    qtbot.waitUntil(lambda: dialog.status.text().startswith("No mail server is set up"), timeout=10_000)
    assert dialog.mail_runner.wait(10_000) and desk.runner.wait(10_000)
