"""Names of return statuses, timeline events and request channels as translatable Messages (never raw keys)."""

from __future__ import annotations

from desktop_app.core.i18n import N_, Message

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


# Every kind of timeline entry the services write, named for people.
EVENT_LABELS = {
    "created": N_("Return requested"),
    "approved": N_("Approved"),
    "rejected": N_("Rejected"),
    "cancelled": N_("Cancelled"),
    "received": N_("Items received"),
    "unexpected_item": N_("Unexpected item recorded"),
    "inspected": N_("Inspected"),
    "resolved": N_("Line resolved"),
    "line_resolved": N_("Line resolved"),
    "goodwill_refund": N_("Goodwill refund"),
    "goodwill": N_("Goodwill refund"),
    "refunded": N_("Refunded"),
    "closed": N_("Closed"),
    "reopened": N_("Reopened"),
    "note": N_("Note"),
    "message": N_("Message"),
    "receipt_reversed": N_("Receipt reversed"),
    "refund_reversed": N_("Refund reversed"),
    "message_queued": N_("Message queued"),
    "message_sent": N_("Message sent"),
    "message_failed": N_("Message not sent"),
    "message_requeued": N_("Message to be sent again"),
    "message_held": N_("Message held: a later change contradicts it"),
    "refund_requested": N_("Refund above the limit sent to the owner"),
    "refund_request_declined": N_("Refund declined by the owner"),
    "tracking_set": N_("Tracking number recorded"),
    "file_attached": N_("File attached"),
    "exchange_paid": N_("Exchange price difference paid"),
    "exchange_waived": N_("Exchange price difference waived"),
}

# Where a return was asked for (Return.channel) and where an order was placed.
CHANNEL_LABELS = {
    "desk": N_("At the desk"),
    "email": N_("E-mail"),
    "phone": N_("Phone"),
    "shop": N_("In the shop"),
    "portal": N_("Returns portal"),
    "chat": N_("Chat"),
    "web": N_("Web shop"),
    "import": N_("Imported"),
}


def status_title(status: str, lang: str | None = None) -> str:
    """Return a status's name standing alone (a list, filter, column or heading): capitalised in English."""
    text = status_label(status).render(lang)
    return text[:1].upper() + text[1:]


def event_label(kind: str) -> Message:
    """Return the name of a timeline entry; an unknown kind reads as a plain change, never as its key."""
    return Message(EVENT_LABELS.get(kind, N_("Other change")))


def channel_label(channel: str) -> Message | str:
    """Return the name of a channel; a channel the shop named itself (an import) stays as written."""
    key = channel.strip().lower()
    return Message(CHANNEL_LABELS[key]) if key in CHANNEL_LABELS else channel
