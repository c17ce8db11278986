"""The one scan lookup: RMA, status URL, tracking number and return kit code, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from returns_shop import build_shop

from desktop_app.core.documents.scan import kit_qr_payload
from desktop_app.core.i18n import UserFacingError
from desktop_app.core.services import returns as svc
from desktop_app.core.services.returns import LineRequest, ScanNotFound, find_scanned


@pytest.fixture
def shop(database):
    return build_shop(database)


def _create(shop, order="1001", sku="MUG-1", qty=1):
    line = LineRequest(shop.order_lines[f"{order}/{sku}"], qty, "changed_mind", "", "unused")
    return svc.create_return(shop.clerk, order, [line], channel="email")


def _refusal(shop, text: str) -> ScanNotFound:
    with pytest.raises(ScanNotFound) as caught:
        find_scanned(shop.db, text)
    return caught.value


def test_an_rma_a_status_url_and_a_tracking_number_open_the_return(shop):
    ret = _create(shop)
    svc.set_tracking(shop.clerk, ret.rma, "00340434 1618", carrier="DHL")
    assert find_scanned(shop.db, ret.rma.lower()).rma == ret.rma
    assert find_scanned(shop.db, f"https://shop.example/status/{ret.rma}?lang=en").rma == ret.rma
    assert find_scanned(shop.db, "0034 0434 1618").rma == ret.rma
    detail = find_scanned(shop.db, f"RMA:{ret.rma}", "clerk")
    assert detail.lines[0].sku == "MUG-1" and "approve" in detail.allowed_actions


def test_a_kit_code_opens_the_one_return_waiting_for_its_parcel(shop):
    ret = _create(shop)
    # requested, not yet approved: nothing is waiting for a parcel
    refused = _refusal(shop, kit_qr_payload("1001"))
    assert refused.render("en") == "Order 1001 has no return waiting for a parcel. Create its return first."
    assert refused.code.kind == "kit" and refused.code.value == "1001"
    svc.approve(shop.clerk, ret.rma)
    assert find_scanned(shop.db, kit_qr_payload("1001")).rma == ret.rma
    assert find_scanned(shop.db, "rdkit:1001").rma == ret.rma


def test_a_kit_of_an_order_with_two_waiting_returns_names_both(shop):
    first = _create(shop, sku="MUG-1")
    second = _create(shop, sku="TEE-M")
    for ret in (first, second):
        svc.approve(shop.clerk, ret.rma)
    refused = _refusal(shop, kit_qr_payload("1001"))
    assert refused.render("en") == (f"Order 1001 has 2 returns waiting for a parcel ({first.rma}, {second.rma}): "
                                    "scan the return's label or type its RMA.")


def test_what_was_not_found_is_named_in_one_sentence(shop):
    assert _refusal(shop, "R-000077").render("en") == "There is no return R-000077."
    assert _refusal(shop, "1Z999AA10123456784").render("en") == (
        "No return has the tracking number 1Z999AA10123456784.")
    assert _refusal(shop, "RDKIT:9999").render("en") == "The return kit names order 9999, which is not in this shop."
    assert "没有" in _refusal(shop, "R-000077").render("zh_CN")
    with pytest.raises(UserFacingError):
        find_scanned(shop.db, "   ")
