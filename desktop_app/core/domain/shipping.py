"""How the parcel of a return travels and who pays, decided once per return from its lines' decisions.

One return has one parcel, so one of four things holds for all of it, and the label, the instructions,
the customer's messages, the refund explanation and the report all say the same:
- SHOP_PAYS: the shop's prepaid label, nothing deducted;
- DEDUCTED: the shop's prepaid label, its cost taken from the refund once;
- OWN_COST: the customer ships at their own cost, nothing deducted;
- NO_PARCEL: keep-it, nothing is sent back, no label.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from desktop_app.core.domain.eligibility import Decision
from desktop_app.core.domain.money import Money, money_text
from desktop_app.core.domain.policy import ShippingPayer
from desktop_app.core.i18n import Message


class ReturnShipping(StrEnum):
    """Who pays for a return's parcel and how."""

    SHOP_PAYS = "shop_pays"
    DEDUCTED = "deducted"
    OWN_COST = "own_cost"
    NO_PARCEL = "no_parcel"

    @property
    def label_prepaid(self) -> bool:
        """Return whether the label the shop sends is prepaid (POSTAGE PAID)."""
        return self in (ReturnShipping.SHOP_PAYS, ReturnShipping.DEDUCTED)

    @property
    def needs_parcel(self) -> bool:
        """Return whether the customer sends anything back (keep-it returns do not)."""
        return self != ReturnShipping.NO_PARCEL


def decide_shipping(decisions: Sequence[Decision]) -> ReturnShipping:
    """Decide a return's shipping from its lines: a charge means a prepaid label paid from the refund."""
    parcel = [d for d in decisions if not d.keep_it]
    if decisions and not parcel:
        return ReturnShipping.NO_PARCEL
    if any(not d.shipping_charge.is_zero() for d in parcel):
        return ReturnShipping.DEDUCTED
    if not parcel or any(d.shipping_payer == ShippingPayer.SHOP for d in parcel):
        return ReturnShipping.SHOP_PAYS
    return ReturnShipping.OWN_COST


def stored_shipping(label_prepaid: bool, charge_minor: int, keep_it: bool) -> ReturnShipping:
    """Read a stored return's shipping back: (prepaid, charge) as written, keep-it when every line is kept."""
    if keep_it:
        return ReturnShipping.NO_PARCEL
    if charge_minor > 0:
        return ReturnShipping.DEDUCTED
    return ReturnShipping.SHOP_PAYS if label_prepaid else ReturnShipping.OWN_COST


def shipping_sentence(mode: ReturnShipping, charge: Money, country: str | None = None) -> Message:
    """Return the one sentence the customer reads about return shipping, in messages and on documents."""
    if mode == ReturnShipping.DEDUCTED:
        return Message("The label is prepaid, the cost ({amount}) is taken from your refund.",
                       {"amount": money_text(charge, country)})
    if mode == ReturnShipping.OWN_COST:
        return Message("Please send the parcel at your own cost; nothing is taken from your refund for shipping.")
    if mode == ReturnShipping.NO_PARCEL:
        return Message("You do not need to send anything back: please keep the item.")
    return Message("The label is prepaid; return shipping costs you nothing.")
