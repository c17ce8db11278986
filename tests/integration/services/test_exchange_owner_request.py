"""A clerk's exchange whose cheaper-replacement rest is above their limit waits for the owner (SQLite and PG)."""

from __future__ import annotations

import pytest
from returns_shop import build_shop, dump, stock

from desktop_app.core.db.models import Product
from desktop_app.core.domain.errors import RuleViolation
from desktop_app.core.services import returns as svc
from desktop_app.core.services.catalog import record_movement
from desktop_app.core.services.returns import LineRequest, ReturnFilter


@pytest.fixture
def shop(database):
    """The test shop with a 10.00 clerk limit and cheap socks (8.00) in stock."""
    shop = build_shop(database, clerk_limit="10")
    with database.write() as s:
        product = Product(sku="SOCK-1", name="Socks", category="general", price_minor=800, currency="EUR")
        s.add(product)
        s.flush()
        record_movement(s, product.id, 5, "initial")
    return shop


def _received(shop):
    line = LineRequest(shop.order_lines["1001/TEE-M"], 1, "wrong_size", "", "unused")
    ret = svc.create_return(shop.clerk, "1001", [line], channel="email")
    svc.approve(shop.clerk, ret.rma)
    svc.receive(shop.clerk, ret.rma, {ret.lines[0].id: 1})
    return ret.rma, ret.lines[0].id


def test_the_rest_above_the_limit_waits_and_nothing_moves(shop):
    rma, line = _received(shop)
    before = stock(shop.db, "SOCK-1")
    asked = svc.resolve_line(shop.clerk, rma, line, "exchange", 1, exchange_sku="SOCK-1",
                             external_reference="BANK-9")
    assert asked.owner_request is not None and asked.owner_request.amount.to_minor() == 1700  # 25.00 - 8.00
    assert asked.owner_request.lines == ((line, "exchange", 1),)
    assert asked.status == "received" and not asked.exchanges and not asked.refunds
    assert stock(shop.db, "SOCK-1") == before
    assert asked.events[-1].kind == "refund_requested"
    assert svc.return_ids(shop.db, ReturnFilter(owner_waiting=True)) == [asked.id]


def test_the_owner_approves_and_the_clerks_exchange_goes_out_once(shop):
    rma, line = _received(shop)
    asked = svc.resolve_line(shop.clerk, rma, line, "exchange", 1, exchange_sku="SOCK-1", exchange_rest="store_credit")
    done = svc.approve_refund_request(shop.owner, rma, expected_version=asked.version)
    (exchange,) = done.exchanges
    assert (exchange.sku, exchange.status) == ("SOCK-1", "credited") and done.owner_request is None
    assert [(r.amount.to_minor(), r.method) for r in done.refunds] == [(1700, "store_credit")]
    assert stock(shop.db, "SOCK-1")[0] == 4


def test_the_owner_declines_and_the_line_stays_open(shop):
    rma, line = _received(shop)
    svc.resolve_line(shop.clerk, rma, line, "exchange", 1, exchange_sku="SOCK-1")
    declined = svc.decline_refund_request(shop.owner, rma, "Offer the L instead")
    assert declined.owner_request is None and not declined.exchanges and "resolve_line" in declined.allowed_actions


def test_an_exchange_that_could_not_go_out_is_refused_not_asked(shop):
    rma, line = _received(shop)
    with shop.db.write() as s:  # the socks sold out meanwhile
        record_movement(s, s.query(Product).filter_by(sku="SOCK-1").one().id, -5, "sale")
    before = dump(shop.db)
    with pytest.raises(RuleViolation, match="in stock"):
        svc.resolve_line(shop.clerk, rma, line, "exchange", 1, exchange_sku="SOCK-1")
    assert dump(shop.db) == before


def test_within_the_limit_the_clerk_exchanges_at_once(shop):
    rma, line = _received(shop)
    done = svc.resolve_line(shop.clerk, rma, line, "exchange", 1, exchange_sku="TEE-L")  # even swap: nothing paid
    assert done.owner_request is None and done.exchanges[0].status == "even"
