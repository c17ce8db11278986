"""`returndesk label RMA --out F.pdf [--size 4x6|a4|letter]` (F.zpl [--dpi 203|300]: ZPL for a thermal
printer) and `returndesk slip RMA --out F.pdf`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from desktop_app.cli.context import CliContext
from desktop_app.cli.outputs import add_out, out_path
from desktop_app.core.documents.data import ReturnDocuments
from desktop_app.core.documents.label import build_label
from desktop_app.core.documents.slip import build_slip
from desktop_app.core.documents.zpl import ZPL_DPIS, build_label_zpl
from desktop_app.core.files.output import write_bytes_atomic
from desktop_app.core.i18n import _
from desktop_app.core.services.documents import return_documents


def register(commands: Any) -> None:
    """Add the label and slip commands."""
    label = commands.add_parser("label", help=_("print a return label to a PDF file"))
    label.add_argument("rma", metavar="RMA")
    add_out(label)
    label.add_argument("--size", choices=("4x6", "a4", "letter"), default="4x6")
    label.add_argument("--dpi", type=int, choices=ZPL_DPIS, default=203,
                       help=_("a thermal printer's resolution, for a .zpl file"))
    label.set_defaults(handler=run_label)
    slip = commands.add_parser("slip", help=_("print a packing slip to a PDF file"))
    slip.add_argument("rma", metavar="RMA")
    add_out(slip)
    slip.add_argument("--size", choices=("a4", "letter"), default="a4")
    slip.set_defaults(handler=run_slip)


def _document_data(ctx: CliContext, rma: str) -> ReturnDocuments:
    """Return what a label or slip prints for one return (in --lang, else the customer's language)."""
    return return_documents(ctx.db, rma, ctx.lang if ctx.lang_given else None)


def _warn(ctx: CliContext, docs: ReturnDocuments) -> None:
    """Say on stderr which characters print as '?' (the document is still written)."""
    for warning in docs.warnings:
        print(warning.render(ctx.lang), file=sys.stderr)


def run_label(ctx: CliContext, args: argparse.Namespace) -> int:
    """Write the return label PDF, or ZPL for a .zpl file (never over the shop or a database)."""
    out = out_path(ctx, args)
    docs = _document_data(ctx, args.rma)
    _warn(ctx, docs)
    zpl = out.suffix.lower() == ".zpl"  # ZPL for a thermal printer (always 4x6), else a PDF
    write_bytes_atomic(out, build_label_zpl(docs, dpi=args.dpi) if zpl else build_label(docs, size=args.size))
    print(_("Wrote {path}.", path=str(args.out)))
    return 0


def run_slip(ctx: CliContext, args: argparse.Namespace) -> int:
    """Write the packing slip PDF (never over the shop or a database)."""
    out = out_path(ctx, args)
    docs = _document_data(ctx, args.rma)
    _warn(ctx, docs)
    write_bytes_atomic(out, build_slip(docs, size=args.size))
    print(_("Wrote {path}.", path=str(args.out)))
    return 0
