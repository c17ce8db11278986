"""The write pass of an import: new products, customers, orders, lines and historical returns in bulk."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop_app.core.db.models import (
    Customer,
    ImportBatch,
    Order,
    OrderLine,
    Product,
    Return,
    ReturnEvent,
    ReturnLine,
    utcnow,
)
from desktop_app.core.i18n import Message
from desktop_app.core.imports.checker import FileSummary, open_records
from desktop_app.core.imports.paid import paid_lines
from desktop_app.core.imports.parser import Record
from desktop_app.core.imports.profile import Profile
from desktop_app.core.imports.reader import ImportCancelled, Progress
from desktop_app.core.imports.records import ParsedOrder, ParsedReturn
from desktop_app.core.imports.result import ImportResult
from desktop_app.core.imports.store import (
    IdReserver,
    KnownRows,
    import_key,
    insert_many,
    insert_with_ids,
    minor_units,
)
from desktop_app.core.services.base import CurrentUser

CHUNK = 2000


class BatchWriter:
    """One import's write pass: inserts the validated file's new rows in chunks, in one transaction."""

    def __init__(self, session: Any, profile: Profile, path: Path, user: CurrentUser | None,
                 summary: FileSummary, digest: str, dry_run: bool) -> None:
        self.session, self.profile, self.path, self.user = session, profile, path, user
        self.summary, self.digest, self.dry_run = summary, digest, dry_run
        self.source = profile.source or profile.name
        self.now = utcnow()
        self.created: dict[tuple[str, str], list[int]] = {}  # (channel, number) -> [order id, last position]
        self.created_by_number: dict[str, list[tuple[int, str, int | None]]] = {}
        self.order_customer: dict[int, int | None] = {}
        self.line_ids: dict[tuple[int, str], tuple[int, Decimal | None]] = {}
        self.line_by_sku: dict[tuple[int, str], tuple[int, Decimal | None]] = {}
        self.lines_in_memory: set[int] = set()
        self.new_keys: set[str] = set()
        self.counts = dict.fromkeys(("orders", "old_orders", "lines", "returns", "old_returns", "cancelled",
                                     "products", "customers"), 0)
        self.rma_seq = 0

    def run(self, progress: Progress | None) -> ImportResult:
        """Insert everything new and return the counts."""
        uid = self.user.id if self.user else None
        batch = ImportBatch(profile=self.summary.profile[:128], filename=self.path.name, sha256=self.digest,
                            rows=self.summary.rows, user_id=uid, created_at=self.now)
        self.session.add(batch)
        self.session.flush()
        self.batch_id = batch.id
        self.known = KnownRows(self.session, self.summary.channels, self.source)
        self.ids = IdReserver(self.session)
        records: Iterable[Record]
        if self.summary.records is not None:
            records, self.catalogue = self.summary.records, self.summary.catalogue or {}
        else:
            parser, records = open_records(self.path, self.profile, progress)
            self.catalogue = parser.catalogue or {}
        kept = self.summary.records
        size = self.path.stat().st_size
        chunk: list[Record] = []
        done = 0
        for record in records:
            chunk.append(record)
            if len(chunk) >= CHUNK:
                self._flush(chunk)
                done += len(chunk)
                chunk = []
                if kept and progress is not None and progress(size * done // len(kept), size) is False:
                    raise ImportCancelled(Message("The import was cancelled; nothing was changed."))
        self._flush(chunk)
        if kept is not None and progress is not None:
            progress(size, size)
        c = self.counts
        batch.orders_added, batch.returns_added = c["orders"], c["returns"]
        added = c["orders"] + c["lines"] + c["returns"] + c["products"] + c["customers"]
        if added == 0:
            self.session.delete(batch)
        self.session.flush()
        return ImportResult(self.path.name, self.summary.profile, self.dry_run, self.summary.rows, c["orders"],
                            c["old_orders"], c["lines"], c["returns"], c["old_returns"], c["cancelled"],
                            c["products"], c["customers"], batch.id if added else None)

    # -- products and customers ------------------------------------------------------------------
    def _product_sku(self, sku: str, key: str) -> str:
        if sku:
            return sku
        return self.known.product_keys.get(key, key) if key else ""

    def _ensure_products(self, chunk: list[Record]) -> None:
        new: dict[str, dict[str, Any]] = {}
        currency_default = self.profile.currency or "EUR"

        def want(sku: str, key: str, name: str, price: Any, currency: str | None) -> None:
            ident = self._product_sku(sku, key)
            if not ident or ident in self.known.products or ident in new:
                return
            known = self.catalogue.get(key) if key else None
            if known is not None and known.price is not None:
                price, currency = known.price, known.currency or currency
            cur = (currency or currency_default)[:3]
            new[ident] = {"sku": ident[:128], "name": name[:512], "external_key": (key or None),
                          "price_minor": minor_units(price, 1, cur) if price is not None else 0,
                          "currency": cur, "category": known.category[:128] if known else ""}

        for record in chunk:
            if isinstance(record, ParsedOrder):
                for line in record.lines:
                    want(line.sku, line.product_key, line.name, line.unit_price, record.currency)
                for ret in record.returns:
                    want(ret.sku, ret.product_key, ret.name, ret.unit_price, ret.currency)
            elif isinstance(record, ParsedReturn):
                want(record.sku, record.product_key, record.name, record.unit_price, record.currency)
            else:
                want(record.sku, record.key, record.name, record.price, record.currency)
        rows = list(new.values())
        for row, pid in zip(rows, insert_with_ids(self.session, self.ids, Product, rows), strict=True):
            self.known.products[row["sku"]] = (pid, row["price_minor"], row["currency"])
            if row["external_key"]:
                self.known.product_keys[row["external_key"]] = row["sku"]
        self.counts["products"] += len(rows)

    def _customers(self, orders: list[ParsedOrder]) -> None:
        new: dict[str, dict[str, Any]] = {}
        for order in orders:
            c = order.customer
            if c is None:
                continue
            ext = f"{self.source}:{c.key}"[:128]
            if ext in self.known.customers or ext in new:
                continue
            street = "\n".join(p for p in (c.address1, c.address2) if p)
            new[ext] = {"external_key": ext, "name": c.name[:256], "email": c.email or None,
                        "phone": c.phone or None, "street": street,
                        "city": c.city[:128], "postcode": c.zip[:32], "region": c.province[:128],
                        "country": (c.country or order.country)[:64], "created_at": self.now}
        rows = list(new.values())
        for row, cid in zip(rows, insert_with_ids(self.session, self.ids, Customer, rows), strict=True):
            self.known.customers[row["external_key"]] = cid
        self.counts["customers"] += len(rows)

    # -- orders ----------------------------------------------------------------------------------
    def _flush(self, chunk: list[Record]) -> None:
        if not chunk:
            return
        self._ensure_products(chunk)
        orders = [r for r in chunk if isinstance(r, ParsedOrder)]
        self._customers(orders)
        returns: list[tuple[ParsedReturn, int | None]] = []
        pending: list[tuple[ParsedOrder, dict[str, Any]]] = []
        line_jobs: list[tuple[ParsedOrder, int]] = []
        pending_keys: set[tuple[str, str]] = set()
        later: list[tuple[ParsedOrder, tuple[str, str]]] = []  # more rows of an order pending here
        for order in orders:
            channel = (order.channel or self.source)[:32]
            key = (channel, order.number)
            if key in pending_keys:
                later.append((order, key))
                continue
            mine = self.created.get(key)
            old = self.known.orders.get(key)
            if mine is not None:
                line_jobs.append((order, mine[0]))
            elif old is not None:
                if old[2]:
                    self.counts["old_orders"] += 1
                else:
                    self.created[key] = [old[0], 0]
                    self.order_customer[old[0]] = old[1]
                    line_jobs.append((order, old[0]))
            else:
                pending_keys.add(key)
                pending.append((order, self._order_row(order, channel)))
        ids = insert_with_ids(self.session, self.ids, Order, [row for _o, row in pending])
        for (order, row), oid in zip(pending, ids, strict=True):
            self.created[(row["channel"], order.number)] = [oid, 0]
            self.created_by_number.setdefault(order.number, []).append((oid, row["channel"],
                                                                        row["customer_id"]))
            self.order_customer[oid] = row["customer_id"]
            line_jobs.append((order, oid))
            self.counts["orders"] += 1
            self.counts["cancelled"] += order.cancelled
        line_jobs.extend((order, self.created[key][0]) for order, key in later)
        self._lines(line_jobs)
        for order in orders:
            key = ((order.channel or self.source)[:32], order.number)
            oid = (self.created.get(key) or [None])[0] or self.known.orders.get(key, (None,))[0]
            returns.extend((ret, oid if ret.order_number == order.number else None) for ret in order.returns)
        returns.extend((r, None) for r in chunk if isinstance(r, ParsedReturn))
        if returns:
            self._returns(returns)

    def _order_row(self, order: ParsedOrder, channel: str) -> dict[str, Any]:
        c = order.customer
        currency = order.currency or self.profile.currency or "EUR"
        total = sum(minor_units(line.unit_price, line.quantity, currency) if line.unit_price is not None
                    else minor_units(line.line_total or 0, 1, currency) for line in order.lines)
        if order.total is not None:
            total = minor_units(order.total, 1, currency)
        status = "cancelled" if order.cancelled else ("refunded" if order.returns else "fulfilled")
        return {"number": order.number[:64], "channel": channel, "ordered_at": order.ordered_at,
                "currency": currency, "total_minor": total, "status": status,
                "shipping_minor": minor_units(order.shipping, 1, currency) if order.shipping else 0,
                "discount_minor": minor_units(order.discount, 1, currency) if order.discount else 0,
                "customer_id": self.known.customers.get(f"{self.source}:{c.key}"[:128]) if c else None,
                "ship_name": (c.name if c else "")[:256],
                "ship_street": "\n".join(p for p in ((c.address1, c.address2) if c else ()) if p),
                "ship_city": (c.city if c else "")[:128], "ship_postcode": (c.zip if c else "")[:32],
                "ship_region": (c.province if c else "")[:128], "ship_country": order.country[:64],
                "import_batch_id": self.batch_id, "created_at": self.now}

    def _lines(self, jobs: list[tuple[ParsedOrder, int]]) -> None:
        rows: list[dict[str, Any]] = []
        keys: list[tuple[int, str, Any]] = []
        for order, oid in jobs:
            state = self.created[((order.channel or self.source)[:32], order.number)]
            currency = order.currency or self.profile.currency or "EUR"
            idents = [self._product_sku(line.sku, line.product_key) for line in order.lines]
            products = [self.known.products.get(ident) if ident else None for ident in idents]
            paid = paid_lines(order, currency, [p[1] if p else 0 for p in products])
            for line, ident, product, price in zip(order.lines, idents, products, paid, strict=True):
                state[1] += 1
                known = self.catalogue.get(line.product_key) if line.product_key else None
                rows.append({"order_id": oid, "position": state[1],
                             "product_id": product[0] if product else None,
                             "sku": (line.sku or ident)[:128], "name": line.name[:512],
                             "category": known.category[:128] if known else "",
                             "quantity": line.quantity, "unit_price_minor": price.unit_minor,
                             "shipping_share_minor": price.shipping_minor})
                keys.append((oid, line.key, price.unit_exact, bool(order.returns)))
        ids = insert_with_ids(self.session, self.ids, OrderLine, rows)
        for (oid, key, unit, needed), lid, row in zip(keys, ids, rows, strict=True):
            if needed:  # only orders with returns in the file keep their line ids in memory
                self.lines_in_memory.add(oid)
                self.line_ids[(oid, key)] = (lid, unit)
                self.line_by_sku.setdefault((oid, row["sku"]), (lid, unit))
        self.counts["lines"] += len(rows)

    # -- returns ---------------------------------------------------------------------------------
    def _find_order(self, ret: ParsedReturn, found: dict[str, list[tuple[int, str, int | None]]]
                    ) -> int | None:
        if not ret.order_number:
            return None
        candidates = self.created_by_number.get(ret.order_number) or found.get(ret.order_number, [])
        if len(candidates) == 1:
            return candidates[0][0]
        for oid, channel, _customer in candidates:
            if channel in (ret.channel, self.source):
                return oid
        return None

    def _returns(self, items: list[tuple[ParsedReturn, int | None]]) -> None:
        fresh: list[tuple[ParsedReturn, int | None, str]] = []
        for ret, oid in items:
            key = import_key(self.source, ret.key)
            if key in self.known.return_keys or key in self.new_keys:
                self.counts["old_returns"] += 1
                continue
            self.new_keys.add(key)
            fresh.append((ret, oid, key))
        if not fresh:
            return
        lookup = {r.order_number for r, oid, _k in fresh if oid is None and r.order_number}
        found = self.known.orders_by_number(lookup) if lookup else {}
        linked = [(r, oid if oid is not None else self._find_order(r, found), k) for r, oid, k in fresh]
        old_ids = {oid for _r, oid, _k in linked if oid is not None and oid not in self.lines_in_memory}
        old_lines = self.known.lines_of(old_ids) if old_ids else {}
        returns, lines, events = [], [], []
        for ret, oid, key in linked:
            ident = self._product_sku(ret.sku, ret.product_key)
            product = self.known.products.get(ident) if ident else None
            line_id, paid = self._order_line(oid, ret, ident, old_lines)
            currency = ret.currency or (product[2] if product else None) or self.profile.currency or "EUR"
            if isinstance(paid, Decimal):  # exact price paid on a line of this file
                value = minor_units(paid, ret.quantity, currency)
            elif paid is not None:  # a line already in the shop: its unit price paid
                value = paid * ret.quantity
            elif ret.unit_price is not None:
                value = minor_units(ret.unit_price, ret.quantity, currency)
            else:  # unknown price paid: the catalogue price
                value = product[1] * ret.quantity if product else 0
            self.rma_seq += 1
            when: datetime = ret.returned_at
            customer = self.order_customer.get(oid) if oid is not None else None
            if oid is not None and customer is None:
                customer = next((c for o, _ch, c in found.get(ret.order_number, []) if o == oid), None)
            returns.append({"rma": f"IMP{self.batch_id}-{self.rma_seq:06d}", "order_id": oid,
                            "customer_id": customer, "status": "closed",
                            "channel": (ret.channel or self.source)[:32], "currency": currency,
                            "requested_at": when, "received_at": when, "resolved_at": when, "closed_at": when,
                            "imported": True, "import_batch_id": self.batch_id, "import_key": key,
                            "created_by": self.user.id if self.user else None,
                            "updated_by": self.user.id if self.user else None, "updated_at": self.now})
            lines.append({"order_line_id": line_id, "product_id": product[0] if product else None,
                          "sku": (ret.sku or ident)[:128], "name": ret.name[:512],
                          "requested_qty": ret.quantity, "received_qty": ret.quantity,
                          "resolved_qty": ret.quantity, "reason_code": ret.reason[:64],
                          "customer_comment": ret.comment, "condition": ret.condition[:24] or None,
                          "value_minor": value})
            events.append({"kind": "imported", "from_status": None, "to_status": "closed",
                           "note": self.path.name[:200],
                           "data": {"batch": self.batch_id, "line": ret.source_line},
                           "user_id": self.user.id if self.user else None, "created_at": self.now})
        ids = insert_with_ids(self.session, self.ids, Return, returns)
        for rid, line, event in zip(ids, lines, events, strict=True):
            line["return_id"] = rid
            event["return_id"] = rid
        insert_many(self.session, ReturnLine, lines)
        insert_many(self.session, ReturnEvent, events)
        self.counts["returns"] += len(returns)

    def _order_line(self, oid: int | None, ret: ParsedReturn, ident: str,
                    old_lines: dict[int, list[tuple[int, str, int, int]]]
                    ) -> tuple[int | None, Decimal | int | None]:
        """Return the returned line's order line id and its price paid (exact, or minor units)."""
        if oid is None:
            return None, None
        if ret.line_key and (oid, ret.line_key) in self.line_ids:
            return self.line_ids[(oid, ret.line_key)]
        sku = ret.sku or ident
        if (oid, sku) in self.line_by_sku:
            return self.line_by_sku[(oid, sku)]
        for lid, line_sku, price, _qty in old_lines.get(oid, []):
            if line_sku and line_sku == sku:
                return lid, price
        return None, None
