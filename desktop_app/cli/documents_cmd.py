"""The printed papers as files: `label` (PDF, or ZPL for a thermal printer), `slip`, `instructions`,
`credit-note` and `kit` (`--out FILE`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.cli.context import CliContext
from desktop_app.cli.outputs import add_out, out_path
from desktop_app.core.documents.kinds import ZPL_DPIS
from desktop_app.core.files.output import write_bytes_atomic
from desktop_app.core.i18n import _

if TYPE_CHECKING:
    from desktop_app.core.documents.data import ReturnDocuments


def register(commands: Any) -> None:
    """Add the label and slip commands."""
    label = commands.add_parser("label", help=_("print a return label to a PDF file"))
    label.add_argument("rma", metavar="RMA")
    add_out(label)
    label.add_argument("--size", choices=("4x6", "a4", "letter"), default="4x6")
    label.add_argument("--dpi", type=int, choices=ZPL_DPIS, default=203,
                       help=_("a thermal printer's resolution, for a .zpl file"))
    label.set_defaults(handler=run_label, reads_customers=True)
    slip = commands.add_parser("slip", help=_("print a packing slip to a PDF file"))
    slip.add_argument("rma", metavar="RMA")
    add_out(slip)
    slip.add_argument("--size", choices=("a4", "letter"), default="a4")
    slip.set_defaults(handler=run_slip, reads_customers=True)
    instructions = commands.add_parser("instructions", help=_("print a return's instructions for the customer "
                                                              "to a PDF file"))
    instructions.add_argument("rma", metavar="RMA")
    add_out(instructions)
    instructions.add_argument("--size", choices=("a4", "letter"), default="a4")
    instructions.set_defaults(handler=run_instructions, reads_customers=True)
    credit = commands.add_parser("credit-note", help=_("print the credit note of a refund to a PDF file"))
    credit.add_argument("code", metavar="NUMBER_OR_RMA",
                        help=_("the credit note's number, or an RMA for its newest credit note"))
    add_out(credit)
    credit.set_defaults(handler=run_credit_note, reads_customers=True)
    kit = commands.add_parser("kit", help=_("print a return kit for an outgoing order: label and instructions"))
    kit.add_argument("order", metavar="ORDER_NUMBER")
    add_out(kit)
    kit.add_argument("--label-size", choices=("4x6", "a4", "letter"), default="4x6")
    kit.add_argument("--size", choices=("a4", "letter"), default="a4", help=_("the instructions' paper size"))
    kit.set_defaults(handler=run_kit, reads_customers=True)


def _document_data(ctx: CliContext, rma: str) -> ReturnDocuments:
    """Return what a label or slip prints for one return (in --lang, else the customer's language)."""
    from desktop_app.core.services.documents import return_documents

    return return_documents(ctx.db, rma, ctx.lang if ctx.lang_given else None)


def _warn(ctx: CliContext, docs: ReturnDocuments) -> None:
    """Say on stderr which characters print as '?' (the document is still written)."""
    for warning in docs.warnings:
        print(warning.render(ctx.lang), file=sys.stderr)


def run_label(ctx: CliContext, args: argparse.Namespace) -> int:
    """Write the return label PDF, or ZPL for a .zpl file (never over the shop or a database)."""
    from desktop_app.core.documents.label import build_label
    from desktop_app.core.documents.zpl import build_label_zpl

    out = out_path(ctx, args)
    docs = _document_data(ctx, args.rma)
    _warn(ctx, docs)
    zpl = out.suffix.lower() == ".zpl"  # ZPL for a thermal printer (always 4x6), else a PDF
    write_bytes_atomic(out, build_label_zpl(docs, dpi=args.dpi) if zpl else build_label(docs, size=args.size))
    print(_("Wrote {path}.", path=str(args.out)))
    return 0


def run_slip(ctx: CliContext, args: argparse.Namespace) -> int:
    """Write the packing slip PDF (never over the shop or a database)."""
    from desktop_app.core.documents.slip import build_slip

    out = out_path(ctx, args)
    docs = _document_data(ctx, args.rma)
    _warn(ctx, docs)
    write_bytes_atomic(out, build_slip(docs, size=args.size))
    print(_("Wrote {path}.", path=str(args.out)))
    return 0


def _lang(ctx: CliContext) -> str | None:
    """Return the language asked for with --lang, else None (the customer's language)."""
    return ctx.lang if ctx.lang_given else None


def _wrote(out: Path, pdf: bytes) -> int:
    write_bytes_atomic(out, pdf)
    print(_("Wrote {path}.", path=str(out)))
    return 0


def run_instructions(ctx: CliContext, args: argparse.Namespace) -> int:
    """Write a return's customer instructions PDF."""
    from desktop_app.core.services import documents

    out = out_path(ctx, args)
    return _wrote(out, documents.instructions_pdf(ctx.db, args.rma, args.size, _lang(ctx)))


def run_credit_note(ctx: CliContext, args: argparse.Namespace) -> int:
    """Write the credit note PDF of a refund, named by its number or by the return's RMA (the newest)."""
    from desktop_app.core.documents.scan import is_rma
    from desktop_app.core.services import documents

    out = out_path(ctx, args)
    if is_rma(args.code):
        rma, number = args.code, None
    else:
        rma, number = documents.credit_note_return(ctx.db, args.code), args.code.strip().upper()
    return _wrote(out, documents.credit_note_pdf(ctx.db, rma, number, _lang(ctx)))


def run_kit(ctx: CliContext, args: argparse.Namespace) -> int:
    """Write the return kit PDF of an outgoing order: its label, then the instructions."""
    from desktop_app.core.services import documents

    out = out_path(ctx, args)
    return _wrote(out, documents.kit_pdf(ctx.db, args.order, args.label_size, args.size, _lang(ctx)))
