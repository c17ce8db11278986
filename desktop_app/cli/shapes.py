"""The stable JSON shapes of `--json` output (documented in docs/cli-json.md) and text views of them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

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


def order_summary(order: Any) -> dict[str, Any]:
    """Return one row of `orders list --json`."""
    return {"number": order.number, "channel": order.channel, "ordered_at": order.ordered_at,
            "customer": order.customer_name, "total": money(order.total), "lines": order.line_count,
            "returns": order.return_count}


def order_detail(order: Any) -> dict[str, Any]:
    """Return `orders show --json`."""
    return {
        "number": order.number, "channel": order.channel, "ordered_at": order.ordered_at,
        "delivered_at": order.delivered_at, "status": order.status, "total": money(order.total),
        "shipping": money(order.shipping),
        "customer": {"name": order.customer_name, "email": order.customer_email,
                     "language": order.customer_language},
        "ship_to": list(order.ship_to),
        "lines": [{"sku": ln.sku, "name": ln.name, "category": ln.category, "quantity": ln.quantity,
                   "unit_price": money(ln.unit_price), "returned": ln.returned_qty} for ln in order.lines],
        "returns": list(order.returns),
    }


def return_summary(ret: Any) -> dict[str, Any]:
    """Return one row of `returns list --json`."""
    return {"rma": ret.rma, "status": str(ret.status.value), "order": ret.order_number,
            "customer": ret.customer_name, "requested_at": ret.requested_at, "due_at": ret.due_at,
            "overdue": bool(ret.overdue), "flagged": bool(ret.flagged), "value": money(ret.value)}


def return_detail(ret: Any) -> dict[str, Any]:
    """Return `returns show --json`."""
    return {
        "rma": ret.rma, "status": str(ret.status.value), "order": ret.order_number,
        "customer": ret.customer_name, "requested_at": ret.requested_at, "due_at": ret.due_at,
        "policy_version": ret.policy_version,
        "lines": [{"sku": ln.sku, "name": ln.name, "reason": ln.reason_code,
                   "requested": ln.requested_qty, "received": ln.received_qty, "damaged": ln.damaged_qty,
                   "refunded": ln.refunded_qty, "resolved": ln.resolved_qty,
                   "resolution": None if ln.resolution is None else str(ln.resolution),
                   "explanation": [_text(m) for m in ln.explanation]} for ln in ret.lines],
        "events": [{"at": ev.at, "kind": ev.kind, "from": ev.from_status, "to": ev.to_status,
                    "by": ev.user_name, "note": ev.note} for ev in ret.events],
        "refunds": [{"amount": money(rf.amount), "method": rf.method, "reference": rf.external_reference,
                     "at": rf.at} for rf in ret.refunds],
    }


def print_return(data: dict[str, Any], lang: str) -> None:
    """Print `returns show` for a person."""
    print(_("Return {rma}: {status}, order {order}, policy version {version}", rma=data["rma"],
            status=status_label(data["status"]).render(lang), order=data["order"],
            version=data["policy_version"]))
    for line in data["lines"]:
        print(f"  {line['sku']}  {line['name']}  x{line['requested']}  ({line['reason']})")
        for sentence in line["explanation"]:
            print(f"      {sentence}")
    for event in data["events"]:
        print(f"  {event['at']}  {event['kind']}  {event['from'] or ''} -> {event['to'] or ''}  "
              f"{event['by'] or ''}  {event['note'] or ''}".rstrip())
