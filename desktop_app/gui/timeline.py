"""A return's timeline in words: one entry per thing that happened, no raw keys and no doubled entries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from desktop_app.core.domain.auto_rules import approved_by_sentence
from desktop_app.core.domain.lifecycle_labels import event_label
from desktop_app.core.i18n import N_, current_language
from desktop_app.core.notify.outbox import OutboxEntry
from desktop_app.core.services.returns import EventView, ReturnDetail
from desktop_app.gui.customer_words import quoted
from desktop_app.gui.dialogs.exchange_dialogs import exchange_line
from desktop_app.gui.dialogs.step_dialogs import NOTE_CHANNELS
from desktop_app.gui.formatting import local_time, money_of, resolution_text, status_title_text, text_of
from desktop_app.gui.i18n import tr

MESSAGE_STATES = {"queued": N_("waiting to be sent"), "sending": N_("being sent"), "sent": N_("sent"),
                  "failed": N_("not sent"), "held": N_("held")}


def _message_text(m: OutboxEntry) -> str:
    state = tr(MESSAGE_STATES[m.state]) if m.state in MESSAGE_STATES else m.state
    return tr("Message to {to}: {subject} ({state})", to=m.to_address, subject=m.subject, state=state)


def _name(e: EventView, data: dict[str, Any]) -> str:
    """Return what happened, in words."""
    channel = str(data.get("channel") or "")
    if e.kind == "note" and channel in NOTE_CHANNELS:
        return tr(NOTE_CHANNELS[channel])  # a phone call or a chat logged by hand
    if e.kind == "approved" and data.get("auto_rule"):
        return approved_by_sentence(str(data["auto_rule"])).render(current_language())
    return text_of(event_label(e.kind))


def _details(e: EventView, data: dict[str, Any], d: ReturnDetail) -> str:
    """Return what follows the name: the note, the resolution chosen, the customer's comments."""
    said: list[str] = []
    if e.kind in ("line_resolved", "goodwill_refund", "resolved") and data.get("resolution") not in (None, "mixed"):
        said.append(resolution_text(str(data["resolution"])))
    if e.note:
        said.append(tr(e.note) if data.get("attachments_left_out") else e.note)
    if e.kind == "created":
        said += [f"{line.sku} {quoted(line.customer_comment)}" for line in d.lines if line.customer_comment.strip()]
    return f": {'; '.join(said)}" if said else ""


def timeline_entries(d: ReturnDetail, messages: Sequence[OutboxEntry]) -> list[str]:
    """Return the timeline's lines, oldest first (a queued message and an attached file appear once)."""
    zone = d.shop_timezone
    outbox = {m.id: m for m in messages}
    shown_messages: set[int] = set()
    attached: set[str] = set()
    entries: list[tuple[datetime, str]] = []
    for e in d.events:
        data = e.data or {}
        when = f"{local_time(e.created_at, zone)}  {e.user_name}  "
        message = outbox.get(int(data.get("message") or 0))
        if e.kind == "message_queued" and message is not None and message.id not in shown_messages:
            shown_messages.add(message.id)  # one entry: to whom, what, and where it stands now
            entries.append((e.created_at, f"{local_time(e.created_at, zone)}  {_message_text(message)}"))
            continue
        if e.kind == "file_attached":
            attached.add(e.note)
            entries.append((e.created_at, when + tr("Attached {file}", file=e.note)))
            continue
        move = f" ({status_title_text(e.from_status)} → {status_title_text(e.to_status)})" \
            if e.from_status and e.to_status and e.from_status != e.to_status else ""
        entries.append((e.created_at, f"{when}{_name(e, data)}{move}{_details(e, data, d)}"))
    for r in d.refunds:
        ref = f" ({r.external_reference})" if r.external_reference else ""
        entries.append((r.created_at, f"{local_time(r.created_at, zone)}  {r.user_name}  "
                                      f"{tr('Refund of {amount}', amount=money_of(r.amount))}{ref}"))
    for x in d.exchanges:
        entries.append((x.created_at, f"{local_time(x.created_at, zone)}  {exchange_line(x)}"))
    for f in d.attachments:
        if f.filename not in attached:
            entries.append((f.created_at, f"{local_time(f.created_at, zone)}  {f.user_name}  "
                                          f"{tr('Attached {file}', file=f.filename)}"))
    for m in messages:
        if m.id not in shown_messages:
            entries.append((m.created_at, f"{local_time(m.created_at, zone)}  {_message_text(m)}"))
    return [text for _when, text in sorted(entries, key=lambda pair: pair[0])]
