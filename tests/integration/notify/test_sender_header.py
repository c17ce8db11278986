"""The From header is built with the email package's header classes: a named sender arrives as one address."""

from __future__ import annotations

import pytest

from desktop_app.core.notify.address import parse_sender, sender_address
from desktop_app.core.notify.sender import SmtpConfig, send_test_message
from desktop_app.core.services.base import InvalidInput
from desktop_app.core.services.settings_specs import SPECS

CASES = [
    # (sender setting, login, shop name, display name received, address received)
    ("Linden & Loom <returns@example.com>", "", "Lindenhof", "Linden & Loom", "returns@example.com"),
    ("returns@example.com", "", "Linden & Loom", "Linden & Loom", "returns@example.com"),
    ("", "login@example.com", "Lindenhof Textil", "Lindenhof Textil", "login@example.com"),
    ('"Müller, Söhne" <shop@example.de>', "", "", "Müller, Söhne", "shop@example.de"),
    ("林登织物 <shop@example.cn>", "", "", "林登织物", "shop@example.cn"),
]


@pytest.mark.parametrize(("sender", "login", "shop", "name", "addr"), CASES)
def test_received_from_header_has_one_address_with_the_right_name(mailbox, sender, login, shop, name, addr):
    config = SmtpConfig(host="127.0.0.1", port=mailbox.port, security="none", sender=sender, username=login,
                        sender_name=shop)
    send_test_message(config, None, "customer@example.org", "Test", "Hello")

    [mail] = mailbox.received
    received = mail["From"]
    assert not received.defects
    [address] = received.addresses
    assert (address.display_name, address.addr_spec) == (name, addr)
    assert str(received).count("<") == 1


@pytest.mark.parametrize("text", ["Linden & Loom", "a@b", "x <y@z.com>, w <v@u.com>", "<<a@b.com>>",
                                  "a@b.com\nBcc: x@y.com"])
def test_what_is_not_one_address_is_refused(text):
    assert parse_sender(text) is None
    assert sender_address(text) is None
    with pytest.raises(InvalidInput):
        SPECS["smtp.sender"].parse(text, "EUR")


def test_the_form_the_validator_suggests_is_accepted():
    assert SPECS["smtp.sender"].parse("Linden & Loom <returns@example.com>", "EUR") == \
        "Linden & Loom <returns@example.com>"
