"""A portal request the shop's auto-approve rules cover is approved at once; one over the limit waits."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import select

from desktop_app.core.db.models import Return
from desktop_app.core.domain.auto_rules import AutoApprove
from desktop_app.core.services import policies
from desktop_app.core.services import returns as svc
from tests.integration.portal.portal_shop import client, csrf_of, look_up, portal_shop, send_request
from tests.integration.services.returns_shop import RULES

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _portal_returns(db) -> dict[str, str]:
    with db.read() as session:
        return dict(session.execute(select(Return.rma, Return.status).where(Return.channel == "portal")).all())


def test_the_portal_request_is_approved_by_the_rule_and_the_one_above_the_limit_waits(database):
    shop = portal_shop(database)
    auto = AutoApprove(refund_max=Decimal(20), reasons=("defective",))
    policies.publish(shop.owner, policies.save_draft(shop.owner, replace(RULES, auto_approve=auto)).id)
    http = client(database)
    assert look_up(http).status_code == 303
    sent = send_request(http, {shop.order_lines["1001/MUG-1"]: {"qty": 1}})  # 11.99, defective
    assert sent.status_code == 303
    [(rma, status)] = _portal_returns(database).items()
    assert status == "approved"
    detail = svc.get_return(database, rma)
    assert [e.data.get("auto_rule") for e in detail.events if e.kind == "approved"] == ["refund_limit"]
    page = http.get(sent.headers["location"]).text
    assert "Download the label (PDF)" in page  # approved: the customer gets the label at once
    http.post("/order/new", data={"csrf": csrf_of(http.get("/order").text)})
    waiting = send_request(http, {shop.order_lines["1001/TEE-M"]: {"qty": 1}})  # 25.00: above the limit
    assert waiting.status_code == 303
    statuses = _portal_returns(database)
    assert sorted(statuses.values()) == ["approved", "requested"]
