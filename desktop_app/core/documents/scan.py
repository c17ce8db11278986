"""What a scanned code means: an RMA, a return kit of an order, or a carrier's tracking number.

This module is the one place that knows what an RMA looks like (`R-000123`) and what the QR codes on
labels and kits encode; services, the GUI and the CLI all ask it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from desktop_app.core.i18n import UserFacingError

RMA_PREFIX = "R-"
RMA_DIGITS = 6
RMA_PATTERN = re.compile(r"(?<![A-Za-z0-9])R-(\d{6,})(?![0-9])", re.IGNORECASE)
RMA_FULL = re.compile(r"R-\d{6,}", re.IGNORECASE)
RMA_QR_PREFIX = "RMA:"
KIT_QR_PREFIX = "RDKIT:"
_TRACKING = re.compile(r"[A-Z0-9][A-Z0-9-]{3,49}")
_USPS_ROUTING = re.compile(r"420(?:\d{5}|\d{9})(9\d{21})")  # IMpb: "420" + ZIP (+4), then the tracking
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\ufeff]")

ScanKind = Literal["rma", "kit", "tracking"]


@dataclass(frozen=True)
class ScanCode:
    """A decoded scan: what kind of code it is and its normalised value."""

    kind: ScanKind
    value: str


def format_rma(number: int) -> str:
    """Return the RMA for a sequence number, e.g. 123 -> 'R-000123'."""
    if number < 1:
        raise ValueError("RMA numbers start at 1")
    return f"{RMA_PREFIX}{number:0{RMA_DIGITS}d}"


def is_rma(text: str) -> bool:
    """Return True when `text` is exactly an RMA (any letter case)."""
    return RMA_FULL.fullmatch(text.strip()) is not None


def rma_qr_payload(rma: str, status_url_template: str | None = None) -> str:
    """Return what a label's QR code encodes: the shop's status URL (a template or filled in), or 'RMA:<rma>'."""
    if status_url_template and "{rma}" in status_url_template:
        return status_url_template.replace("{rma}", rma)
    if status_url_template and status_url_template.startswith(("https://", "http://")) and rma in status_url_template:
        return status_url_template  # already filled in (a signed status link)
    return f"{RMA_QR_PREFIX}{rma}"


def kit_qr_payload(order_number: str) -> str:
    """Return what a return kit's QR code and barcode encode: 'RDKIT:<order number>'."""
    return f"{KIT_QR_PREFIX}{order_number}"


def parse_scan(text: str) -> ScanCode:
    """Decode scanner input: a bare RMA, an RMA QR payload, a URL with an RMA, a kit payload or tracking."""
    cleaned = _INVISIBLE.sub("", text or "").strip()
    if not cleaned:
        raise UserFacingError("Nothing was scanned. Scan the label's QR code or barcode again.")
    if cleaned.upper().startswith(KIT_QR_PREFIX):
        order = cleaned[len(KIT_QR_PREFIX) :].strip()
        if not order:
            raise UserFacingError("This return kit code has no order number.")
        return ScanCode("kit", order)
    found = RMA_PATTERN.search(cleaned)
    if found:
        return ScanCode("rma", f"{RMA_PREFIX}{found.group(1)}")
    tracking = re.sub(r"\s+", "", cleaned).upper()
    usps = _USPS_ROUTING.fullmatch(tracking)
    if usps:
        tracking = usps.group(1)
    if _TRACKING.fullmatch(tracking):
        return ScanCode("tracking", tracking)
    raise UserFacingError(
        "This code is not a return number, a return kit or a tracking number: {text}", text=cleaned[:60]
    )
