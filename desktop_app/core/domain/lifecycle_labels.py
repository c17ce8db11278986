"""Names of return statuses and actions as translatable Messages."""

from __future__ import annotations

from desktop_app.core.i18n import Message

# Keyed by the statuses' values (Status is a StrEnum), so this module needs nothing from lifecycle_state.
_STATUS_LABELS = {
    "requested": Message("requested"),
    "approved": Message("approved"),
    "partially_received": Message("partially received"),
    "received": Message("received"),
    "inspected": Message("inspected"),
    "resolved": Message("resolved"),
    "closed": Message("closed"),
    "rejected": Message("rejected"),
    "cancelled": Message("cancelled"),
}


def status_label(status: str) -> Message:
    """Return the name of a status (a Status or its value) as a translatable Message."""
    return _STATUS_LABELS[str(status)]
