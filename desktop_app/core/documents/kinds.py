"""The printed document types, listed once: their codes and their names (one and several) for people."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.i18n import N_


@dataclass(frozen=True)
class DocumentType:
    """One kind of printed document: a stable code (printer settings, file names) and its names."""

    code: str
    name: str  # English msgid of one such document, e.g. "Return label"
    plural: str  # English msgid of the kind as a whole, e.g. "Return labels"


DOCUMENT_TYPES: tuple[DocumentType, ...] = (
    DocumentType("label", N_("Return label"), N_("Return labels")),
    DocumentType("slip", N_("Packing slip"), N_("Packing slips")),
    DocumentType("instructions", N_("Customer instructions"), N_("Customer instructions")),
    DocumentType("credit_note", N_("Credit note"), N_("Credit notes")),
    DocumentType("kit", N_("Return kit"), N_("Return kits")),
)
DOCUMENT_CODES: tuple[str, ...] = tuple(kind.code for kind in DOCUMENT_TYPES)
ZPL_DPIS = (203, 300)  # the thermal printers' resolutions a ZPL label is drawn for


def document_type(code: str) -> DocumentType | None:
    """Return the document type with this code, or None for an unknown one."""
    return next((kind for kind in DOCUMENT_TYPES if kind.code == code), None)
