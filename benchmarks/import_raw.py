"""The raw baseline of the import figure: the same Shopify file read with csv and its rows written with plain
sqlite3 executemany into the same tables of an empty shop (customers, products, orders, order lines).

No checks, no rounding rules, no returns: what any import must at least do. Run in a fresh interpreter:
`python -m benchmarks.import_raw FILE SHOP`.
"""

from __future__ import annotations

import csv
import sqlite3
import sys
from datetime import UTC, datetime


def _minor(text: str) -> int:
    return round(float(text or 0) * 100)


def _moment(text: str) -> str:
    return datetime.fromisoformat(text).astimezone(UTC).replace(tzinfo=None).isoformat(" ")


def load(path: str, shop: str) -> int:
    """Insert the file's rows into the shop; return the number of line-item rows."""
    customers: dict[str, tuple] = {}
    products: dict[str, tuple] = {}
    orders: list[tuple] = []
    lines: list[tuple] = []
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(" ")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        at = {name: i for i, name in enumerate(next(reader))}
        name, email, created, total = at["Name"], at["Email"], at["Created at"], at["Total"]
        sku_at, qty, price = at["Lineitem sku"], at["Lineitem quantity"], at["Lineitem price"]
        item = at["Lineitem name"]
        ship = [at[c] for c in ("Shipping Name", "Shipping Address1", "Shipping City", "Shipping Zip",
                                "Shipping Province", "Shipping Country")]
        order_id, position, last = 0, 0, None
        for row in reader:
            if row[name] != last:
                last, position, order_id = row[name], 0, order_id + 1
                who = customers.setdefault(row[email], (len(customers) + 1, "shopify:" + row[email],
                                                        row[ship[0]], row[email], "en", row[ship[1]],
                                                        row[ship[2]], row[ship[3]].lstrip("'"), row[ship[4]],
                                                        row[ship[5]], now))
                orders.append((order_id, row[name], "shopify", who[0], _moment(row[created]), "AUD",
                               _minor(row[at["Shipping"]]), _minor(row[at["Discount Amount"]]), _minor(row[total]),
                               "fulfilled", row[ship[0]], row[ship[1]], row[ship[2]], row[ship[3]].lstrip("'"),
                               row[ship[4]], row[ship[5]], "", "", now, _minor(row[at["Refunded Amount"]])))
            position += 1
            product = products.setdefault(row[sku_at], (len(products) + 1, row[sku_at], row[item], "",
                                                        _minor(row[price]), "AUD", 0, 0, 1))
            lines.append((len(lines) + 1, order_id, position, product[0], row[sku_at], row[item], "",
                          int(row[qty]), _minor(row[price]), 0, 0, 0, 0, 0))
    with sqlite3.connect(shop) as c:
        c.executemany("INSERT INTO customers (id, external_key, name, email, language, street, city, postcode, "
                      "region, country, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", customers.values())
        c.executemany("INSERT INTO products (id, sku, name, category, price_minor, currency, stock, final_sale, "
                      "version) VALUES (?,?,?,?,?,?,?,?,?)", products.values())
        c.executemany("INSERT INTO orders (id, number, channel, customer_id, ordered_at, currency, shipping_minor, "
                      "discount_minor, total_minor, status, ship_name, ship_street, ship_city, ship_postcode, "
                      "ship_region, ship_country, carrier, tracking_number, created_at, refunded_elsewhere_minor) "
                      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", orders)
        c.executemany("INSERT INTO order_lines (id, order_id, position, product_id, sku, name, category, quantity, "
                      "unit_price_minor, unit_tax_minor, shipping_share_minor, cancelled, cancelled_qty, "
                      "cancelled_minor) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", lines)
    return len(lines)


if __name__ == "__main__":
    print(load(sys.argv[1], sys.argv[2]))
