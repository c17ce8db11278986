"""The stable JSON shapes of `--json` output (documented in docs/cli-json.md) and text views of them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from desktop_app.core.domain.auto_rules import approved_by_sentence
from desktop_app.core.domain.exchange import EXCHANGE_STATUS
from desktop_app.core.domain.lifecycle_labels import status_label
from desktop_app.core.domain.money import Money
from desktop_app.core.i18n import Message, _, current_language


def money(value: Money | None) -> dict[str, str] | None:
    """Return money as {"amount": "12.34", "currency": "EUR"} (amount as a decimal string)."""
    if value is None:
        return None
    return {"amount": str(value.quantized().amount), "currency": value.currency}


def money_text(value: Money | None) -> str:
    """Return money as `12.34 EUR` for tables."""
    return "" if value is None else f"{value.quantized().amount} {value.currency}"


def local_day(moment: datetime | None) -> str:
    """Return the local calendar day of a UTC time for tables."""
    return "" if moment is None else moment.astimezone().strftime("%Y-%m-%d")


def local_time(moment: datetime | None) -> str:
    """Return a UTC time in local time for tables."""
    return "" if moment is None else moment.astimezone().strftime("%Y-%m-%d %H:%M")


def status_text(status: Any) -> Message:
    """Return a status as a translatable name."""
    return status_label(status)


def _text(value: Any) -> Any:
    """Return Messages as text in the command's language (`--lang`, English by default)."""
    if isinstance(value, Message):
        return value.render(current_language())
    return value


def _address(address: Any) -> dict[str, str]:
    return {"name": address.name, "street": address.street, "postcode": address.postcode,
            "city": address.city, "region": address.region, "country": address.country}


def order_summary(order: Any) -> dict[str, Any]:
    """Return one row of `orders list --json`."""
    return {"number": order.number, "channel": order.channel, "status": order.status,
            "ordered_at": order.ordered_at, "customer": order.customer_name, "email": order.customer_email,
            "total": money(order.total), "items": order.item_count, "returns": order.return_count}


def order_detail(order: Any) -> dict[str, Any]:
    """Return `orders show --json`."""
    customer = order.customer
    return {
        "number": order.number, "channel": order.channel, "status": order.status,
        "ordered_at": order.ordered_at, "delivered_at": order.delivered_at, "currency": order.currency,
        "total": money(order.total), "shipping": money(order.shipping), "discount": money(order.discount),
        "carrier": order.carrier, "tracking_number": order.tracking_number,
        "customer": None if customer is None else {
            "name": customer.name, "email": customer.email, "phone": customer.phone,
            "language": customer.language, "address": _address(customer.address),
            "erased": customer.erased},
        "ship_to": _address(order.ship_to),
        "lines": [{"position": ln.position, "sku": ln.sku, "name": ln.name, "category": ln.category,
                   "quantity": ln.quantity, "unit_price": money(ln.unit_price),
                   "unit_tax": money(ln.unit_tax),
                   "returned": ln.returned_qty} for ln in order.lines],
        "returns": [{"rma": r.rma, "status": r.status, "requested_at": r.requested_at,
                     "imported": r.imported} for r in order.returns],
    }


def return_summary(ret: Any) -> dict[str, Any]:
    """Return one row of `returns list --json`."""
    return {"rma": ret.rma, "status": ret.status, "order": ret.order_number, "customer": ret.customer_name,
            "items": ret.items, "reason": ret.reason, "refunded": money(ret.refunded),
            "requested_at": ret.requested_at, "due_at": ret.due_at, "overdue": bool(ret.overdue),
            "flagged": bool(ret.flagged), "tracking_number": ret.tracking_number}


def return_detail(ret: Any) -> dict[str, Any]:
    """Return `returns show --json`."""
    return {
        "rma": ret.rma, "status": ret.status, "order": ret.order_number, "customer": ret.customer_name,
        "email": ret.customer_email, "channel": ret.channel, "currency": ret.currency,
        "requested_at": ret.requested_at, "approved_at": ret.approved_at, "received_at": ret.received_at,
        "resolved_at": ret.resolved_at, "closed_at": ret.closed_at, "due_at": ret.due_at,
        "overdue": bool(ret.overdue), "flagged": bool(ret.flagged), "imported": bool(ret.imported),
        "carrier": ret.carrier, "tracking_number": ret.tracking_number, "label_prepaid": ret.label_prepaid,
        "shipping_charge": money(ret.shipping_charge), "policy_version": ret.policy_version_number,
        "refunded_total": money(ret.refunded_total), "store_credit_total": money(ret.store_credit_total),
        "allowed_actions": sorted(ret.allowed_actions),
        "lines": [{"sku": ln.sku, "name": ln.name, "reason": ln.reason_code, "fault": ln.fault,
                   "comment": ln.customer_comment, "requested": ln.requested_qty,
                   "received": ln.received_qty, "damaged": ln.damaged_qty, "refunded": ln.refunded_qty,
                   "credited": ln.credited_qty, "resolved": ln.resolved_qty, "condition": ln.condition,
                   "inspection": ln.inspection, "resolution": ln.resolution, "exchange_sku": ln.exchange_sku,
                   "wanted_sku": ln.wanted_sku,
                   "unexpected": ln.unexpected, "value": money(ln.value), "eligible": ln.eligible,
                   "deadline": ln.deadline, "explanation": [_text(m) for m in ln.explanation]}
                  for ln in ret.lines],
        "events": [{"at": ev.created_at, "kind": ev.kind, "from": ev.from_status, "to": ev.to_status,
                    "by": ev.user_name, "note": ev.note, "auto_rule": ev.data.get("auto_rule")} for ev in ret.events],
        "refunds": [{"amount": money(rf.amount), "tax": money(rf.tax), "fee": money(rf.fee),
                     "quantity": rf.quantity, "method": rf.method, "reference": rf.external_reference,
                     "credit_note": rf.credit_note_number, "goodwill_reason": rf.goodwill_reason,
                     "by": rf.user_name, "at": rf.created_at} for rf in ret.refunds],
        "exchanges": [{"id": x.id, "sku": x.sku, "name": x.name, "quantity": x.quantity, "credit": money(x.credit),
                       "price": money(x.price), "difference": money(x.difference), "status": x.status,
                       "ships": x.ships, "payment_reference": x.payment_reference} for x in ret.exchanges],
    }


def print_return(data: dict[str, Any], lang: str) -> None:
    """Print `returns show` for a person."""
    print(_("Return {rma}: {status}, order {order}, policy version {version}", rma=data["rma"],
            status=status_label(data["status"]).render(lang), order=data["order"],
            version=data["policy_version"]))
    for line in data["lines"]:
        print(f"  {line['sku']}  {line['name']}  x{line['requested']}  ({line['reason']})")
        if not line["requested"] and line["value"]:  # an imported refund that names no units: its money
            print("      " + _("money paid back without units: {amount} {currency}", **line["value"]))
        for sentence in line["explanation"]:
            print(f"      {sentence}")
    for x in data.get("exchanges") or []:
        amount = x["difference"]["amount"]
        print("  " + _("Exchange {id}: {qty} x {sku}, difference {amount} {currency}, {status}", id=x["id"],
                       qty=x["quantity"], sku=x["sku"], amount=amount, currency=x["difference"]["currency"],
                       status=EXCHANGE_STATUS[x["status"]].render(lang)))
    for event in data["events"]:
        note = approved_by_sentence(event["auto_rule"]).render(lang) if event.get("auto_rule") else event["note"]
        print(f"  {local_time(event['at'])}  {event['kind']}  {event['from'] or ''} -> {event['to'] or ''}  "
              f"{event['by'] or ''}  {note or ''}".rstrip())
