"""The names people see for import fields, kinds, delimiters, encodings and separators (mapping editor)."""

from __future__ import annotations

from desktop_app.core.i18n import N_

FIELD_LABELS = {
    "cancelled_at": N_("Cancelled at"), "category": N_("Category"), "channel": N_("Sales channel"),
    "comment": N_("Customer's comment"), "condition": N_("Condition"), "cost": N_("Cost"),
    "country": N_("Country"), "currency": N_("Currency"), "customer_email": N_("Customer email"),
    "customer_key": N_("Customer ID"), "customer_name": N_("Customer name"),
    "customer_phone": N_("Customer phone"), "discount_total": N_("Order discount"),
    "line_discount": N_("Line discount"), "line_key": N_("Line ID"), "line_number": N_("Line number"),
    "line_total": N_("Line total"), "name": N_("Product name"), "order_date": N_("Order date"),
    "order_number": N_("Order number"), "order_total": N_("Order total"),
    "original_order": N_("Original order (of a credit note)"), "price": N_("Price"),
    "product_key": N_("Product ID"), "product_name": N_("Product name"), "quantity": N_("Quantity"),
    "reason": N_("Return reason"), "return_date": N_("Return date"), "return_key": N_("Return ID"),
    "ship_address1": N_("Shipping address line 1"), "ship_address2": N_("Shipping address line 2"),
    "ship_city": N_("Shipping city"), "ship_name": N_("Ship to name"),
    "ship_province": N_("Shipping state or province"),
    "ship_zip": N_("Shipping postcode"), "shipping_total": N_("Shipping charged"), "sku": N_("SKU"),
    "status": N_("Status"), "unit_price": N_("Unit price"),
}
KIND_LABELS = (("orders", N_("Orders (returns found by the rules)")), ("returns", N_("Returns (every row)")),
               ("products", N_("Products")))
DELIMITER_LABELS = ((",", N_("Comma ( , )")), (";", N_("Semicolon ( ; )")), ("\t", N_("Tab")),
                    ("|", N_("Vertical bar ( | )")))
ENCODING_LABELS = (("utf-8", N_("UTF-8")), ("utf-8-sig", N_("UTF-8 with BOM")),
                   ("cp1252", N_("Windows Western (cp1252)")), ("gbk", N_("Chinese (GBK)")))
DECIMAL_LABELS = ((".", N_("Point ( . )")), (",", N_("Comma ( , )")))
THOUSANDS_LABELS = (("", N_("None")), (",", N_("Comma ( , )")), (".", N_("Point ( . )")), (" ", N_("Space")),
                    ("'", N_("Apostrophe ( ' )")))
CURRENCY_LABELS = (("fixed", N_("Fixed")), ("column", N_("From a column")))
