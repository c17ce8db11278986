"""Orders and catalogue: detail with prices paid and units already returned, search, stock movements."""

from __future__ import annotations

from decimal import Decimal

import admin_support
import pytest
from admin_support import add_return, dump, owner_and_clerk, seed_order
from sqlalchemy import func, select

from desktop_app.core.db.models import InventoryMovement, Order, Product
from desktop_app.core.domain.money import Money
from desktop_app.core.services import catalog, orders
from desktop_app.core.services.base import (
    ConflictError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    ServiceContext,
)

shop = admin_support.shop


def test_order_detail_has_prices_paid_tax_and_units_returned_across_returns(shop):
    ids = seed_order(shop)
    add_return(shop, ids, "R-1", "closed", 1, imported=True)
    add_return(shop, ids, "R-2", "approved", 1)
    add_return(shop, ids, "R-3", "cancelled", 1)  # frees its unit again
    detail = orders.get_order(shop, "1001")
    mug, tee = detail.lines
    assert mug.unit_price == Money(Decimal("11.99"), "EUR") and mug.unit_tax == Money(Decimal("1.91"), "EUR")
    assert (mug.quantity, mug.returned_qty, mug.returnable_qty) == (3, 2, 1)
    assert (tee.returned_qty, tee.returnable_qty) == (0, 1)
    assert detail.shipping == Money.of("4.90", "EUR") and detail.total == Money.of("65.87", "EUR")
    assert detail.customer is not None and detail.customer.email == "anna@example.com"
    assert detail.ship_to.lines() == ("Anna Schmidt", "Hauptstr. 1", "10115 Berlin", "DE")
    assert [(r.rma, r.status, r.imported) for r in detail.returns] == [
        ("R-1", "closed", True), ("R-2", "approved", False), ("R-3", "cancelled", False)]


def test_orders_are_found_by_number_email_or_name(shop):
    seed_order(shop)
    assert [o.number for o in orders.find_orders(shop, "100")] == ["1002", "1001"]
    assert [o.number for o in orders.find_orders(shop, "ANNA@")] == ["1001"]
    assert [o.number for o in orders.find_orders(shop, "schmidt")] == ["1001"]
    assert [o.number for o in orders.find_orders(shop, "李")] == ["1002"]
    assert orders.find_orders(shop, "100%") == [] and orders.find_orders(shop, "  ") == []
    listed = orders.list_orders(shop)
    assert [(o.number, o.item_count, o.customer_name) for o in listed] == [
        ("1002", 1, "李雷"), ("1001", 4, "Anna Schmidt")]
    assert orders.list_orders(shop, limit=1, offset=1)[0].number == "1001"


def test_customer_of_an_order(shop):
    seed_order(shop)
    assert orders.customer_of(shop, "1001").name == "Anna Schmidt"
    assert orders.customer_of(shop, "1002") is None
    with pytest.raises(NotFound) as missing:
        orders.customer_of(shop, "9999")
    assert "9999" in missing.value.render("zh_CN")


def test_the_same_number_in_two_channels_asks_which_one(shop):
    ids = seed_order(shop)
    with shop.write() as s:
        first = s.get(Order, ids["order"])
        s.add(Order(number="1001", channel="etsy", ordered_at=first.ordered_at, currency="EUR"))
    with pytest.raises(InvalidInput) as ambiguous:
        orders.get_order(shop, "1001")
    assert "etsy, shop" in ambiguous.value.render("en")
    assert orders.get_order(shop, "1001", channel="etsy").lines == ()


def _movement_total(db, product_id: int) -> int:
    with db.read() as s:
        return s.scalar(select(func.coalesce(func.sum(InventoryMovement.quantity), 0))
                        .where(InventoryMovement.product_id == product_id))


def test_stock_changes_only_through_movements_and_the_owner_corrects_it(shop):
    owner_ctx, clerk_ctx = owner_and_clerk(shop)
    ids = seed_order(shop)
    mug = catalog.find_product(shop, "MUG-1")
    assert mug.price == Money.of("12.99", "EUR") and mug.stock == 5
    before = dump(shop)
    with pytest.raises(PermissionDenied):
        catalog.adjust_stock(clerk_ctx, mug.id, 1, "found one", mug.version)
    with pytest.raises(InvalidInput):
        catalog.adjust_stock(owner_ctx, mug.id, -6, "broken", mug.version)
    with pytest.raises(InvalidInput):
        catalog.adjust_stock(owner_ctx, mug.id, 2, "   ", mug.version)
    assert dump(shop) == before
    after = catalog.adjust_stock(owner_ctx, mug.id, -2, "two broken on the shelf", mug.version)
    assert after.stock == 3 and after.version == mug.version + 1
    with shop.write() as s:
        catalog.record_movement(s, ids["mug"], 1, "restock", note="R-1", user_id=clerk_ctx.user.id)
    assert catalog.get_product(shop, ids["mug"]).stock == 4
    assert _movement_total(shop, ids["mug"]) == -1  # the seeded 5 had no "initial" movement
    assert [m.kind for m in catalog.list_movements(shop, ids["mug"])] == ["restock", "correction"]


def test_a_movement_rolls_back_with_the_callers_transaction(shop):
    ids = seed_order(shop)
    with pytest.raises(RuntimeError), shop.write() as s:
        catalog.record_movement(s, ids["tee"], 1, "restock")
        raise RuntimeError("the return failed later")
    assert catalog.get_product(shop, ids["tee"]).stock == 2
    assert _movement_total(shop, ids["tee"]) == 0


def test_a_stale_stock_correction_names_who_moved_the_stock(shop):
    owner_ctx, _clerk = owner_and_clerk(shop)
    seed_order(shop)
    from desktop_app.core.services.auth import sign_in
    from desktop_app.core.services.users import add_user

    add_user(owner_ctx, "otto", "11112222", "owner", "Otto Owner")
    otto_ctx = ServiceContext(shop, sign_in(shop, "otto", "11112222"))
    seen = catalog.find_product(shop, "TEE-M")
    catalog.adjust_stock(otto_ctx, seen.id, 3, "delivery counted", seen.version)
    with pytest.raises(ConflictError) as conflict:
        catalog.adjust_stock(owner_ctx, seen.id, -1, "sold at the fair", seen.version)
    assert "changed by Otto Owner" in conflict.value.render("en")
    with shop.read() as s:
        assert s.get(Product, seen.id).stock == 5
