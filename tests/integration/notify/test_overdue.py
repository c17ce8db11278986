"""A return the shop is late with gets one apology, in the customer's language; historical ones never do."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from desktop_app.core.db.models import Customer, Return
from desktop_app.core.notify import hooks
from desktop_app.core.notify.outbox import list_outbox
from desktop_app.core.notify.overdue import queue_overdue_apologies
from desktop_app.core.notify.templates import default_template
from desktop_app.core.services import returns
from tests.integration.services.returns_shop import build_shop, with_hooks


@pytest.fixture
def shop(database):
    shop = with_hooks(build_shop(database), hooks.CUSTOMER_MESSAGES)
    yield shop


def _late(shop, order="1001", line="1001/MUG-1") -> str:
    created = returns.create_return(shop.owner, order, [(shop.order_lines[line], 1, "defective", "", "like_new")])
    with shop.db.write() as s:
        s.execute(update(Return).where(Return.rma == created.rma)
                  .values(due_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=1)))
    return created.rma


def _apologies(shop, rma):
    return [m for m in list_outbox(shop.db, rma=rma) if m.event == "overdue"]


def test_a_late_return_gets_one_apology(shop):
    rma = _late(shop)
    assert queue_overdue_apologies(shop.db) >= 1
    assert queue_overdue_apologies(shop.db) == 0  # never twice
    [apology] = _apologies(shop, rma)
    assert apology.subject == default_template("overdue", apology.language).subject.replace("{{ rma }}", rma)
    kinds = [e.kind for e in returns.get_return(shop.db, rma).events]
    assert "message_queued" in kinds


def test_in_the_customers_language(shop):
    rma = _late(shop)
    with shop.db.write() as s:
        s.execute(update(Customer).values(language="zh_CN"))
    queue_overdue_apologies(shop.db)
    [apology] = _apologies(shop, rma)
    assert apology.language == "zh_CN" and rma in apology.subject


def test_returns_on_time_or_finished_get_none(shop):
    rma = _late(shop)
    with shop.db.write() as s:
        s.execute(update(Return).where(Return.rma == rma)
                  .values(due_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=1)))
    assert queue_overdue_apologies(shop.db) == 0
    with shop.db.write() as s:
        s.execute(update(Return).where(Return.rma == rma)
                  .values(due_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=1), imported=True))
    assert queue_overdue_apologies(shop.db) == 0
    assert _apologies(shop, rma) == []
