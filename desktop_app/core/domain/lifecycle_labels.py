"""Names of return statuses and actions as translatable Messages."""

from __future__ import annotations

from desktop_app.core.domain.lifecycle_state import Status
from desktop_app.core.i18n import Message

_STATUS_LABELS = {
    Status.REQUESTED: Message("requested"),
    Status.APPROVED: Message("approved"),
    Status.PARTIALLY_RECEIVED: Message("partially received"),
    Status.RECEIVED: Message("received"),
    Status.INSPECTED: Message("inspected"),
    Status.RESOLVED: Message("resolved"),
    Status.CLOSED: Message("closed"),
    Status.REJECTED: Message("rejected"),
    Status.CANCELLED: Message("cancelled"),
}


def status_label(status: Status) -> Message:
    """Return the name of a status as a translatable Message."""
    return _STATUS_LABELS[Status(status)]
