"""A generated Shopify orders export shaped like the real one: the 79-column header, a BOM, CRLF line ends,
continuation rows that repeat only Name and the line-item columns, multi-line quoted Note Attributes, zips
written '2759, timestamps with an offset, refunded, partially refunded and cancelled orders."""

from __future__ import annotations

import csv
import random
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

HEADER = ("Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,"
          "Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,"
          "Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,"
          "Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,Billing Name,"
          "Billing Street,Billing Address1,Billing Address2,Billing Company,Billing City,Billing Zip,"
          "Billing Province,Billing Country,Billing Phone,Shipping Name,Shipping Street,Shipping Address1,"
          "Shipping Address2,Shipping Company,Shipping City,Shipping Zip,Shipping Province,Shipping Country,"
          "Shipping Phone,Notes,Note Attributes,Cancelled at,Payment Method,Payment Reference,"
          "Refunded Amount,Vendor,Outstanding Balance,Employee,Location,Device ID,Id,Tags,Risk Level,Source,"
          "Lineitem discount,Tax 1 Name,Tax 1 Value,Tax 2 Name,Tax 2 Value,Tax 3 Name,Tax 3 Value,"
          "Tax 4 Name,Tax 4 Value,Tax 5 Name,Tax 5 Value,Phone,Receipt Number,Duties,Billing Province Name,"
          "Shipping Province Name,Payment ID,Payment Terms Name,Next Payment Due At,Payment References").split(",")
ITEM_COLUMNS = ("Name", "Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem compare at price",
                "Lineitem sku", "Lineitem requires shipping", "Lineitem taxable", "Lineitem fulfillment status",
                "Lineitem discount", "Vendor")
CITIES = (("Sydney", "NSW", "'2000"), ("Melbourne", "VIC", "'3000"), ("Brisbane", "QLD", "'4000"),
          ("Perth", "WA", "'6000"), ("Hobart", "TAS", "'7000"), ("Adelaide", "SA", "'5000"))
NAMES = ("Mia Chen", "Leo Park", "Ana Ruiz", "Noah Smith", "Olivia Brown", "Wei Zhang", "Sofía Muñoz",
         "Jack Wilson", "Chloe Martin", "Lucas Rossi", "Aarav Patel", "Emma Nguyen")
T = "%Y-%m-%d %H:%M:%S %z"


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _order(rng: random.Random, number: int, moment: datetime, rows_left: int) -> list[dict[str, str]]:
    """The rows of one order: the first with every order-level cell, the rest line-item cells only."""
    items = []
    for _ in range(min(rng.choice((1, 1, 1, 2, 2, 3, 4)), rows_left)):
        sku = rng.randrange(3_000)
        price = Decimal(rng.randrange(199, 14_999)) / 100
        items.append({"Lineitem quantity": str(rng.choice((1, 1, 1, 2, 3))), "Lineitem name": f"Product {sku}, M",
                      "Lineitem price": _money(price), "Lineitem compare at price": "",
                      "Lineitem sku": f"SKU-{sku:05d}", "Lineitem requires shipping": "true",
                      "Lineitem taxable": "true", "Lineitem fulfillment status": "fulfilled",
                      "Lineitem discount": "0.00", "Vendor": "Bench Goods"})
    subtotal = sum(Decimal(i["Lineitem price"]) * int(i["Lineitem quantity"]) for i in items)
    discount = (subtotal / 10).quantize(Decimal("0.01")) if rng.random() < 0.15 else Decimal(0)
    shipping = Decimal(rng.choice(("0.00", "9.95", "12.50")))
    taxes = ((subtotal - discount) / 11).quantize(Decimal("0.01"))
    total = subtotal - discount + shipping
    roll = rng.random()
    status = "paid" if roll < 0.9 else "refunded" if roll < 0.94 else "partially_refunded" if roll < 0.97 \
        else "voided" if roll < 0.98 else "paid"
    cancelled = moment + timedelta(hours=2) if roll >= 0.98 else None
    customer = rng.randrange(40_000)
    name = NAMES[customer % len(NAMES)]
    city, province, zip_code = CITIES[customer % len(CITIES)]
    head = {h: "" for h in HEADER}
    head.update({
        "Email": f"customer{customer}@example.com", "Financial Status": status,
        "Paid at": moment.strftime(T), "Fulfillment Status": "fulfilled",
        "Fulfilled at": (moment + timedelta(days=1)).strftime(T), "Accepts Marketing": rng.choice(("yes", "no")),
        "Currency": "AUD", "Subtotal": _money(subtotal - discount), "Shipping": _money(shipping),
        "Taxes": _money(taxes), "Total": _money(total), "Discount Code": "WELCOME10" if discount else "",
        "Discount Amount": _money(discount), "Shipping Method": "Standard", "Created at": moment.strftime(T),
        "Billing Name": name, "Billing Address1": f"{customer % 200 + 1} Bay St", "Billing City": city,
        "Billing Zip": zip_code, "Billing Province": province, "Billing Country": "AU",
        "Shipping Name": name, "Shipping Street": f"{customer % 200 + 1} Bay St",
        "Shipping Address1": f"{customer % 200 + 1} Bay St", "Shipping City": city, "Shipping Zip": zip_code,
        "Shipping Province": province, "Shipping Country": "AU", "Shipping Phone": f"+61 4{customer:08d}",
        "Note Attributes": "gift: yes\nmessage: Happy birthday,\n  see you soon" if rng.random() < 0.05 else "",
        "Cancelled at": cancelled.strftime(T) if cancelled else "", "Payment Method": "Shopify Payments",
        "Payment Reference": f"c{number}.1", "Outstanding Balance": "0.00", "Id": str(5_550_000 + number),
        "Risk Level": "Low", "Source": "web", "Tax 1 Name": "GST 10%", "Tax 1 Value": _money(taxes),
        "Billing Province Name": province, "Shipping Province Name": province, "Payment ID": f"p{number}",
        "Refunded Amount": _money(total if status == "refunded" else (total / 3).quantize(Decimal("0.01"))
                                  if status == "partially_refunded" else Decimal(0)),
    })
    rows = []
    for index, item in enumerate(items):
        row = dict(head) if index == 0 else dict.fromkeys(HEADER, "")
        row.update(item)
        row["Name"] = f"#{number}"
        rows.append(row)
    return rows


def write_shopify_file(path: Path, rows: int, seed: int = 23) -> int:
    """Write a Shopify export with `rows` line-item rows (UTF-8 with BOM, CRLF); return the number of orders."""
    rng = random.Random(seed)
    start = datetime.fromisoformat("2025-01-01T08:00:00+10:00")
    written, order = 0, 1000
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.DictWriter(handle, HEADER, lineterminator="\r\n")
        out.writeheader()
        while written < rows:
            order += 1
            moment = start + timedelta(minutes=7 * (order - 1000) + rng.randrange(7))
            block = _order(rng, order, moment, rows - written)
            out.writerows(block)
            written += len(block)
    return order - 1000
