"""The approval message carries the return label and the instructions as PDFs, built from the return at send time."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from desktop_app.core.db.models import Customer
from desktop_app.core.i18n import Message, UserFacingError
from desktop_app.core.notify import hooks
from desktop_app.core.notify.attachments import LEFT_OUT, attachment_builder
from desktop_app.core.notify.outbox import list_outbox
from desktop_app.core.notify.sender import SmtpConfig, send_due
from desktop_app.core.services import returns
from tests.integration.services.returns_shop import build_shop, with_hooks


@pytest.fixture
def real_shop(sqlite_database):
    shop = with_hooks(build_shop(sqlite_database), hooks.CUSTOMER_MESSAGES)
    with sqlite_database.write() as s:
        s.execute(update(Customer).where(Customer.email == "wang@example.cn").values(language="zh_CN"))
    yield shop


def _approved(shop, order="1001", line="1001/MUG-1") -> str:
    created = returns.create_return(shop.owner, order, [(shop.order_lines[line], 1, "defective", "", "like_new")])
    returns.approve(shop.owner, created.rma)
    return created.rma


def _config(box) -> SmtpConfig:
    return SmtpConfig(host="127.0.0.1", port=box.port, security="none", sender="returns@shop.example")


def _pdfs(mail) -> dict[str, bytes]:
    return {part.get_filename(): part.get_content() for part in mail.iter_attachments()}


def test_the_approval_message_carries_label_and_instructions(real_shop, mailbox):
    rma = _approved(real_shop)
    report = send_due(real_shop.db, _config(mailbox), None, attachment_builder=attachment_builder(real_shop.db))
    assert report.sent and not report.failed
    [mail] = [m for m in mailbox.received if rma in m["Subject"]]
    pdfs = _pdfs(mail)
    assert set(pdfs) == {f"{rma}-label.pdf", f"{rma}-instructions.pdf"}
    assert all(content.startswith(b"%PDF") and len(content) > 1000 for content in pdfs.values())


def test_other_messages_go_without_attachments(real_shop, mailbox):
    rma = _approved(real_shop)
    send_due(real_shop.db, _config(mailbox), None, attachment_builder=attachment_builder(real_shop.db))
    detail = returns.get_return(real_shop.db, rma)
    returns.receive(real_shop.owner, rma, {line.id: (1, 0) for line in detail.lines})
    mailbox.received.clear()
    send_due(real_shop.db, _config(mailbox), None, attachment_builder=attachment_builder(real_shop.db))
    [mail] = mailbox.received
    assert _pdfs(mail) == {}


def test_a_return_whose_documents_cannot_be_built_still_gets_its_message(real_shop, mailbox, monkeypatch):
    rma = _approved(real_shop)

    def broken(*_args, **_kwargs):
        raise UserFacingError(Message("The shop's address is missing."))

    monkeypatch.setattr("desktop_app.core.services.documents.label_pdf", broken)
    report = send_due(real_shop.db, _config(mailbox), None, attachment_builder=attachment_builder(real_shop.db))
    assert report.sent and not report.failed
    [mail] = [m for m in mailbox.received if rma in m["Subject"]]
    assert _pdfs(mail) == {}
    assert {m.state for m in list_outbox(real_shop.db, rma=rma)} == {"sent"}
    notes = [e for e in returns.get_return(real_shop.db, rma).events if e.kind == "note"]
    assert notes and notes[-1].note == LEFT_OUT
    assert notes[-1].data["reason"] == "The shop's address is missing."
