"""The sender of customer messages, parsed and built with the email package's header classes."""

from __future__ import annotations

from email import policy
from email.errors import HeaderParseError
from email.headerregistry import Address
from typing import cast


def parse_sender(text: str) -> Address | None:
    """Return the one address in "Name <addr@host>" or "addr@host", or None when it is not exactly one address."""
    value = (text or "").strip()
    if not value or "\n" in value or "\r" in value:
        return None
    try:
        header = policy.default.header_factory("From", value)
        addresses = header.addresses
    except (HeaderParseError, IndexError, ValueError, TypeError):
        return None
    if header.defects or len(addresses) != 1:
        return None
    address = addresses[0]
    if not address.username or not address.domain or "." not in address.domain:
        return None
    return cast(Address, address)


def sender_address(sender: str, username: str = "", shop_name: str = "") -> Address | None:
    """Return the From address: the sender setting (its own name kept) else the login, named after the shop."""
    for text in (sender, username):
        address = parse_sender(text)
        if address is not None:
            name = address.display_name or (shop_name or "").strip()
            return Address(display_name=name, username=address.username, domain=address.domain)
    return None
