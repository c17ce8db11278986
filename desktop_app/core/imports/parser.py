"""Turn the rows of an export into plain order, return and product records, noting every bad cell."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from decimal import Decimal

from desktop_app.core.i18n import N_
from desktop_app.core.imports.cells import CellReader, Cells
from desktop_app.core.imports.orderlevel import DATES, OrderRows
from desktop_app.core.imports.reader import Layout, normalise_header
from desktop_app.core.imports.records import (
    LineProblem,
    ParsedCustomer,
    ParsedLine,
    ParsedOrder,
    ParsedProduct,
    ParsedReturn,
)
from desktop_app.core.imports.refunds import listed_refunds, partial_refund, read_refunds
from desktop_app.core.imports.values import BadValue, parse_amount

Record = ParsedOrder | ParsedReturn | ParsedProduct


class RecordParser(CellReader):
    """Convert rows laid out as `layout` says into records; bad cells go to `problems`."""

    def __init__(self, layout: Layout, catalogue: dict[str, ParsedProduct] | None = None,
                 catalogue_name: str = "") -> None:
        super().__init__(layout)
        self.catalogue = catalogue
        self.catalogue_name = catalogue_name
        self.catalogue_problems: list[LineProblem] = []  # the catalogue's own bad lines, reported with ours
        self.rows = 0
        self._seen_keys: dict[str, int] = {}
        self._ordinals: dict[str, int] = {}
        self.groups = OrderRows(self.profile.per_line, self._problem, self._note_bad, self._quiet)
        self._credit_head = OrderRows(self.profile.per_line, self._problem, self._note_bad, self._quiet)
        self._document: ParsedReturn | None = None  # the credit note being read (its rows are together)
        self._documents: dict[str, int] = {}  # credit note number -> its first line
        self._document_line = 0  # first line of the credit note being read
        self._packed = [i for i, h in enumerate(layout.header) if self.profile.packed_lines and
                        normalise_header(h).startswith(normalise_header(self.profile.packed_lines.column_prefix))]

    def _product(self, row: Cells, line: int, fields: dict[str, str] | None = None
                 ) -> tuple[str, str, str, Decimal | None] | None:
        source = fields if fields is not None else row
        sku, key, name = source.get("sku", ""), source.get("product_key", ""), source.get("product_name", "")
        price = None
        if key and self.catalogue is not None:
            product = self.catalogue.get(key)
            if product is None:
                self._problem(line, "product_key", key, N_("no product has this key in the catalogue {file}"),
                              file=self.catalogue_name)
                return None
            sku, name, price = sku or product.sku, name or product.name, product.price
        if not (sku or key or name):
            self._problem(line, "sku", "", N_("the line names no product (no SKU, key or name)"))
            return None
        return sku, key, name, price

    def _unit_price(self, row: Cells, line: int) -> Decimal | None:
        """Return a row's unit price; a negative one is noted (a return is a negative quantity)."""
        price = self._amount(row, "unit_price", line)
        if price is not None and price < 0:
            self._problem(line, "unit_price", row.get("unit_price", ""),
                          N_("a unit price cannot be negative (a return is written as a negative quantity)"))
            return None
        return price

    def _unique(self, base: str) -> str:
        count = self._seen_keys.get(base, 0) + 1
        self._seen_keys[base] = count
        return f"{base}#{count}"

    # -- records ---------------------------------------------------------------------------------
    def records(self, rows: Iterable[tuple[int, list[str]]]) -> Iterator[Record]:
        """Yield one record per product or return row, and one per group of rows of the same order."""
        kind = self.profile.kind
        if kind == "orders":
            yield from self._orders(rows)
            return
        convert = self._return if kind == "returns" else self._product_row
        for line, raw in rows:
            self._line_bad = False
            self.rows += 1
            record = convert(line, self.cells(raw, line))
            if record is not None and not self._line_bad:
                yield record

    def _product_row(self, line: int, row: Cells) -> ParsedProduct | None:
        key = self.text(row, "product_key", line)
        if not key:
            self._problem(line, "product_key", "", N_("a product key is needed here"))
            return None
        price = self._amount(row, "price", line)
        cost = self._amount(row, "cost", line)
        currency = (self.text(row, "currency", line).upper() or self.profile.currency) or None
        return ParsedProduct(key, self.text(row, "sku", line), self.text(row, "name", line), price, currency,
                             cost, self.text(row, "category", line))

    def _return(self, line: int, row: Cells) -> ParsedReturn | None:
        when = self._date(row, "return_date", line, required=True)
        quantity = self._count(row, "quantity", line)
        if quantity is not None and quantity == 0:
            self._problem(line, "quantity", "0", N_("a returned quantity must be more than zero"))
        product = self._product(row, line)
        price = self._unit_price(row, line)
        currency = self._currency(row, line, required=False)
        if when is None or quantity is None or product is None or self._line_bad:
            return None
        sku, key, name, catalogue_price = product
        order = self.text(row, "order_number", line)
        base = "|".join((self.profile.source, order, sku or key or name, when.isoformat(), str(abs(quantity)),
                         self.text(row, "return_key", line)))
        return ParsedReturn(
            line, self._unique(base), when, order, sku, key, name, abs(quantity),
            price if price is not None else catalogue_price, currency,
            reason=self.text(row, "reason", line), condition=self.text(row, "condition", line),
            comment=self.text(row, "comment", line), channel=self.text(row, "channel", line),
            country=self.text(row, "country", line),
        )

    def _address(self, row: Cells) -> ParsedCustomer:
        """Return who bought and where it went, as far as the row says (key left empty)."""
        t = row.get
        return ParsedCustomer("", t("customer_name", "") or t("ship_name", ""), t("customer_email", ""),
                              t("customer_phone", ""), t("ship_address1", ""), t("ship_address2", ""),
                              t("ship_city", ""), t("ship_zip", ""), t("ship_province", ""), t("country", ""))

    def _customer(self, address: ParsedCustomer, row: Cells) -> ParsedCustomer | None:
        """Return the customer when the row names one (by key, e-mail or name)."""
        key = row.get("customer_key", "") or address.email.casefold() or address.name
        if not key:
            return None
        return ParsedCustomer(key, address.name, address.email, address.phone, address.address1,
                              address.address2, address.city, address.zip, address.province, address.country)

    def _note_bad(self, row: Cells, field: str, line: int) -> None:
        """Parse a date or amount cell only to note why it is bad."""
        if field in DATES:
            self._date(row, field, line, required=False)
        else:
            self._amount(row, field, line)

    def _quiet(self, field: str, text: str) -> object:
        """Return a date or amount cell's value, None when it is bad (nothing noted)."""
        try:
            return self.dates.parse(text) if field in DATES else parse_amount(text, self.profile.numbers)
        except BadValue:
            return None

    def _orders(self, rows: Iterable[tuple[int, list[str]]]) -> Iterator[ParsedOrder | ParsedReturn]:
        current: ParsedOrder | None = None
        current_bad = False
        prefixes = self.profile.rules.number_prefixes
        for line, raw in rows:
            self._line_bad = False
            self.rows += 1
            row = self.cells(raw, line)
            number = row.get("order_number", "")
            if not number:
                self._problem(line, "order_number", "", N_("an order number is needed here"))
                continue
            if prefixes and number.startswith(prefixes):
                done = self._credit_document(line, row, number)
                if done is not None:
                    yield done
                continue
            if current is None or number != current.number:
                if current is not None and self._finish(current) and not current_bad:
                    yield current
                current, current_bad = self._order_head(line, row, number), False
                self.groups.start(number, line, row)
                current_bad = self._line_bad
            else:
                self.groups.check(line, row, skip_date=self._is_return_row(row))
            if self.profile.order_lines or self._packed:
                self._order_line(line, row, current)
            current_bad = current_bad or self._line_bad
        if current is not None and self._finish(current) and not current_bad:
            yield current
        if self._document is not None:
            yield self._document

    def _is_return_row(self, row: Cells) -> bool:
        """A negative quantity that the profile reads as a return: its date is the return's, not the order's."""
        return self.profile.rules.negative_quantity and row.get("quantity", "").startswith("-")

    def _finish(self, order: ParsedOrder) -> bool:
        """End an order's rows: check its discount (True: the order may be kept)."""
        line_bad, self._line_bad = self._line_bad, False  # problems found here belong to the order's lines
        sold = [line for line in order.lines if not line.cancelled]
        gross = sum((line.unit_price * line.quantity for line in sold if line.unit_price is not None),
                    Decimal(0)) + sum((line.line_total for line in sold
                                       if line.unit_price is None and line.line_total is not None), Decimal(0))
        if order.discount is not None and sold and order.discount > gross:
            self._problem(order.source_line, "discount_total", str(order.discount),
                          N_("a discount larger than the order's lines ({amount}) cannot be right"), amount=gross)
        if order.refunded is not None and order.total is not None and order.refunded > order.total:
            self._problem(order.source_line, "refunded_total", str(order.refunded),
                          N_("more paid back than the order's total ({amount}) cannot be right"), amount=order.total)
        if order.tax is not None and order.tax < 0:
            self._problem(order.source_line, "tax_total", str(order.tax), N_("a tax below zero cannot be right"))
        self._line_bad = line_bad
        currency = order.currency or self.profile.currency or "EUR"
        if order.refunds:  # the file lists the platform's refunds (WooCommerce)
            listed_refunds(order, currency, self.profile.source)
        elif order.status.casefold() in self.profile.rules.partial_refund_statuses:
            order.returns.extend(partial_refund(order, currency, self.profile.source))
        return True

    def _order_head(self, line: int, row: Cells, number: str) -> ParsedOrder:
        rules = self.profile.rules
        self._ordinals = {}
        when = self._date(row, "order_date", line, required=True)
        status = self.text(row, "status", line)
        folded = status.casefold()
        cancelled = folded in rules.cancel_statuses or (
            rules.cancelled_at_cancels and bool(self.text(row, "cancelled_at", line)))
        address = self._address(row)
        order = ParsedOrder(line, number, when, self._currency(row, line), status,
                            self.text(row, "channel", line), self.text(row, "country", line),
                            self._customer(address, row), cancelled, ship=address)
        order.total = self._amount(row, "order_total", line)
        order.shipping = self._amount(row, "shipping_total", line)
        order.discount = self._amount(row, "discount_total", line)
        order.refunded = self._amount(row, "refunded_total", line)
        order.refunds = read_refunds(self.text(row, "refunds"), self.profile.numbers, line, self._problem)
        if order.refunds and order.refunded is None:
            order.refunded = sum((r.amount for r in order.refunds), Decimal(0))
        order.tax = self._amount(row, "tax_total", line)
        order.tax_name = self.text(row, "tax_name", line)
        order.shipping_tax = self._amount(row, "shipping_tax", line)
        return order

    def _line_values(self) -> list[dict[str, str]]:
        packed = self.profile.packed_lines
        row = self._raw
        if packed is None:
            return []
        keys = dict(packed.keys)
        items = []
        for index in self._packed:
            cell = row[index].strip() if index < len(row) else ""
            if not cell:
                continue
            pairs = {}
            for part in cell.split(packed.item_separator):
                name, _sep, value = part.partition(packed.pair_separator)
                pairs[name.strip()] = value.strip()
            items.append({field: pairs.get(source, "") for field, source in keys.items()})
        return items

    def _order_line(self, line: int, row: Cells, order: ParsedOrder) -> None:
        if not self._packed and not (row.get("quantity") or row.get("sku") or row.get("product_key") or
                                     row.get("product_name") or row.get("unit_price") or row.get("line_total")):
            return  # an order-level row without an item (eBay's multi-item summary row)
        if self._packed:
            for values in self._line_values():
                self._add_line(line, row, order, values)
        else:
            self._add_line(line, row, order, None)

    def _add_line(self, line: int, row: Cells, order: ParsedOrder, fields: dict[str, str] | None) -> None:
        if fields is not None:
            self._check_texts(fields, line)
        get = (fields if fields is not None else row).get
        quantity = self._count(row, "quantity", line, get("quantity", ""))
        product = self._product(row, line, fields)
        price = self._amount(row, "unit_price", line, get("unit_price", ""))
        total = self._amount(row, "line_total", line, get("line_total", ""))
        if price is not None and price < 0:
            self._problem(line, "unit_price", get("unit_price", ""),
                          N_("a unit price cannot be negative (a return is written as a negative quantity)"))
            return
        if quantity is None or product is None:
            return
        sku, key, name, catalogue_price = product
        explicit = get("line_key", "") or get("line_number", "")
        if not explicit:
            ident = sku or key or name
            count = self._ordinals.get(ident, 0) + 1
            self._ordinals[ident] = count
            explicit = f"{ident}#{count}"
        line_key = explicit
        if quantity == 0:  # a cancelled line (marketplace reports): kept with the amount the file gives
            order.lines.append(ParsedLine(line, line_key, sku, key, name, 0, price, total, cancelled=True))
            return
        if price is None and total is None:
            price = catalogue_price
        rules = self.profile.rules
        if quantity < 0 and rules.negative_quantity:
            target = self.text(row, "original_order", line) or order.number
            paid = price if price is not None else _per_unit(total, quantity)
            ret = self._order_return(line, order, target, line_key, sku, key, name, -quantity, paid)
            ret.returned_at = self._date(row, "order_date", line, required=False) or ret.returned_at
            ret.key += f"|{line_key}"
            order.returns.append(ret)
            return
        if quantity < 0:
            self._problem(line, "quantity", str(quantity),
                          N_("a negative quantity, and the profile has no rule that makes it a return"))
            return
        discount = self._amount(row, "line_discount", line, get("line_discount", ""))
        gross = price * quantity if price is not None else total
        if discount is not None and gross is not None and discount > gross:
            self._problem(line, "line_discount", get("line_discount", ""),
                          N_("a discount larger than the line's price ({amount}) cannot be right"), amount=gross)
        refunded = self._amount(row, "line_refunded", line, get("line_refunded", ""))
        if refunded is not None and total is not None and refunded > total:
            self._problem(line, "line_refunded", get("line_refunded", ""),
                          N_("more paid back than the line's total ({amount}) cannot be right"), amount=total)
        order.lines.append(ParsedLine(line, line_key, sku, key, name, quantity, price, total, discount,
                                      refunded=refunded, tax=self._line_tax(row, line, get("line_tax", ""))))
        if not order.cancelled and order.status.casefold() in rules.return_statuses:
            order.returns.append(self._order_return(line, order, order.number, line_key, sku, key, name,
                                                    quantity, price if price is not None
                                                    else _per_unit(total, quantity)))

    def _line_tax(self, row: Cells, line: int, raw: str) -> Decimal | None:
        """Return the line's own tax; a profile mapping it reads a line without one as untaxed (0)."""
        tax = self._amount(row, "line_tax", line, raw)
        packed = self.profile.packed_lines  # the plugin leaves a line's tax out when it is 0.00
        mapped = packed is not None and "line_tax" in dict(packed.keys)
        if tax is not None and tax < 0:
            self._problem(line, "line_tax", raw, N_("a tax below zero cannot be right"))
        return tax if tax is not None or not mapped else Decimal(0)

    def _order_return(self, line: int, order: ParsedOrder, target: str, line_key: str, sku: str, key: str,
                      name: str, quantity: int, price: Decimal | None) -> ParsedReturn:
        when = order.ordered_at or datetime.min
        key_text = f"{self.profile.source}|{order.number}|{line_key}|return"
        return ParsedReturn(line, key_text, when, target, sku, key, name, quantity, price, order.currency,
                            reason="",
                            channel=order.channel, country=order.country, line_key=line_key)

    def _credit_row(self, line: int, row: Cells, number: str) -> ParsedReturn | None:
        when = self._date(row, "order_date", line, required=True)
        quantity = self._count(row, "quantity", line)
        product = self._product(row, line)
        price = self._unit_price(row, line)
        currency = self._currency(row, line)
        if quantity == 0:
            self._problem(line, "quantity", "0", N_("a returned quantity must be more than zero"))
        if when is None or quantity is None or product is None or quantity == 0:
            return None
        sku, key, name, catalogue_price = product
        base = f"{self.profile.source}|{number}|{sku or key or name}"
        return ParsedReturn(line, self._unique(base), when, self.text(row, "original_order", line), sku, key,
                            name, abs(quantity), price if price is not None else catalogue_price, currency,
                            reason=self.text(row, "status", line), channel=self.text(row, "channel", line),
                            country=self.text(row, "country", line), document=number,
                            customer=self._customer(self._address(row), row))

    def _credit_document(self, line: int, row: Cells, number: str) -> ParsedReturn | None:
        """Add a credit-note row to its document; return the previous document when this row starts another."""
        credit = self._credit_row(line, row, number)
        open_doc = self._document
        if self._documents.get(number) == self._document_line:
            self._credit_head.check(line, row)
            if credit is not None and open_doc is not None:
                open_doc.more.append(credit)
            return None
        self._document_line = line
        first = self._documents.setdefault(number, line)
        if first != line:
            self._problem(line, "order_number", number, N_("this credit note number was already used on line "
                                                           "{first_line}; a credit note's lines must be together"),
                          first_line=first)
        self._credit_head.start(number, line, row)
        self._credit_head.seen.clear()  # a number used twice is noted above
        self._document = credit
        return open_doc


def _per_unit(total: Decimal | None, quantity: int) -> Decimal | None:
    if total is None or quantity == 0:
        return None
    return abs(total) / abs(quantity)
