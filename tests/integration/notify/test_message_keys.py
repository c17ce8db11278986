"""Nothing internal reaches a customer's e-mail: no category, reason or resolution key in any message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select, update

from desktop_app.core.db.models import Customer, Return
from desktop_app.core.db.schema import open_database
from desktop_app.core.demo.shop import build_demo
from desktop_app.core.notify import hooks
from desktop_app.core.notify.outbox import list_outbox
from desktop_app.core.notify.templates import EVENTS, default_template, render_template
from desktop_app.core.services import returns
from desktop_app.core.services.auth import sign_in
from desktop_app.core.services.base import ServiceContext

KEY = re.compile(r"\b[a-z]+_[a-z_]+\b")  # custom_made, wrong_size, store_credit, ...


@pytest.fixture
def shop(tmp_path: Path):
    db = open_database(tmp_path / "demo.db")
    build_demo(db, orders=60, seed=7)
    yield db
    db.dispose()


def _keys(texts: list[str]) -> set[str]:
    return {key for text in texts for key in KEY.findall(text)}


def test_every_message_of_every_event_for_every_demo_return_is_free_of_internal_keys(shop):
    texts: list[str] = []
    with shop.read() as session:
        rets = session.scalars(select(Return).where(Return.imported.is_(False))).all()
        assert len({r.status for r in rets}) >= 8
        for ret in rets:
            for event in EVENTS:
                values = hooks.merge_values(session, ret, event)
                for lang in ("en", "zh_CN"):
                    rendered = render_template(default_template(event, lang), values)
                    texts += [rendered.subject, rendered.body]
    assert len(texts) > 1000 and not _keys(texts), _keys(texts)


def test_messages_queued_by_real_changes_in_both_languages_are_free_of_internal_keys(shop):
    owner = ServiceContext(shop, sign_in(shop, "owner", "4321"), hooks.CUSTOMER_MESSAGES)
    listed = returns.summaries_by_ids(shop, returns.return_ids(shop, returns.ReturnFilter(status="requested")))
    requested = [s.rma for s in listed]
    assert len(requested) >= 3
    with shop.write() as session:  # the customers read Chinese and English by turns
        for n, rma in enumerate(requested):
            customer = session.scalar(select(Return.customer_id).where(Return.rma == rma))
            session.execute(update(Customer).where(Customer.id == customer).values(language=("zh_CN", "en")[n % 2]))
    for rma in requested[::2]:
        detail = returns.approve(owner, rma)
        detail = returns.receive(owner, rma, {line.id: (line.requested_qty, 0) for line in detail.lines})
        for line, resolution in zip(detail.lines, ("refund", "store_credit", "keep_it", "refund"), strict=False):
            returns.resolve_line(owner, rma, line.id, resolution, line.received_qty or line.requested_qty,
                                 external_reference="re_test")
    for rma in requested[1::2]:
        returns.reject(owner, rma, "outside the return window")
    messages = list_outbox(shop)
    assert {m.event for m in messages} >= {"approved", "received", "refunded", "rejected"}
    assert {m.language for m in messages} == {"en", "zh_CN"}
    texts = [text for m in messages for text in (m.subject, m.body)]
    assert not _keys(texts), _keys(texts)
