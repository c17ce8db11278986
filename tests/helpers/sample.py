"""A small shop with a row in every table, for migration, backup and restore tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import (
    Attachment,
    Counter,
    Customer,
    DeskSession,
    Exchange,
    ImportBatch,
    InventoryMovement,
    Order,
    OrderLine,
    OutgoingMessage,
    PolicyVersion,
    PortalAttempt,
    Product,
    Refund,
    ReportChange,
    ReportFigures,
    Return,
    ReturnEvent,
    ReturnLine,
    Setting,
    StoreCreditEntry,
    User,
)

T0 = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)


def populate(db: Database, orders: int = 3) -> None:
    """Write users, settings, a policy, products, orders with lines and returns with every child row."""
    with db.write() as s:
        owner = User(name="owner", display_name="店主", role="owner", secret_hash="x", created_at=T0)
        s.add(owner)
        s.flush()
        s.add_all(
            [
                Setting(key="shop.name", value={"text": "小店 Shop"}, updated_by=owner.id),
                Counter(name="rma", value=orders),
                PolicyVersion(number=1, status="published", title="v1", rules={"window_days": 30}),
                PortalAttempt(scope="address", key="ab" * 32, created_at=T0),
                ReportFigures(month="2025-12", timezone="UTC", currency="EUR", part="figures", changes="1:0:1",
                              data='{"returns": 0}', computed_at=T0),
                ReportChange(month="2025-12", mark=0, changes=1),
                DeskSession(token_hash="cd" * 32, user_id=owner.id, pin_mac="ef" * 32, role="owner",
                            secret_stamp="01" * 32, created_at=T0, expires_at=T0 + timedelta(minutes=15)),
            ]
        )
        batch = ImportBatch(profile="shopify", filename="orders.csv", sha256="ab" * 32, rows=orders)
        product = Product(sku="MUG-1", name="马克杯", category="kitchen", price_minor=1299, stock=10)
        customer = Customer(name="王小明", email="wang@example.cn", country="CN")
        s.add_all([batch, product, customer])
        s.flush()
        s.add(InventoryMovement(product_id=product.id, quantity=10, kind="initial"))
        for n in range(1, orders + 1):
            order = Order(
                number=f"#{1000 + n}",
                customer_id=customer.id,
                ordered_at=T0 + timedelta(days=n),
                currency="EUR",
                total_minor=2598 * n,
                import_batch_id=batch.id,
            )
            order.lines.append(
                OrderLine(product_id=product.id, sku="MUG-1", quantity=2 * n, unit_price_minor=1299)
            )
            s.add(order)
            s.flush()
            ret = Return(rma=f"R-{n:05d}", order_id=order.id, customer_id=customer.id, currency="EUR")
            ret.lines.append(
                ReturnLine(
                    order_line_id=order.lines[0].id,
                    product_id=product.id,
                    sku="MUG-1",
                    requested_qty=1,
                    received_qty=1,
                    refunded_qty=1,
                    value_minor=1299,
                    reason_code="defective",
                    decision={"eligible": True},
                )
            )
            s.add(ret)
            s.flush()
            s.add_all(
                [
                    ReturnEvent(return_id=ret.id, kind="status", to_status="requested", user_id=owner.id),
                    Refund(
                        return_id=ret.id,
                        return_line_id=ret.lines[0].id,
                        quantity=1,
                        amount_minor=1299,
                        currency="EUR",
                        credit_note_number=f"CN-{n}",
                    ),
                    StoreCreditEntry(
                        customer_id=customer.id, return_id=ret.id, amount_minor=100, currency="EUR"
                    ),
                    Attachment(return_id=ret.id, filename="photo.jpg", size=4, content=b"\xff\xd8\x00\x01"),
                    Exchange(return_id=ret.id, return_line_id=ret.lines[0].id, product_id=product.id, sku="MUG-1",
                             quantity=1, currency="EUR", credit_minor=1299, price_minor=1299, difference_minor=0,
                             status="even", created_at=T0),
                    OutgoingMessage(return_id=ret.id, event="approved", message_id=f"<{n}@shop>"),
                ]
            )


def row_counts(db: Database) -> dict[str, int]:
    """Return the number of rows in every table of the dump."""
    from tests.helpers.dump import logical_dump

    return {table: len(rows) for table, rows in logical_dump(db).items()}
