"""What goes on a return's record besides its steps: `returns note|attach|tracking`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop_app.cli.context import CliContext
from desktop_app.core.domain.records import ATTACHMENT_KINDS, MAX_ATTACHMENT_BYTES, NOTE_CHANNELS
from desktop_app.core.i18n import Message, UserFacingError, _


def register(verbs: Any) -> None:
    """Add the note, attach and tracking verbs under `returns`."""
    note = verbs.add_parser("note", help=_("put a phone call, chat, e-mail or note on a return's timeline"))
    note.add_argument("rma", metavar="RMA")
    note.add_argument("--channel", default="note", help=_("where it comes from: {choices}",
                                                           choices=", ".join(NOTE_CHANNELS)))
    note.add_argument("--text", required=True, help=_("what was said or noted"))
    note.set_defaults(handler=run_note)
    attach = verbs.add_parser("attach", help=_("attach a photo, a file or the carrier's label PDF to a return"))
    attach.add_argument("rma", metavar="RMA")
    attach.add_argument("file", type=Path, metavar="FILE")
    attach.add_argument("--kind", default="file", help=_("what the file is: {choices}",
                                                          choices=", ".join(ATTACHMENT_KINDS)))
    attach.set_defaults(handler=run_attach)
    tracking = verbs.add_parser("tracking", help=_("record the return parcel's tracking number"))
    tracking.add_argument("rma", metavar="RMA")
    tracking.add_argument("number", metavar="NUMBER")
    tracking.add_argument("--carrier", default=None, help=_("the carrier, e.g. DHL"))
    tracking.set_defaults(handler=run_tracking)


def run_note(ctx: CliContext, args: argparse.Namespace) -> int:
    """Add a note to the return's timeline."""
    from desktop_app.core.services import returns

    detail = returns.add_note(ctx.service_context(signed_in=True), args.rma, args.channel.strip().lower(),
                              args.text)
    print(_("Noted on {rma}.", rma=detail.rma))
    return 0


def _read(path: Path) -> bytes:
    """Return a file's bytes (at most one byte more than an attachment may have), or refuse in a sentence."""
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_ATTACHMENT_BYTES + 1)
    except OSError as error:
        raise UserFacingError(Message("{path} could not be read: {reason}",
                                      {"path": str(path), "reason": error.strerror or str(error)})) from None


def run_attach(ctx: CliContext, args: argparse.Namespace) -> int:
    """Attach a file to the return."""
    from desktop_app.core.services import returns

    service = ctx.service_context(signed_in=True)
    detail = returns.attach_file(service, args.rma, args.file.name, _read(args.file), args.kind.strip().lower())
    print(_("Attached {name} to {rma}.", name=detail.attachments[-1].filename, rma=detail.rma))
    return 0


def run_tracking(ctx: CliContext, args: argparse.Namespace) -> int:
    """Record the return parcel's tracking number (and carrier)."""
    from desktop_app.core.services import returns

    detail = returns.set_tracking(ctx.service_context(signed_in=True), args.rma, args.number, args.carrier)
    print(_("{rma} is tracked as {tracking}.", rma=detail.rma, tracking=detail.tracking_number))
    return 0
