"""The state of a return as the lifecycle rules see it: status, per-line quantities, events to append."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from desktop_app.core.domain.errors import RuleViolation
from desktop_app.core.domain.lifecycle_labels import status_label
from desktop_app.core.domain.policy import Condition, Resolution
from desktop_app.core.i18n import Message


class Status(StrEnum):
    """Where a return stands."""

    REQUESTED = "requested"
    APPROVED = "approved"
    PARTIALLY_RECEIVED = "partially_received"
    RECEIVED = "received"
    INSPECTED = "inspected"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


OPEN_STATUSES = frozenset({Status.REQUESTED, Status.APPROVED, Status.PARTIALLY_RECEIVED, Status.RECEIVED,
                           Status.INSPECTED, Status.RESOLVED})
END_STATUSES = frozenset({Status.CLOSED, Status.REJECTED, Status.CANCELLED})
MONEY_RESOLUTIONS = frozenset({Resolution.REFUND, Resolution.STORE_CREDIT, Resolution.KEEP_IT})


@dataclass(frozen=True)
class LineState:
    """One returned line: how many units were bought, asked for, received, damaged, refunded, resolved."""

    line_id: int
    purchased_qty: int
    returned_elsewhere_qty: int = 0  # units of the same order line in this order's other live returns
    requested_qty: int = 0
    received_qty: int = 0
    damaged_qty: int = 0
    refunded_qty: int = 0
    credited_qty: int = 0
    resolution: Resolution | None = None
    resolved_qty: int = 0
    unexpected: bool = False
    exchange_sku: str | None = None
    inspected: bool = False
    passed: bool | None = None
    condition: Condition | None = None
    sku: str = ""  # what a person knows the line by; refusals name it

    @property
    def shown(self) -> str:
        """Return how a refusal names the line: its SKU (the internal id only when there is none)."""
        return self.sku or f"#{self.line_id}"

    @property
    def returnable_qty(self) -> int:
        """Return how many units this return may still cover without exceeding what was bought."""
        return max(0, self.purchased_qty - self.returned_elsewhere_qty)

    @property
    def paid_out_qty(self) -> int:
        """Return the units already refunded or credited (a unit is paid for once)."""
        return self.refunded_qty + self.credited_qty

    @property
    def target_qty(self) -> int:
        """Return the units that must be resolved before the line counts as done."""
        return max(self.requested_qty, self.received_qty)

    @property
    def is_resolved(self) -> bool:
        """Return whether every unit of the line has a resolution."""
        return self.resolution is not None and self.resolved_qty >= self.target_qty

    @property
    def restockable_qty(self) -> int:
        """Return the received units that may go back to stock (damaged ones never do)."""
        return max(0, self.received_qty - self.damaged_qty)


@dataclass(frozen=True)
class ReturnState:
    """A return's status and its lines."""

    status: Status
    lines: tuple[LineState, ...]

    def line(self, line_id: int) -> LineState:
        """Return one line, or refuse when the return has no such line."""
        for item in self.lines:
            if item.line_id == line_id:
                return item
        raise RuleViolation(Message("This return has no line {line}.", {"line": line_id}))

    def with_line(self, new: LineState) -> ReturnState:
        """Return a copy with one line replaced (or added when it is new)."""
        if any(item.line_id == new.line_id for item in self.lines):
            return replace(self, lines=tuple(new if item.line_id == new.line_id else item
                                             for item in self.lines))
        return replace(self, lines=(*self.lines, new))

    @property
    def anything_received(self) -> bool:
        """Return whether any unit of any line has arrived."""
        return any(item.received_qty > 0 for item in self.lines)


@dataclass(frozen=True)
class EventSpec:
    """An event for the append-only timeline; the services add who and when."""

    kind: str
    from_status: Status | None
    to_status: Status | None
    note: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Transition:
    """The new state after an action and the events that record it."""

    state: ReturnState
    events: tuple[EventSpec, ...]


def refuse(msgid: str, **values: Any) -> RuleViolation:
    """Return a typed refusal carrying a message id and its values."""
    return RuleViolation(Message(msgid, values))


def require_status(state: ReturnState, allowed: Iterable[Status]) -> None:
    """Refuse unless the return is in one of the allowed statuses."""
    allowed = tuple(allowed)
    if state.status not in allowed:
        raise RuleViolation(Message("This cannot be done while the return is {status}.",
                                    {"status": status_label(state.status)}))


def require_reason(reason: str | None) -> str:
    """Refuse an empty reason; return it stripped."""
    if reason is None or not reason.strip():
        raise RuleViolation(Message("Give a reason: it is kept on the return's timeline."))
    return reason.strip()


def require_positive(qty: int) -> None:
    """Refuse a quantity below one."""
    if qty <= 0:
        raise RuleViolation(Message("The quantity must be at least 1."))


def progress_status(state: ReturnState) -> Status:
    """Return the status the lines' quantities imply (before closing)."""
    expected = [item for item in state.lines if not item.unexpected]
    if expected and all(item.is_resolved for item in state.lines):
        return Status.RESOLVED
    if not state.anything_received:
        return Status.APPROVED
    waiting = [item for item in expected if not item.is_resolved and item.received_qty < item.requested_qty]
    if waiting:
        return Status.PARTIALLY_RECEIVED
    received = [item for item in state.lines if item.received_qty > 0]
    if received and all(item.inspected for item in received):
        return Status.INSPECTED
    return Status.RECEIVED
