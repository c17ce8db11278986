"""A stored return's shipping (prepaid label, cost deducted, own cost, or no parcel), read once for every use."""

from __future__ import annotations

from desktop_app.core.db.models import Return
from desktop_app.core.domain.shipping import ReturnShipping, stored_shipping


def shipping_of(ret: Return) -> ReturnShipping:
    """Return how a return's parcel travels: keep-it when every expected line may be kept."""
    expected = [line for line in ret.lines if not line.unexpected]
    keep_it = bool(expected) and all((line.decision or {}).get("keep_it") for line in expected)
    return stored_shipping(ret.label_prepaid, ret.shipping_charge_minor, keep_it)
