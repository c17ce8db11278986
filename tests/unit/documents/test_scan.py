"""Scanner input is recognised as an RMA, a return kit or a tracking number."""

import pytest

from desktop_app.core.documents.scan import (
    ScanCode,
    format_rma,
    is_rma,
    kit_qr_payload,
    parse_scan,
    rma_qr_payload,
)
from desktop_app.core.i18n import UserFacingError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("R-000123", ScanCode("rma", "R-000123")),
        ("  r-000123\r\n", ScanCode("rma", "R-000123")),
        ("RMA:R-000123", ScanCode("rma", "R-000123")),
        ("https://maple.example/returns/R-000123", ScanCode("rma", "R-000123")),
        ("https://maple.example/status?rma=R-004567&lang=zh", ScanCode("rma", "R-004567")),
        ("RDKIT:1001", ScanCode("kit", "1001")),
        ("rdkit:#A-77", ScanCode("kit", "#A-77")),
        ("1Z999AA10123456784", ScanCode("tracking", "1Z999AA10123456784")),
        ("1z 999 aa1 0123 4567 84", ScanCode("tracking", "1Z999AA10123456784")),
        ("SF1234567890123", ScanCode("tracking", "SF1234567890123")),
        ("\x1d42094107" + "9400111899223197428490", ScanCode("tracking", "9400111899223197428490")),
        ("420941071234" + "9400111899223197428490", ScanCode("tracking", "9400111899223197428490")),
    ],
)
def test_a_scan_is_recognised(text, expected):
    assert parse_scan(text) == expected


def test_an_rma_inside_a_longer_code_word_is_not_taken_for_one():
    assert parse_scan("XR-0001234").kind == "tracking"


@pytest.mark.parametrize("text", ["", "   ", "\x1d", "RDKIT:", "hello world!", "https://example.com/no-rma"])
def test_unusable_scans_are_refused_with_a_sentence(text):
    with pytest.raises(UserFacingError) as caught:
        parse_scan(text)
    assert caught.value.render("zh_CN") != caught.value.render("en")


def test_rma_format_and_payloads_round_trip_through_the_scanner():
    rma = format_rma(123)
    assert rma == "R-000123" and is_rma(rma) and not is_rma("R-12")
    assert parse_scan(rma_qr_payload(rma)) == ScanCode("rma", rma)
    url = rma_qr_payload(rma, "https://shop.example/r/{rma}?x={{y}}")
    assert url == "https://shop.example/r/R-000123?x={{y}}"
    assert parse_scan(url) == ScanCode("rma", rma)
    assert rma_qr_payload(rma, "https://shop.example/no-placeholder") == "RMA:R-000123"
    signed = "https://shop.example/status/R-000123." + "ab" * 16  # a filled-in, signed status link
    assert rma_qr_payload(rma, signed) == signed and parse_scan(signed) == ScanCode("rma", rma)
    assert parse_scan(kit_qr_payload("1001")) == ScanCode("kit", "1001")
