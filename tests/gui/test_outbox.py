"""Customer messages leave in the background over SMTP; without a mail server they wait."""

from __future__ import annotations

from aiosmtpd.controller import Controller

from desktop_app.core.notify.outbox import list_outbox
from desktop_app.core.services.base import ServiceContext
from desktop_app.core.services.settings import set_settings
from desktop_app.gui.outbox import OutboxSender, send_waiting
from desktop_app.gui.workers import SyncRunner
from tests.helpers.smtp import Mailbox as Inbox
from tests.helpers.smtp import approve_first_requested as _approve_one
from tests.helpers.smtp import free_port as _free_port


def test_without_a_mail_server_messages_wait(shop_db, owner):
    rma = _approve_one(shop_db, owner)
    assert send_waiting(shop_db) is None
    assert {m.state for m in list_outbox(shop_db, rma=rma)} == {"queued"}


def test_the_sender_delivers_waiting_messages_over_smtp(qtbot, shop_db, owner):
    inbox, port = Inbox(), _free_port()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        set_settings(ServiceContext(shop_db, owner), {"smtp.host": "127.0.0.1", "smtp.port": str(port),
                                                      "smtp.security": "none",
                                                      "smtp.sender": "returns@linden-loom.example"})
        rma = _approve_one(shop_db, owner)
        sender = OutboxSender(shop_db, SyncRunner())
        with qtbot.waitSignal(sender.sent) as signal:
            sender.send_now()
        assert signal.args[0] >= 1
        assert {m.state for m in list_outbox(shop_db, rma=rma)} == {"sent"}
        assert any(rma in str(message["Subject"]) for message in inbox.received)
    finally:
        server.stop()
