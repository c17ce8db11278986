"""Which characters of a document's fields no bundled font can print, as sentences that name them."""

from __future__ import annotations

from collections.abc import Mapping

from desktop_app.core.documents.data import LabelData, SlipData
from desktop_app.core.documents.fonts import missing_characters
from desktop_app.core.i18n import N_, Message

FIELD_NAMES = {
    "customer_name": N_("the customer's name"),
    "customer_address": N_("the customer's address"),
    "return_address": N_("the return address"),
    "shop_name": N_("the shop's name"),
    "carrier": N_("the carrier"),
    "items": N_("the returned items"),
}


def unprintable(fields: Mapping[str, str]) -> tuple[Message, ...]:
    """Return one sentence per character that no bundled font has, naming the character and its field."""
    out: list[Message] = []
    for key, text in fields.items():
        for ch in missing_characters(text or ""):
            out.append(Message(
                "The character {char} (U+{code}) in {field} is in none of the document fonts; it prints as ?.",
                {"char": ch, "code": f"{ord(ch):04X}", "field": Message(FIELD_NAMES.get(key, key))}))
    return tuple(out)


def document_warnings(label: LabelData, slip: SlipData) -> tuple[Message, ...]:
    """Return the sentences about characters a return's label or slip cannot print."""
    return unprintable({
        "customer_name": label.customer.name, "customer_address": label.customer.text(),
        "return_address": "\n".join((label.return_address.name, label.return_address.text())),
        "shop_name": label.shop_name, "carrier": label.carrier,
        "items": "\n".join(f"{line.name} {line.reason}" for line in slip.lines),
    })
