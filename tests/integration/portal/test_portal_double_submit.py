"""A request sent twice (second click, back and send again, two tabs, two portal processes) makes one return."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from desktop_app.core.db.models import Attachment, Return
from desktop_app.core.services.returns import cancel
from tests.integration.portal.portal_shop import client, csrf_of, key_of, look_up, portal_shop, send_request

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
ROUNDS = 8


def _returns(db) -> list[str]:
    with db.read() as session:
        return list(session.scalars(select(Return.rma).where(Return.channel == "portal").order_by(Return.id)))


def _form(http, line: int) -> dict:
    page = http.get("/order").text
    return {"csrf": csrf_of(page), "request_key": key_of(page), "action": "send", "resolution": "refund",
            f"pick_{line}": "1", f"qty_{line}": "1", f"reason_{line}": "defective",
            f"condition_{line}": "unused", f"comment_{line}": ""}


def test_sending_the_same_form_again_shows_the_first_return(database):
    shop = portal_shop(database)
    http = client(database)
    look_up(http)
    line = shop.order_lines["1001/MUG-1"]
    form = _form(http, line)
    photo = [("photos", ("mug.png", _png(), "image/png"))]
    first = http.post("/order", data=form, files=photo)
    again = http.post("/order", data=form, files=photo)  # a second click, or back and send again
    assert first.status_code == again.status_code == 303
    assert again.headers["location"] == first.headers["location"]
    [rma] = _returns(database)
    assert first.headers["location"].startswith(f"/status/{rma}.")
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(Attachment)) == 1
    page = http.get("/order").text  # the order page now points at the request instead of a fresh form
    assert "Your request was sent" in page and first.headers["location"] in page and "request_key" not in page
    http.post("/order/new", data={"csrf": csrf_of(page)})
    other = send_request(http, {shop.order_lines["1001/PIN-1"]: {}})
    assert other.status_code == 303 and other.headers["location"] != first.headers["location"]
    assert len(_returns(database)) == 2


def test_a_form_with_another_key_than_the_browsers_is_refused(sqlite_database):
    shop = portal_shop(sqlite_database)
    http = client(sqlite_database)
    look_up(http)
    form = _form(http, shop.order_lines["1001/MUG-1"])
    refused = http.post("/order", data={**form, "request_key": "made-up-key"})
    assert refused.status_code == 403 and "This form has expired" in refused.text
    assert _returns(sqlite_database) == []


def test_two_tabs_sending_at_the_same_instant_make_one_return(database):
    shop = portal_shop(database)
    first = client(database)  # two portal processes over one database, one browser (shared cookies)
    second = client(database)
    look_up(first)
    line = shop.order_lines["1001/MUG-1"]
    doubles = []
    for _round in range(ROUNDS):
        second.cookies = first.cookies
        places = _race(first, second, _form(first, line))
        rmas = _returns(database)
        if len(places) != 2 or len(set(places)) != 1 or not places[0].startswith("303 /status/"):
            doubles.append(places)
        for rma in rmas:
            cancel(shop.owner, rma, "round over")  # the unit is free again for the next round
        with database.write() as session:
            session.query(Return).update({Return.channel: "portal-done"})
        first.post("/order/new", data={"csrf": csrf_of(first.get("/order").text)})
        assert len(rmas) == 1, rmas
    assert doubles == []


def _race(first, second, form: dict) -> list[str]:
    """Post the same form from both clients at the same instant; return each answer's status and place."""
    start = threading.Barrier(2, timeout=30)
    places: list[str] = []

    def send(http) -> None:
        start.wait()
        response = http.post("/order", data=form)
        places.append(f"{response.status_code} {response.headers.get('location')}")

    threads = [threading.Thread(target=send, args=(http,)) for http in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return places


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (32, 32), (200, 40, 40)).save(out, format="PNG")
    return out.getvalue()
