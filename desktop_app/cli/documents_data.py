"""Fill the label and slip data of one return from the services' plain views (return, order, shop)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from desktop_app.core.documents.data import Address, LabelData, ReturnDocuments, SlipData, SlipLine
from desktop_app.core.services.orders import get_order
from desktop_app.core.services.returns import get_return
from desktop_app.core.services.settings import get_settings


def _postal(address: Any) -> Address:
    """Return an order's address as printed lines: street, postcode and city, region, country."""
    lines = [*(address.street or "").splitlines(), f"{address.postcode} {address.city}".strip(),
             address.region, address.country]
    return Address(address.name, tuple(line for line in lines if line))


def return_documents(db: Any, rma: str, lang: str | None) -> ReturnDocuments:
    """Return what the label and the slip of a return print; `lang` None means the customer's language."""
    ret = get_return(db, rma)
    shop = get_settings(db)
    order = get_order(db, ret.order_number) if ret.order_number else None
    language = lang or (order.customer.language if order and order.customer else shop.shop_language) or "en"
    customer = _postal(order.ship_to) if order else Address(ret.customer_name)
    shop_lines = tuple(shop.shop_address)
    return_address = Address(shop_lines[0] if shop_lines else shop.shop_name, shop_lines[1:], shop.shop_phone)
    today = datetime.now(ZoneInfo(shop.shop_timezone or "UTC")).date()
    status_url = shop.status_url_template.replace("{rma}", ret.rma) if shop.status_url_template else None
    label = LabelData(shop_name=shop.shop_name, return_address=return_address, customer=customer, rma=ret.rma,
                      carrier=ret.carrier, tracking_number=ret.tracking_number, prepaid=ret.label_prepaid,
                      item_count=sum(line.requested_qty for line in ret.lines), label_date=today,
                      lang=language, status_url=status_url)
    slip = SlipData(shop_name=shop.shop_name, rma=ret.rma, order_number=ret.order_number or "",
                    customer=customer,
                    lines=tuple(SlipLine(line.sku, line.name, line.requested_qty,
                                         line.reason.render(language) if line.reason else line.reason_code)
                                for line in ret.lines),
                    slip_date=today, lang=language, status_url=status_url, logo=shop.shop_logo)
    return ReturnDocuments(label=label, slip=slip)
