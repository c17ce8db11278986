"""The returns half of an import's write pass: one historical return per document, linked to its purchase.

A credit note (rows whose number starts with one of the profile's prefixes) is one return with its lines,
keeping its number, date and customer. A returned line is linked to its order through the file's order
number; without one, to the customer's most recent earlier purchase of the same SKU (same channel) that
still has enough units not yet returned (6 of 8 units is a partial return of that line).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import func, select

from desktop_app.core.db.models import Order, OrderLine, Return, ReturnEvent, ReturnLine
from desktop_app.core.imports.records import ParsedReturn
from desktop_app.core.imports.store import import_key, insert_many, insert_with_ids, minor_units

Found = dict[str, list[tuple[int, str, int | None]]]
OldLines = dict[int, list[tuple[int, str, int, int]]]
Link = tuple[int | None, int | None, Decimal | int | None]  # order id, order line id, price paid


class ReturnRows:
    """Mixed into BatchWriter: writes the historical returns of one chunk (its state lives there)."""

    session: Any
    known: Any
    ids: Any
    counts: dict[str, int]
    claimed: dict[int, int]
    source: str
    profile: Any
    path: Any
    user: Any
    now: datetime
    batch_id: int
    rma_seq: int
    new_keys: set[str]
    created_by_number: Found
    order_customer: dict[int, int | None]
    lines_in_memory: set[int]
    line_ids: dict[tuple[int, str], tuple[int, Decimal | None]]
    line_by_sku: dict[tuple[int, str], tuple[int, Decimal | None]]
    _product_sku: Callable[[str, str], str]

    def _find_order(self, ret: ParsedReturn, found: Found) -> int | None:
        if not ret.order_number:
            return None
        candidates = self.created_by_number.get(ret.order_number) or found.get(ret.order_number, [])
        if len(candidates) == 1:
            return candidates[0][0]
        for oid, channel, _customer in candidates:
            if channel in (ret.channel, self.source):
                return oid
        return None

    def _fresh(self, items: list[tuple[ParsedReturn, int | None]]) -> list[tuple[ParsedReturn, int | None, str]]:
        """Return the returns not already in the shop (or earlier in this file), with their import keys."""
        fresh = []
        for ret, oid in items:
            key = import_key(self.source, ret.key)
            if key in self.known.return_keys or key in self.new_keys:
                self.counts["old_returns"] += 1
                continue
            self.new_keys.add(key)
            fresh.append((ret, oid, key))
        return fresh

    def _returns(self, items: list[tuple[ParsedReturn, int | None]]) -> None:
        fresh = self._fresh(items)
        if not fresh:
            return
        lookup = {r.order_number for r, oid, _k in fresh if oid is None and r.order_number}
        found = self.known.orders_by_number(lookup) if lookup else {}
        linked = [(r, oid if oid is not None else self._find_order(r, found), k) for r, oid, k in fresh]
        old_ids = {oid for _r, oid, _k in linked if oid is not None and oid not in self.lines_in_memory}
        old_lines = self.known.lines_of(old_ids) if old_ids else {}
        returns: list[dict[str, Any]] = []
        lines: list[dict[str, Any]] = []
        owners: list[int] = []
        events: list[dict[str, Any]] = []
        for ret, oid, key in linked:
            customer = self._return_customer(ret, oid, found)
            if ret.partial_refund:
                self.counts[f"refund_{ret.partial_refund}"] += 1
            orders = set()
            for part in (ret, *ret.more):
                link = self._link(part, oid, customer, ret, old_lines)
                orders.add(link[0])
                lines.append(self._line_row(part, link))
                owners.append(len(returns))
            returns.append(self._return_row(ret, orders.pop() if len(orders) == 1 else oid, customer, key))
            events.append({"kind": "imported", "from_status": None, "to_status": "closed",
                           "note": self.path.name[:200],
                           "data": {"batch": self.batch_id, "line": ret.source_line},
                           "user_id": returns[-1]["created_by"], "created_at": self.now})
        ids = insert_with_ids(self.session, self.ids, Return, returns)
        for owner, line in zip(owners, lines, strict=True):
            line["return_id"] = ids[owner]
        for rid, event in zip(ids, events, strict=True):
            event["return_id"] = rid
        insert_many(self.session, ReturnLine, lines)
        insert_many(self.session, ReturnEvent, events)
        self.counts["returns"] += len(returns)

    def _return_customer(self, ret: ParsedReturn, oid: int | None, found: Found) -> int | None:
        """Return the customer of a return: its order's, or the one the document names."""
        if oid is not None:
            customer = self.order_customer.get(oid)
            if customer is None:
                customer = next((c for o, _ch, c in found.get(ret.order_number, []) if o == oid), None)
            return customer
        if ret.customer is None:
            return None
        return cast(int | None, self.known.customers.get(f"{self.source}:{ret.customer.key}"[:128]))

    def _link(self, part: ParsedReturn, oid: int | None, customer: int | None, head: ParsedReturn,
              old_lines: OldLines) -> Link:
        """Return (order id, order line id, price paid) of one returned line; all None when not linked."""
        ident = self._product_sku(part.sku, part.product_key)
        if part.amount_only is not None:  # money paid back: on the line the file names, else on the order
            line = self._order_line(oid, part, ident, old_lines)[0] if oid is not None and part.line_key else None
            return oid, line, None
        if oid is not None:
            line_id, paid = self._order_line(oid, part, ident, old_lines)
            return oid, line_id, paid
        if customer is None or head.order_number:
            return None, None, None
        return self._latest_purchase(customer, (head.channel or self.source)[:32],
                                     part.sku or ident, head.returned_at, part.quantity)

    def _latest_purchase(self, customer: int, channel: str, sku: str, before: datetime, quantity: int) -> Link:
        """Link to the customer's most recent earlier purchase of the SKU with `quantity` units not yet returned."""
        if not sku:
            return None, None, None
        rows = self.session.execute(
            select(OrderLine.id, OrderLine.order_id, OrderLine.quantity, OrderLine.unit_price_minor)
            .join(Order, Order.id == OrderLine.order_id)
            .where(Order.customer_id == customer, Order.channel == channel, OrderLine.sku == sku,
                   Order.ordered_at <= before, OrderLine.quantity > 0)
            .order_by(Order.ordered_at.desc(), OrderLine.id.desc()).limit(50))
        for lid, order_id, bought, price in rows:
            if lid not in self.claimed:
                self.claimed[lid] = int(self.session.scalar(
                    select(func.coalesce(func.sum(ReturnLine.requested_qty), 0))
                    .where(ReturnLine.order_line_id == lid)) or 0)
            if bought - self.claimed[lid] >= quantity:
                self.claimed[lid] += quantity
                return order_id, lid, price
        return None, None, None

    def _line_row(self, ret: ParsedReturn, link: Link) -> dict[str, Any]:
        """Return the return line's row: its value is quantity × price paid, rounded once."""
        _oid, line_id, paid = link
        ident = self._product_sku(ret.sku, ret.product_key)
        product = self.known.products.get(ident) if ident else None
        currency = self._currency(ret, product)
        if ret.amount_only is not None:
            return self._amount_row(ret, minor_units(ret.amount_only, 1, currency), line_id, product)
        if isinstance(paid, Decimal):  # exact price paid on a line of this file
            value = minor_units(paid, ret.quantity, currency)
        elif paid is not None:  # a line already in the shop: its unit price paid
            value = paid * ret.quantity
        elif ret.unit_price is not None:
            value = minor_units(ret.unit_price, ret.quantity, currency)
        else:  # unknown price paid: the catalogue price
            value = product[1] * ret.quantity if product else 0
        self.counts["linked" if line_id is not None else "unlinked"] += 1
        return {"order_line_id": line_id, "product_id": product[0] if product else None,
                "sku": (ret.sku or ident)[:128], "name": ret.name[:512],
                "requested_qty": ret.quantity, "received_qty": ret.quantity,
                "resolved_qty": ret.quantity, "reason_code": ret.reason[:64],
                "customer_comment": ret.comment, "condition": ret.condition[:24] or None,
                "value_minor": value}

    @staticmethod
    def _amount_row(ret: ParsedReturn, value: int, line_id: int | None,
                    product: tuple[int, int, str] | None) -> dict[str, Any]:
        """Return a line of money paid back without units: on its order line when named, else on no product."""
        named = line_id is not None
        return {"order_line_id": line_id, "product_id": product[0] if product and named else None,
                "sku": ret.sku[:128] if named else "", "name": ret.name[:512] if named else "",
                "requested_qty": 0, "received_qty": 0, "resolved_qty": 0, "reason_code": ret.reason[:64],
                "customer_comment": ret.comment, "condition": None, "value_minor": value}

    def _currency(self, ret: ParsedReturn, product: tuple[int, int, str] | None) -> str:
        return ret.currency or (product[2] if product else None) or self.profile.currency or "EUR"

    def _return_row(self, ret: ParsedReturn, oid: int | None, customer: int | None, key: str) -> dict[str, Any]:
        """Return the historical return's row: closed on arrival, marked imported, in its own currency."""
        self.rma_seq += 1
        ident = self._product_sku(ret.sku, ret.product_key)
        currency = self._currency(ret, self.known.products.get(ident) if ident else None)
        when: datetime = ret.returned_at
        user = self.user.id if self.user else None
        return {"rma": f"IMP{self.batch_id}-{self.rma_seq:06d}", "order_id": oid,
                "customer_id": customer, "status": "closed",
                "channel": (ret.channel or self.source)[:32], "currency": currency,
                "requested_at": when, "received_at": when, "resolved_at": when, "closed_at": when,
                "imported": True, "import_batch_id": self.batch_id, "import_key": key,
                "source_document": ret.document[:64] or None,
                "created_by": user, "updated_by": user, "updated_at": self.now}

    def _order_line(self, oid: int, ret: ParsedReturn, ident: str, old_lines: OldLines
                    ) -> tuple[int | None, Decimal | int | None]:
        """Return the returned line's order line id and its price paid (exact, or minor units)."""
        if ret.line_key and (oid, ret.line_key) in self.line_ids:
            return self.line_ids[(oid, ret.line_key)]
        sku = ret.sku or ident
        if (oid, sku) in self.line_by_sku:
            return self.line_by_sku[(oid, sku)]
        for lid, line_sku, price, _qty in old_lines.get(oid, []):
            if line_sku and line_sku == sku:
                return lid, price
        return None, None
