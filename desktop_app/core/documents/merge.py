"""Append a carrier's own label PDF to one of ours so both print together."""

from __future__ import annotations

import io

import pypdfium2 as pdfium

from desktop_app.core.i18n import UserFacingError


def append_pdf(base_pdf: bytes, attached_pdf: bytes) -> bytes:
    """Return one PDF with every page of `base_pdf` followed by every page of `attached_pdf`."""
    try:
        base = pdfium.PdfDocument(base_pdf)
    except pdfium.PdfiumError:
        raise UserFacingError("This document could not be read as a PDF, so nothing was printed.") from None
    try:
        attached = pdfium.PdfDocument(attached_pdf)
    except pdfium.PdfiumError:
        base.close()
        raise UserFacingError(
            "The attached carrier label is not a readable PDF. Attach the label file again."
        ) from None
    try:
        base.import_pages(attached)
        out = io.BytesIO()
        base.save(out)
        return out.getvalue()
    finally:
        attached.close()
        base.close()
