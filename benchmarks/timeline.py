"""One bench return as the services would have left it: its rows, its timeline, its money and its stock moves.

Time runs forward: requested, then approved (or rejected/cancelled), received (sometimes in two parcels),
inspected, resolved with a refund, closed. A step happens only when its moment has passed, so the status
follows from the return's age: the youngest returns are still open, older ones resolved or closed, and
nothing is dated after `now`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from random import Random
from typing import Any

from desktop_app.core.demo import data
from desktop_app.core.demo.bulk import reason_for

Add = Callable[[str, tuple[Any, ...]], None]  # (table, row)
DAMAGING = ("defective", "damaged_in_transit")
APPROVAL_DAYS, SLA_DAYS = 2, 7  # the due times the services set (calendar days here)


def ts(value: datetime) -> str:
    """SQLAlchemy's SQLite text form of a UTC timestamp."""
    return value.isoformat(sep=" ", timespec="microseconds")


@dataclass
class Line:
    """One return line while its return is being written."""

    id: int
    order_line: tuple[Any, ...]  # (id, order_id, position, product_id, sku, name, category, qty, price, tax, ship)
    qty: int
    reason: str
    received_at: datetime | None = None
    damaged: int = 0

    @property
    def product_id(self) -> int:
        """The product the line's units belong to."""
        return int(self.order_line[3])


@dataclass
class Ids:
    """Running ids and credit note counters shared by every return of a shop."""

    line: int = 0
    refund: int = 0
    credit_notes: dict[int, int] = field(default_factory=dict)


@dataclass
class Moments:
    """When each step of one return happens (None: it has not happened by now)."""

    requested: datetime
    parcels: int = 1  # the units come back in one parcel, or the first line first and the rest later
    decided: datetime | None = None
    decision: str = "approved"  # or "rejected" / "cancelled"
    receipts: list[datetime] = field(default_factory=list)
    inspected: datetime | None = None
    resolved: datetime | None = None
    closed: datetime | None = None


def plan(rng: Random, requested: datetime, now: datetime, parcels: int) -> Moments:
    """Draw the moments of a return's steps and keep those that are not in the future."""
    m = Moments(requested, parcels)
    decided = requested + timedelta(hours=rng.randint(2, 40))
    if decided > now:
        return m
    m.decided, m.decision = decided, rng.choices(("approved", "rejected", "cancelled"), weights=(95, 3, 2))[0]
    if m.decision != "approved":
        return m
    moment = decided + timedelta(days=rng.randint(3, 8), hours=rng.randint(0, 10))
    for _ in range(parcels):
        if moment > now:
            return m
        m.receipts.append(moment)
        moment += timedelta(days=rng.randint(1, 3), hours=rng.randint(0, 6))
    steps = (timedelta(hours=rng.randint(1, 20)), timedelta(days=rng.randint(0, 2), hours=rng.randint(1, 12)),
             timedelta(hours=rng.randint(1, 30)))
    moment = m.receipts[-1]
    for name, step in zip(("inspected", "resolved", "closed"), steps, strict=True):
        moment += step
        if moment > now:
            return m
        setattr(m, name, moment)
    return m


class ReturnWriter:
    """Writes one return at a time through `add` (table, row tuple)."""

    def __init__(self, add: Add, rng: Random, ids: Ids, users: tuple[int, int], policy_id: int,
                 now: datetime) -> None:
        self.add, self.rng, self.ids, self.policy_id, self.now = add, rng, ids, policy_id, now
        self.clerk, self.owner = users
        self.events: list[tuple[str, str | None, str, datetime, int, str, dict[str, Any]]] = []

    def write(self, rid: int, order: tuple[int, str, int], delivered: datetime,
              picked: list[tuple[Any, ...]]) -> str:
        """Write return `rid` of order (id, number, customer) for the picked order lines; return its status."""
        rng = self.rng
        requested = delivered + timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 10))
        if requested >= self.now:
            requested = delivered + (self.now - delivered) * rng.random()
        lines = []
        for order_line in picked:
            self.ids.line += 1
            lines.append(Line(self.ids.line, order_line, rng.randint(1, order_line[7]),
                              reason_for(rng, order_line[6])))
        parcels = 2 if len(lines) > 1 and rng.random() < 0.3 else 1
        m = plan(rng, requested, self.now, parcels)
        rma = f"R-{rid:06d}"
        self.events = []
        self._created(m, order, lines)
        status = self._decided(m)
        if m.decision == "approved" and m.receipts:
            status = self._received(m, lines, rma)
        if m.inspected:
            status = self._inspected(m, lines)
        if m.resolved:
            status = self._resolved(m, rid, lines)
        if m.closed:
            self.events.append(("closed", "resolved", "closed", m.closed, self.owner, "", {}))
            status = "closed"
        self._rows(rid, rma, order, m, status, lines)
        return status

    def _created(self, m: Moments, order: tuple[int, str, int], lines: list[Line]) -> None:
        self.events.append(("created", None, "requested", m.requested, self.clerk, "", {
            "lines": {str(line.id): line.qty for line in lines}, "channel": "shop",
            "policy_version_id": self.policy_id, "resolution": None, "goodwill_reason": None,
            "order_number": order[1]}))

    def _decided(self, m: Moments) -> str:
        if m.decided is None:
            return "requested"
        note = {"approved": "", "rejected": "Outside the return window.",
                "cancelled": "The customer decided to keep it."}[m.decision]
        self.events.append((m.decision, "requested", m.decision, m.decided, self.clerk, note, {}))
        return m.decision

    def _received(self, m: Moments, lines: list[Line], rma: str) -> str:
        parcels = [lines[:1], lines[1:]] if m.parcels == 2 else [lines]
        status = "approved"
        for moment, parcel in zip(m.receipts, parcels, strict=False):
            items = []
            for line in parcel:
                line.received_at = moment
                line.damaged = line.qty if line.reason in DAMAGING else 0
                items.append({"line_id": line.id, "qty": line.qty, "damaged_qty": line.damaged,
                              "restock_qty": line.qty - line.damaged})
                if line.qty - line.damaged:
                    self.add("inventory_movements", (line.product_id, line.qty - line.damaged, "restock", line.id,
                                                     rma, self.clerk, ts(moment)))
            after = "received" if all(line.received_at for line in lines) else "partially_received"
            self.events.append(("received", status, after, moment, self.clerk, "", _merged(items)))
            status = after
        return status

    def _inspected(self, m: Moments, lines: list[Line]) -> str:
        assert m.inspected is not None
        for line in lines:
            self.events.append(("inspected", "received", "inspected", m.inspected, self.clerk, "", {
                "line_id": line.id, "condition": "damaged" if line.damaged else "like_new",
                "damaged_qty": line.damaged, "passed": not line.damaged, "restock_qty": 0}))
        return "inspected"

    def _resolved(self, m: Moments, rid: int, lines: list[Line]) -> str:
        assert m.resolved is not None
        year = m.resolved.year
        items = []
        for line in lines:
            self.ids.refund += 1
            number = self.ids.credit_notes[year] = self.ids.credit_notes.get(year, 0) + 1
            note = f"CN-{year}-{number:06d}"
            amount, tax = line.order_line[8] * line.qty, line.order_line[9] * line.qty
            self.add("refunds", (self.ids.refund, rid, line.id, line.qty, amount, tax, 0, 0, "EUR",
                                 "original_payment", f"re_{self.ids.refund:012x}", "", note, self.owner,
                                 ts(m.resolved)))
            items.append({"line_id": line.id, "resolution": "refund", "qty": line.qty, "exchange_sku": None,
                          "goodwill": False, "without_receipt": False, "refund_id": self.ids.refund,
                          "amount_minor": amount, "credit_note": note, "method": "original_payment"})
        data = _merged(items)
        data["refund_ids"] = [item["refund_id"] for item in items]
        if len(items) > 1:
            data["amount_minor"] = sum(item["amount_minor"] for item in items)
            data["resolution"] = "refund"
        self.events.append(("line_resolved", "inspected", "resolved", m.resolved, self.owner, "", data))
        return "resolved"

    def _rows(self, rid: int, rma: str, order: tuple[int, str, int], m: Moments, status: str,
              lines: list[Line]) -> None:
        first_receipt = m.receipts[0] if m.receipts and m.decision == "approved" else None
        due = (first_receipt + timedelta(days=SLA_DAYS) if first_receipt else
               None if status == "approved" else m.requested + timedelta(days=APPROVAL_DAYS))
        last = self.events[-1]
        self.add("returns", (
            rid, rma, order[0], order[2], self.policy_id, status, "shop", "EUR", ts(m.requested),
            ts(m.decided) if m.decided and m.decision == "approved" else None,
            ts(first_receipt) if first_receipt else None, ts(m.resolved) if m.resolved else None,
            ts(m.closed) if m.closed else None, ts(due) if due else None, "DHL",
            f"RET{self.rng.randrange(10**12):012d}", 1, 0, 0, 0, self.clerk, last[4], ts(last[3]),
            len(self.events)))
        inspected, resolved = m.inspected is not None, m.resolved is not None
        for line in lines:
            ol = line.order_line
            received = line.qty if line.received_at else 0
            self.add("return_lines", (
                line.id, rid, ol[0], ol[3], ol[4], ol[5], line.qty, received, line.damaged,
                line.qty if resolved else 0, 0, line.qty if resolved else 0, line.reason,
                self.rng.choice(data.COMMENTS.get(line.reason, ("",))),
                ("damaged" if line.damaged else "like_new") if inspected else None,
                ("failed" if line.damaged else "passed") if inspected else None,
                "refund" if resolved else None, 0, ol[8] * line.qty))
        for kind, before, after, moment, user, note, payload in self.events:
            self.add("return_events", (rid, kind, before, after, note, json.dumps(payload), user, ts(moment)))


def _merged(items: list[dict[str, Any]]) -> dict[str, Any]:
    """The one timeline entry of a change to several lines (as the domain's one_event merges them)."""
    if len(items) == 1:
        return dict(items[0])
    out: dict[str, Any] = {"lines": items, "line_ids": [item["line_id"] for item in items]}
    for key in ("qty", "damaged_qty", "restock_qty"):
        if any(key in item for item in items):
            out[key] = sum(int(item.get(key) or 0) for item in items)
    return out
