"""Exchanges with a price difference through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest
from returns_shop import build_shop, dump, stock
from sqlalchemy import func, select

from desktop_app.core.db.models import Exchange, Product, Refund, StoreCreditEntry
from desktop_app.core.domain.errors import RuleViolation
from desktop_app.core.services import returns as svc
from desktop_app.core.services.base import InvalidInput, PermissionDenied
from desktop_app.core.services.catalog import record_movement
from desktop_app.core.services.returns import LineRequest


@pytest.fixture
def shop(database):
    """The test shop plus dearer boots (40.00), cheap socks (8.00) and a product priced in dollars."""
    shop = build_shop(database)
    with database.write() as s:
        for sku, name, price, currency in (("TEE-XL", "T-shirt XL", 2500, "EUR"), ("BOOT-42", "Boots 42", 4000, "EUR"),
                                           ("SOCK-1", "Socks", 800, "EUR"), ("CAP-US", "Cap", 1000, "USD")):
            product = Product(sku=sku, name=name, category="general", price_minor=price, currency=currency)
            s.add(product)
            s.flush()
            if sku != "TEE-XL":  # out of stock: not offered
                record_movement(s, product.id, 5, "initial")
            shop.products[sku] = product.id
    return shop


def _received(shop, sku="TEE-M", qty=1, order="1001"):
    line = LineRequest(shop.order_lines[f"{order}/{sku}"], qty, "wrong_size", "", "unused")
    ret = svc.create_return(shop.clerk, order, [line], channel="email")
    svc.approve(shop.clerk, ret.rma)
    svc.receive(shop.clerk, ret.rma, {ret.lines[0].id: qty})
    return ret.rma, ret.lines[0].id


def test_a_dearer_replacement_leaves_a_payment_due_and_ships_only_when_paid(shop):
    rma, line = _received(shop)
    quote = svc.quote_exchange(shop.db, rma, line, "BOOT-42", 1)
    assert (quote.credit.amount, quote.price.amount, quote.customer_pays.amount) == (
        Decimal("25.00"), Decimal("40.00"), Decimal("15.00"))

    done = svc.resolve_line(shop.clerk, rma, line, "exchange", 1, exchange_sku="BOOT-42")
    (exchange,) = done.exchanges
    assert exchange.status == "payment_due" and not exchange.ships
    assert exchange.difference.amount == quote.difference.amount == Decimal("15.00")
    assert done.refunds == () and stock(shop.db, "BOOT-42") == (4, 4)
    assert done.events[-1].data["exchange_status"] == "payment_due"

    with pytest.raises(RuleViolation, match=r"still owes 15,00\xa0€"):
        svc.close(shop.owner, rma)
    with pytest.raises(PermissionDenied):
        svc.settle_exchange(shop.clerk, rma, exchange.id, waive=True)
    with pytest.raises(InvalidInput, match="reference"):
        svc.settle_exchange(shop.clerk, rma, exchange.id)

    paid = svc.settle_exchange(shop.clerk, rma, exchange.id, reference="bank 4711")
    assert paid.exchanges[0].status == "paid" and paid.exchanges[0].ships
    assert paid.exchanges[0].payment_reference == "bank 4711"
    assert paid.events[-1].kind == "exchange_paid" and paid.events[-1].data["amount_minor"] == 1500
    with pytest.raises(RuleViolation, match="nothing left to pay"):
        svc.settle_exchange(shop.clerk, rma, exchange.id, reference="again")
    assert svc.close(shop.clerk, rma).status == "closed"


def test_the_owner_may_waive_the_difference(shop):
    rma, line = _received(shop)
    done = svc.resolve_line(shop.clerk, rma, line, "exchange", 1, exchange_sku="BOOT-42")
    waived = svc.settle_exchange(shop.owner, rma, done.exchanges[0].id, waive=True, note="loyal customer")
    assert waived.exchanges[0].status == "waived" and waived.events[-1].kind == "exchange_waived"
    assert waived.events[-1].note == "loyal customer"


@pytest.mark.parametrize(("rest_to", "method"), [("refund", "original_payment"), ("store_credit", "store_credit")])
def test_a_cheaper_replacement_pays_the_rest_back_with_a_credit_note(shop, rest_to, method):
    rma, line = _received(shop)
    done = svc.resolve_line(shop.clerk, rma, line, "exchange", 1, exchange_sku="SOCK-1", exchange_rest=rest_to)
    (exchange,) = done.exchanges
    assert exchange.status == ("refunded" if rest_to == "refund" else "credited")
    (refund,) = done.refunds
    assert refund.amount.amount == Decimal("17.00") and refund.method == method
    assert refund.credit_note_number and exchange.refund_id == refund.id and refund.quantity == 0
    assert refund.tax.amount == Decimal("2.71")  # 17/25 of the 3.99 tax paid for the shirt
    with shop.db.read() as s:
        credit = s.scalar(select(func.coalesce(func.sum(StoreCreditEntry.amount_minor), 0)))
    assert credit == (1700 if rest_to == "store_credit" else 0)
    assert svc.close(shop.clerk, rma).status == "closed"


def test_an_even_swap_moves_stock_and_no_money(shop):
    rma, line = _received(shop)
    done = svc.resolve_line(shop.clerk, rma, line, "exchange", 1, exchange_sku="TEE-L")
    assert done.exchanges[0].status == "even" and done.exchanges[0].difference.amount == 0
    assert done.refunds == () and stock(shop.db, "TEE-L") == (9, 9)


def test_exchanged_units_and_refunds_of_one_line_never_pay_back_more_than_was_paid(shop):
    rma, line = _received(shop, sku="MUG-1", qty=3)
    svc.resolve_line(shop.owner, rma, line, "exchange", 1, exchange_sku="PIN-1")
    svc.goodwill_refund(shop.owner, rma, line, "promised a full refund", 2)
    with shop.db.read() as s:
        paid_back = s.scalar(select(func.sum(Refund.amount_minor)).where(Refund.return_line_id == line))
        pins_value = s.scalar(select(Exchange.price_minor))
    assert paid_back + pins_value == 3 * 1199  # the pin's price stays with the shop, the rest comes back


def test_refusals_change_nothing(shop):
    rma, line = _received(shop)
    before = dump(shop.db)
    with pytest.raises(RuleViolation, match="priced in USD"):
        svc.resolve_line(shop.clerk, rma, line, "exchange", 1, exchange_sku="CAP-US")
    with pytest.raises(RuleViolation, match="in stock"):
        svc.resolve_line(shop.clerk, rma, line, "exchange", 1, exchange_sku="TEE-XL")
    with pytest.raises(InvalidInput, match="No product"):
        svc.resolve_line(shop.clerk, rma, line, "exchange", 1, exchange_sku="NOPE")
    with pytest.raises(InvalidInput, match="refund or as store credit"):
        svc.resolve_line(shop.clerk, rma, line, "exchange", 1, exchange_sku="SOCK-1", exchange_rest="cash")
    assert dump(shop.db) == before


def test_choices_offer_the_other_variants_first_and_only_what_is_in_stock(shop):
    choices = svc.exchange_choices(shop.db, "TEE-M")
    skus = [c.sku for c in choices]
    assert skus[:2] == ["TEE-L", "TEE-M"] and "TEE-XL" not in skus
    assert {"BOOT-42", "SOCK-1", "MUG-1"} <= set(skus[2:])
    assert choices[0].same_product and not choices[2].same_product and choices[0].stock == 10


def test_the_portal_prices_against_its_verdict(shop):
    from desktop_app.core.domain.money import Money

    quote = svc.price_exchange(shop.db, Money.of("25.00", "EUR"), "BOOT-42", 2)
    assert quote.price.amount == Decimal("80.00") and quote.customer_pays.amount == Decimal("55.00")


def test_two_lines_go_out_as_different_replacements_in_one_change(shop):
    line_m = LineRequest(shop.order_lines["1001/TEE-M"], 1, "wrong_size", "", "unused")
    line_mug = LineRequest(shop.order_lines["1001/MUG-1"], 1, "wrong_size", "", "unused")
    ret = svc.create_return(shop.clerk, "1001", [line_m, line_mug], channel="email")
    svc.approve(shop.clerk, ret.rma)
    svc.receive(shop.clerk, ret.rma, {ret.lines[0].id: 1, ret.lines[1].id: 1})
    done = svc.resolve_lines(shop.clerk, ret.rma, [(ret.lines[0].id, "exchange", 1, "", "TEE-L"),
                                                  (ret.lines[1].id, "exchange", 1, "", "SOCK-1")])
    assert [(x.sku, x.status) for x in done.exchanges] == [("TEE-L", "even"), ("SOCK-1", "refunded")]
    assert [ln.exchange_sku for ln in done.lines] == ["TEE-L", "SOCK-1"]
    assert len([e for e in done.events if e.kind == "line_resolved"]) == 1
