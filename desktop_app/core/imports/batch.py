"""The write pass of an import: new products, customers, orders, lines and historical returns in bulk."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import text

from desktop_app.core.db.models import (
    Customer,
    ImportBatch,
    Order,
    OrderLine,
    Product,
    utcnow,
)
from desktop_app.core.db.search_index import index_new_returns
from desktop_app.core.i18n import Message
from desktop_app.core.imports.checker import FileSummary, open_records
from desktop_app.core.imports.paid import cancelled_line, paid_lines
from desktop_app.core.imports.parser import Record
from desktop_app.core.imports.profile import Profile
from desktop_app.core.imports.reader import ImportCancelled, Progress
from desktop_app.core.imports.records import ParsedOrder, ParsedReturn
from desktop_app.core.imports.result import ImportResult
from desktop_app.core.imports.returns_writer import ReturnRows
from desktop_app.core.imports.store import (
    IdReserver,
    KnownRows,
    bulk_search_index,
    insert_with_ids,
    minor_units,
)
from desktop_app.core.imports.taxes import LineTax, ShopTax, line_taxes, unit_tax
from desktop_app.core.services.base import CurrentUser
from desktop_app.core.services.settings import load_settings

CHUNK = 2000


class BatchWriter(ReturnRows):
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
        self.old_seen: set[tuple[str, str]] = set()
        self.counts = dict.fromkeys(("orders", "old_orders", "lines", "returns", "old_returns", "cancelled",
                                     "cancelled_lines", "old_lines", "completed", "linked", "unlinked",
                                     "products", "customers", "refund_lines", "refund_amount"), 0)
        self.rma_seq = 0
        self.claimed: dict[int, int] = {}  # order line id -> units returned (returns linked by customer)
        shop = load_settings(session)
        include = self.profile.prices_include_tax  # None: the shop's setting
        self.tax = ShopTax(shop.prices_include_tax if include is None else include, shop.default_tax_rate_ppm)

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
        indexed_up_to = bulk_search_index(self.session)
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
        if indexed_up_to is not None:
            index_new_returns(self._sql, indexed_up_to)
        return ImportResult(self.path.name, self.summary.profile, self.dry_run, self.summary.rows, c["orders"],
                            c["old_orders"], c["lines"], c["returns"], c["old_returns"], c["cancelled"],
                            c["products"], c["customers"], batch.id if added else None,
                            self.summary.invisible_removed, self.summary.invisible_first_line, c["old_lines"],
                            c["completed"], c["cancelled_lines"], c["linked"], c["unlinked"],
                            c["refund_lines"], c["refund_amount"])

    def _sql(self, statement: str) -> None:
        self.session.execute(text(statement))

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

    def _customers(self, orders: list[ParsedOrder], returns: list[ParsedReturn]) -> None:
        new: dict[str, dict[str, Any]] = {}
        named = [(o.customer, o.country) for o in orders] + [(r.customer, r.country) for r in returns]
        for c, country in named:
            if c is None:
                continue
            ext = f"{self.source}:{c.key}"[:128]
            if ext in self.known.customers or ext in new:
                continue
            street = "\n".join(p for p in (c.address1, c.address2) if p)
            new[ext] = {"external_key": ext, "name": c.name[:256], "email": c.email or None,
                        "phone": c.phone or None, "street": street,
                        "city": c.city[:128], "postcode": c.zip[:32], "region": c.province[:128],
                        "country": (c.country or country)[:64], "created_at": self.now}
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
        self._customers(orders, [r for r in chunk if isinstance(r, ParsedReturn)])
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
                if key not in self.old_seen:  # counted once, however many groups of rows it has here
                    self.old_seen.add(key)
                    self.counts["old_orders"] += 1
                    self.counts["completed"] += not old[2] and bool(order.lines)
                if old[2]:
                    self.counts["old_lines"] += len(order.lines)
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
            self.counts["cancelled"] += row["status"] == "cancelled"
        line_jobs.extend((order, self.created[key][0]) for order, key in later)
        self._lines(line_jobs)
        for order in orders:
            key = ((order.channel or self.source)[:32], order.number)
            created = self.created.get(key)
            found = (created[0] if created else None) or self.known.orders.get(key, (None,))[0]
            returns.extend((ret, found if ret.order_number == order.number else None) for ret in order.returns)
        returns.extend((r, None) for r in chunk if isinstance(r, ParsedReturn))
        if returns:
            self._returns(returns)

    def _order_row(self, order: ParsedOrder, channel: str) -> dict[str, Any]:
        c = order.ship or order.customer
        currency = order.currency or self.profile.currency or "EUR"
        sold = [line for line in order.lines if not line.cancelled]
        if order.total is not None:
            total = minor_units(order.total, 1, currency)
        else:
            total = sum(minor_units(line.unit_price, line.quantity, currency) if line.unit_price is not None
                        else minor_units(line.line_total or Decimal(0), 1, currency) for line in sold)
        cancelled = order.cancelled or bool(order.lines and not sold)
        refunded = any(not ret.partial_refund for ret in order.returns)  # a partial refund leaves it fulfilled
        status = "cancelled" if cancelled else ("refunded" if refunded else "fulfilled")
        return {"number": order.number[:64], "channel": channel, "ordered_at": order.ordered_at,
                "currency": currency, "total_minor": total, "status": status,
                "shipping_minor": minor_units(order.shipping, 1, currency) if order.shipping else 0,
                "discount_minor": minor_units(order.discount, 1, currency) if order.discount else 0,
                "refunded_elsewhere_minor": minor_units(order.refunded, 1, currency) if order.refunded else 0,
                "tax_minor": minor_units(order.tax, 1, currency) if order.tax is not None else None,
                "prices_include_tax": self.tax.prices_include_tax,
                "customer_id": self.known.customers.get(f"{self.source}:{order.customer.key}"[:128])
                if order.customer else None,
                "ship_name": (c.name if c else "")[:256],
                "ship_street": "\n".join(p for p in ((c.address1, c.address2) if c else ()) if p),
                "ship_city": (c.city if c else "")[:128], "ship_postcode": (c.zip if c else "")[:32],
                "ship_region": (c.province if c else "")[:128],
                "ship_country": (order.country or (c.country if c else ""))[:64],
                "import_batch_id": self.batch_id, "created_at": self.now}

    def _lines(self, jobs: list[tuple[ParsedOrder, int]]) -> None:
        rows: list[dict[str, Any]] = []
        keys: list[tuple[int, str, Any, bool]] = []
        for order, oid in jobs:
            state = self.created[((order.channel or self.source)[:32], order.number)]
            currency = order.currency or self.profile.currency or "EUR"
            idents = [self._product_sku(line.sku, line.product_key) for line in order.lines]
            products = [self.known.products.get(ident) if ident else None for ident in idents]
            sold, taxes, _include = line_taxes(order, paid_lines(
                order, currency, [p[1] if p else 0 for p, line in zip(products, order.lines, strict=True)
                                  if not line.cancelled]), currency, self.tax)
            paid, taxed = iter(sold), iter(taxes)
            for line, ident, product in zip(order.lines, idents, products, strict=True):
                price = cancelled_line(line, currency) if line.cancelled else next(paid)
                tax = LineTax(None, 0) if line.cancelled else next(taxed)
                state[1] += 1
                known = self.catalogue.get(line.product_key) if line.product_key else None
                rows.append({"order_id": oid, "position": state[1],
                             "product_id": product[0] if product else None,
                             "sku": (line.sku or ident)[:128], "name": line.name[:512],
                             "category": known.category[:128] if known else "",
                             "quantity": line.quantity, "unit_price_minor": price.unit_minor,
                             "shipping_share_minor": price.shipping_minor, "cancelled": line.cancelled,
                             "cancelled_minor": price.cancelled_minor, "paid_minor": price.paid_minor,
                             "tax_minor": tax.tax_minor, "tax_rate_ppm": tax.rate_ppm,
                             "unit_tax_minor": unit_tax(tax.tax_minor, line.quantity)})
                self.counts["cancelled_lines"] += line.cancelled
                keys.append((oid, line.key, price.unit_exact, bool(order.returns)))
        ids = insert_with_ids(self.session, self.ids, OrderLine, rows)
        for (oid, key, unit, needed), lid, row in zip(keys, ids, rows, strict=True):
            if needed:  # only orders with returns in the file keep their line ids in memory
                self.lines_in_memory.add(oid)
                self.line_ids[(oid, key)] = (lid, unit)
                self.line_by_sku.setdefault((oid, row["sku"]), (lid, unit))
        self.counts["lines"] += len(rows)
