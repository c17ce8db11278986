"""The portal faces the internet: no enumeration, rate limits, CSRF, signed links, checked uploads, escaping."""

from __future__ import annotations

import io
import statistics
import time

import pytest
from PIL import Image
from sqlalchemy import func, select

from desktop_app.core.db.models import Attachment, Return
from desktop_app.core.services.portal.access import (
    ADDRESS_LIMIT,
    ORDER_LIMIT,
    OrderNotFound,
    find_order_for_customer,
)
from desktop_app.core.services.returns import approve, get_return
from tests.integration.portal.portal_shop import client, csrf_of, key_of, look_up, portal_shop, send_request

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
HEADERS = ("content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy")


def _returns(db) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(Return))


def _body(response) -> str:
    return response.text.replace(csrf_of(response.text), "") if 'name="csrf"' in response.text else response.text


def test_a_wrong_number_and_a_wrong_email_get_the_same_answer(sqlite_database):
    portal_shop(sqlite_database)
    bodies = set()
    for i, (number, contact) in enumerate((("9999", "anna@example.com"), ("1001", "ann@example.com"),
                                           ("1002", "300000"), ("", "anna@example.com"), ("1001", ""))):
        response = look_up(client(sqlite_database, f"198.51.100.{i}"), number, contact)
        assert response.status_code == 404 and "rd_order" not in response.cookies
        if number and contact:
            bodies.add(_body(response).replace(f'value="{number}"', "").replace(f'value="{contact}"', ""))
    assert len(bodies) == 1 and "We could not find an order with this number" in bodies.pop()


def test_a_wrong_number_and_a_wrong_email_take_similar_time(sqlite_database):
    portal_shop(sqlite_database)
    times: dict[str, list[float]] = {"number": [], "email": []}
    for i in range(ORDER_LIMIT - 1):  # interleaved, each from its own address so that no limit is reached
        for kind, (number, contact) in {"number": (f"9{i}99", "anna@example.com"),
                                        "email": ("1001", f"ann{i}@example.com")}.items():
            start = time.perf_counter()
            with pytest.raises(OrderNotFound):
                find_order_for_customer(sqlite_database, number, contact, f"198.51.100.{i}{len(kind)}")
            times[kind].append(time.perf_counter() - start)
    medians = sorted(statistics.median(values[1:]) for values in times.values())
    assert medians[1] - medians[0] < 0.03 + 0.5 * medians[0]


def test_the_right_email_or_postcode_opens_the_order_and_nothing_else(sqlite_database):
    shop = portal_shop(sqlite_database)
    for contact in ("ANNA@example.com ", "101 15"):
        http = client(sqlite_database)
        assert look_up(http, " 1001", contact).headers["location"] == "/order"
        page = http.get("/order").text
        assert "Order 1001" in page and "MUG-1" in page and "王小明" not in page
    http = client(sqlite_database)
    http.cookies.set("rd_order", "2.1700000000.forged")
    assert http.get("/order").headers["location"] == "/"
    assert shop.order_lines


@pytest.mark.postgres
def test_lookups_are_limited_per_address_and_per_order_across_processes(database):
    portal_shop(database)
    one_address = client(database, "192.0.2.1")
    for i in range(ADDRESS_LIMIT):
        assert look_up(one_address, f"77{i}", "x@example.com").status_code == 404
    refused = look_up(one_address, "1001", "anna@example.com")  # right, but too many from here
    assert refused.status_code == 429 and "too many look-ups" in refused.text and "rd_order" not in refused.cookies
    for i in range(ORDER_LIMIT - 1):  # the refused look-up counted too; each client: another app, same database
        assert look_up(client(database, f"192.0.2.{100 + i}"), "1001", "guess@example.com").status_code == 404
    assert look_up(client(database, "192.0.2.250"), "1001", "anna@example.com").status_code == 429
    assert look_up(client(database, "192.0.2.251"), "1002", "wang@example.cn").status_code == 303


def test_every_form_needs_its_signed_token_from_the_same_browser(sqlite_database):
    shop = portal_shop(sqlite_database)
    http = client(sqlite_database)
    http.get("/")
    for token in ("", "forged", csrf_of(client(sqlite_database).get("/").text)):  # last: another browser's
        response = http.post("/lookup", data={"csrf": token, "number": "1001", "contact": "anna@example.com"})
        assert response.status_code == 403 and "rd_order" not in response.cookies
    assert look_up(http).status_code == 303
    line = shop.order_lines["1001/MUG-1"]
    response = http.post("/order", data={"action": "send", f"pick_{line}": "1", f"qty_{line}": "1",
                                         f"reason_{line}": "defective", "resolution": "refund"})
    assert response.status_code == 403 and _returns(sqlite_database) == 0


def test_status_links_cannot_be_guessed(sqlite_database):
    shop = portal_shop(sqlite_database)
    http = client(sqlite_database)
    look_up(http)
    link = send_request(http, {shop.order_lines["1001/MUG-1"]: {}}).headers["location"]
    rma, signature = link.rsplit("/", 1)[1].split(".")
    stranger = client(sqlite_database)
    assert stranger.get(link).status_code == 200
    for guess in (f"/status/{rma}", f"/status/{rma}.{'0' * 32}", f"/status/R-000002.{signature}",
                  f"/status/{rma}.{signature[:-1]}", f"/status/{rma}/label.pdf", f"{link}/slip.pdf", "/admin"):
        response = stranger.get(guess)
        assert response.status_code == 404 and "Timeline" not in response.text and "MUG-1" not in response.text
    assert stranger.get(f"{link}/label.pdf").status_code == 404  # not approved yet: no label
    approve(shop.owner, rma)
    pdf = stranger.get(f"{link}/label.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"


def _png(size: int = 64) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (size, size), (200, 30, 30))
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script> GPS 52.5N")
    image.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def test_uploads_are_limited_and_checked_by_content(sqlite_database):
    shop = portal_shop(sqlite_database)
    http = client(sqlite_database)
    look_up(http)
    line = {shop.order_lines["1001/MUG-1"]: {}}
    script = b"#!/bin/sh\nrm -rf ~\n<script>alert(1)</script>"
    for files, words in (
        ([("photos", ("holiday.jpg", script, "image/jpeg"))], "is not a photo"),
        ([("photos", ("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * (5 * 1024 * 1024 + 10), "image/png"))],
         "larger than 5 MB"),
        ([("photos", (f"p{i}.png", _png(), "image/png")) for i in range(4)], "at most 3 files"),
        ([("photos", ("fake.pdf", b"%PDF-1.7 not really", "application/pdf"))], "is not a photo"),
    ):
        response = send_request(http, line, files=files)
        assert response.status_code in (413, 422) and words in response.text, words
        assert _returns(sqlite_database) == 0
    original = _png()
    link = send_request(http, line, files=[("photos", ("broken mug.png", original, "image/png"))]).headers["location"]
    detail = get_return(sqlite_database, link.rsplit("/", 1)[1].split(".")[0])
    [info] = detail.attachments
    with sqlite_database.read() as s:
        stored = s.scalars(select(Attachment.content)).one()
    assert info.kind == "photo" and info.mime_type == "image/png" and detail.channel == "portal"
    assert stored != original and b"script" not in stored and Image.open(io.BytesIO(stored)).size == (64, 64)


def test_html_in_every_text_field_comes_back_escaped(sqlite_database):
    shop = portal_shop(sqlite_database)
    evil = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    http = client(sqlite_database)
    response = look_up(http, evil, evil)
    assert "<script>alert(1)" not in response.text and "&lt;script&gt;" in response.text
    look_up(http)
    line = shop.order_lines["1001/MUG-1"]
    page = http.get("/order")
    response = http.post("/order", data={"csrf": csrf_of(page.text), "request_key": key_of(page.text),
                                         "action": "check", "resolution": evil,
                                         f"pick_{line}": "1", f"qty_{line}": "1", f"reason_{line}": evil,
                                         f"condition_{line}": "unused", f"comment_{line}": evil})
    assert "<script>alert(1)" not in response.text and "<img src=x" not in response.text
    link = send_request(http, {line: {"comment": evil}}).headers["location"]
    assert "<script>alert(1)" not in http.get(link).text
    assert get_return(sqlite_database, link.rsplit("/", 1)[1].split(".")[0]).lines[0].customer_comment == evil


def test_every_response_carries_the_strict_headers(sqlite_database):
    portal_shop(sqlite_database)
    http = client(sqlite_database)
    for response in (http.get("/"), http.get("/static/portal.css"), http.get("/nothing"), look_up(http, "1", "x"),
                     http.get("/lang/zh_CN?next=//evil.example/")):
        assert all(name in response.headers for name in HEADERS)
        assert "script-src" not in response.headers["content-security-policy"]
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert http.get("/lang/zh_CN?next=//evil.example/").headers["location"] == "/"
    assert "<script" not in http.get("/").text
