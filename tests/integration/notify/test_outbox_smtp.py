"""The outbox delivers customer messages to a real SMTP server: headers, Chinese text, attachments, retries."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from reportlab.pdfgen import canvas
from sqlalchemy import select

from desktop_app.core.db.models import OutgoingMessage, Return, ReturnEvent, Setting
from desktop_app.core.notify.outbox import list_outbox, queue_for_return
from desktop_app.core.notify.sender import (
    MAX_ATTEMPTS,
    MailNotConfigured,
    SmtpConfig,
    load_smtp_config,
    recover_interrupted,
    send_due,
)
from desktop_app.core.notify.templates import TemplateProblem

VALUES = {
    "customer_name": "王芳", "rma": "R-000001", "items": "1 × 亚麻衬衫 M", "amount": "€49.90",
    "resolution": "refund", "deadline": "2026-12-10", "shop_name": "Lindenhof Textil", "status_url": "",
}


def _queue(shop, rma: str, event: str = "approved", attachments=None):
    with shop.write() as session:
        ret = session.execute(select(Return).where(Return.rma == rma)).scalar_one()
        message = queue_for_return(session, ret, event, {**VALUES, "rma": rma}, attachments=attachments)
        return message.id


def _label_pdf(message) -> list[tuple[str, str, bytes]]:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, f"Return label {message.subject}")
    page.save()
    return [("return-label.pdf", "application/pdf", buffer.getvalue())]


def _config(box, **extra) -> SmtpConfig:
    return SmtpConfig(host="127.0.0.1", port=box.port, security="none", sender="returns@lindenhof.example",
                      sender_name="Lindenhof Textil", **extra)


def test_chinese_message_with_pdf_arrives_with_its_headers(shop, mailbox):
    message_id = _queue(shop, "R-000001", attachments=[{"kind": "label"}])
    report = send_due(shop, _config(mailbox), None, attachment_builder=_label_pdf)

    assert report.sent == [message_id]
    [mail] = mailbox.received
    assert mail["To"] == "wang.fang@example.cn"
    assert mail["From"].addresses[0].addr_spec == "returns@lindenhof.example"
    assert mail["Subject"] == "您的退货 R-000001 已获批准"
    assert mail["Message-ID"].startswith("<") and "@returndesk" in mail["Message-ID"]
    body = mail.get_body(("plain",)).get_content()
    assert "王芳 您好" in body and "1 × 亚麻衬衫 M" in body
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "return-label.pdf"
    assert attachment.get_content().startswith(b"%PDF")


def test_english_customer_gets_english_and_timeline_shows_sent(shop, mailbox):
    _queue(shop, "R-000002", event="refunded")
    send_due(shop, _config(mailbox), None)

    assert mailbox.received[0]["Subject"] == "Your refund for return R-000002"
    [entry] = list_outbox(shop, rma="R-000002")
    assert entry.state == "sent" and entry.sent_at is not None
    with shop.read() as session:
        kinds = session.execute(
            select(ReturnEvent.kind).join(Return).where(Return.rma == "R-000002").order_by(ReturnEvent.id)
        ).scalars().all()
    assert kinds == ["message_queued", "message_sent"]


def test_a_message_is_never_sent_twice(shop, mailbox):
    _queue(shop, "R-000002")
    send_due(shop, _config(mailbox), None)
    second = send_due(shop, _config(mailbox), None)

    assert second.sent == []
    assert len(mailbox.received) == 1


def test_refusing_server_is_retried_with_backoff_then_reported_on_the_timeline(shop, mailbox):
    mailbox.refuse_with = "451 Mailbox temporarily unavailable"
    message_id = _queue(shop, "R-000002")
    now = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)

    first = send_due(shop, _config(mailbox), None, now=now)
    assert first.retrying == [message_id]
    assert send_due(shop, _config(mailbox), None, now=now).retrying == []  # not due again yet

    moment = now
    for _ in range(MAX_ATTEMPTS - 1):
        moment += dt.timedelta(hours=3)
        last = send_due(shop, _config(mailbox), None, now=moment)
    assert last.failed == [message_id]
    with shop.read() as session:
        row = session.get(OutgoingMessage, message_id)
        failed_event = session.execute(
            select(ReturnEvent).where(ReturnEvent.kind == "message_failed")
        ).scalar_one()
    assert row.state == "failed" and row.attempts == MAX_ATTEMPTS
    assert "451" in row.last_error
    assert failed_event.data["message"] == message_id
    assert mailbox.received == []


def test_starttls_with_login(shop, tls_mailbox):
    _queue(shop, "R-000002")
    config = _config(tls_mailbox, username="shop", cafile=tls_mailbox.cafile)
    config = SmtpConfig(**{**config.__dict__, "security": "starttls"})

    report = send_due(shop, config, "secret")

    assert len(report.sent) == 1
    assert tls_mailbox.received[0]["Subject"] == "Your return R-000002 is approved"


def test_wrong_password_is_retried_not_lost(shop, tls_mailbox):
    message_id = _queue(shop, "R-000002")
    config = SmtpConfig(host="127.0.0.1", port=tls_mailbox.port, security="starttls", username="shop",
                        sender="returns@lindenhof.example", cafile=tls_mailbox.cafile)

    report = send_due(shop, config, "wrong")

    assert report.retrying == [message_id]
    [entry] = list_outbox(shop, rma="R-000002")
    assert entry.state == "queued" and "user name or password" in entry.last_error


def test_interrupted_send_is_not_resent_automatically(shop, mailbox):
    message_id = _queue(shop, "R-000002")
    with shop.write() as session:
        session.get(OutgoingMessage, message_id).state = "sending"  # the app died mid-send

    assert recover_interrupted(shop) == 1
    assert send_due(shop, _config(mailbox), None).sent == []
    assert mailbox.received == []
    [entry] = list_outbox(shop, rma="R-000002")
    assert entry.state == "failed" and "check whether the customer received it" in entry.last_error


def test_customer_without_email_gets_a_held_message_to_copy(shop, mailbox):
    _queue(shop, "R-000003", event="received")
    send_due(shop, _config(mailbox), None)

    [entry] = list_outbox(shop, rma="R-000003")
    assert entry.state == "held" and mailbox.received == []
    assert entry.mailto_url.startswith("mailto:?subject=We%20have%20received")


@pytest.mark.parametrize(
    "subject",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ customer_name.__class__.__init__.__globals__ }}",
        "{{ customer_nam }}",
        "{% for x in range(10**9) %}{% endfor %}",
        "{{ rma",
    ],
)
def test_hostile_or_broken_template_is_refused_and_nothing_is_queued(shop, subject):
    with shop.write() as session:
        session.add(Setting(key="templates.approved.en", value={"subject": subject, "body": "Hi"}))

    with pytest.raises(TemplateProblem) as refused:
        _queue(shop, "R-000002")

    assert refused.value.render("en")
    assert refused.value.render("zh_CN") != refused.value.render("en")
    assert list_outbox(shop) == []


def test_without_a_mail_server_messages_wait_and_the_owner_is_told(shop):
    with pytest.raises(MailNotConfigured) as refused:
        load_smtp_config(shop)
    assert "outbox" in refused.value.render("en")
