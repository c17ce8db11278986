"""A customer picks the size or colour they want instead; the choice reaches the return as a field, not a note."""

from __future__ import annotations

import re

import pytest

from desktop_app.core.services.base import InvalidInput
from desktop_app.core.services.returns import LineRequest, create_return, get_return
from tests.helpers.dump import logical_dump
from tests.integration.portal.portal_shop import client, look_up, portal_shop, send_request

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_the_exchange_choice_offers_other_sizes_first_and_reaches_the_return(database):
    shop = portal_shop(database)
    http = client(database)
    look_up(http)
    tee = shop.order_lines["1001/TEE-M"]
    page = http.get("/order").text
    select = re.search(rf'<select id="exchange_{tee}".*?</select>', page, re.S).group(0)
    offered = re.findall(r'<option value="([^"]*)"', select)
    assert offered[:3] == ["", "TEE-L", "TEE-M"]  # the other size first, then the same one again
    assert set(offered[3:]) == {"MUG-1", "PIN-1"}  # then the rest of the category
    link = send_request(http, {tee: {"reason": "wrong_size", "exchange": "TEE-L"}},
                        resolution="exchange").headers["location"]
    detail = get_return(database, link.rsplit("/", 1)[1].split(".")[0])
    assert [(ln.sku, ln.wanted_sku, ln.exchange_sku) for ln in detail.lines] == [("TEE-M", "TEE-L", None)]
    assert all("Exchange asked for" not in ev.note for ev in detail.events)  # a field, no longer a note
    assert "TEE-M: you asked for T-shirt L instead." in http.get(link).text


def test_a_choice_not_offered_or_without_exchange_is_refused_and_nothing_is_created(database):
    shop = portal_shop(database)
    http = client(database)
    look_up(http)
    tee = shop.order_lines["1001/TEE-M"]
    before = logical_dump(database)
    for choice, resolution in (({"exchange": "NOPE-1"}, "exchange"), ({"exchange": "TEE-L"}, "refund")):
        refused = send_request(http, {tee: {"reason": "wrong_size", **choice}}, resolution=resolution)
        assert refused.status_code == 422 and "Choose one of the offered answers." in refused.text
    for wanted, resolution, sentence in (("TEE-L", "refund", "Choose the resolution exchange"),
                                         ("NOPE-1", "exchange", "No product has the SKU NOPE-1.")):
        with pytest.raises(InvalidInput, match=sentence):
            create_return(shop.clerk, "1001", [LineRequest(tee, 1, "wrong_size", wanted_sku=wanted)], resolution)
    assert logical_dump(database) == before


def test_the_desk_sends_what_the_customer_chose_unless_it_names_another_item(sqlite_database):
    from desktop_app.core.services.returns import approve, receive, resolve_line

    shop = portal_shop(sqlite_database)
    tee, mug = shop.order_lines["1001/TEE-M"], shop.order_lines["1001/MUG-1"]
    lines = [LineRequest(tee, 1, "wrong_size", condition="unused", wanted_sku="TEE-L"),
             LineRequest(mug, 1, "wrong_size", condition="unused", wanted_sku="MUG-1")]
    detail = create_return(shop.owner, "1001", lines, "exchange")
    if detail.status == "requested":
        approve(shop.owner, detail.rma)
    ids = {ln.sku: ln.id for ln in detail.lines}
    receive(shop.owner, detail.rma, {ids["TEE-M"]: 1, ids["MUG-1"]: 1})
    resolve_line(shop.owner, detail.rma, ids["TEE-M"], "exchange", 1)  # no item named: the customer's choice
    done = resolve_line(shop.owner, detail.rma, ids["MUG-1"], "exchange", 1, exchange_sku="PIN-1")
    assert {ln.sku: (ln.wanted_sku, ln.exchange_sku) for ln in done.lines} == {
        "TEE-M": ("TEE-L", "TEE-L"), "MUG-1": ("MUG-1", "PIN-1")}
