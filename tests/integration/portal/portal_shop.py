"""A small shop with a status page address, and helpers to drive the portal's forms over HTTP."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Order
from desktop_app.core.services.settings import set_settings
from desktop_app.portal.app import create_app
from tests.integration.services.returns_shop import Shop, build_shop

BASE = "http://portal.test"
TEMPLATE = BASE + "/status/{rma}"


def portal_shop(db: Database) -> Shop:
    """Return the returns test shop with a status page address and a postcode on order 1001."""
    shop = build_shop(db)
    set_settings(shop.owner, {"shop.status_url_template": TEMPLATE, "shop.name": "Blue Mug & Co"})
    with db.write() as session:
        for order in session.query(Order):
            order.ship_postcode = "10115" if order.number == "1001" else "200000"
    return shop


def client(db: Database, address: str = "203.0.113.7") -> TestClient:
    """Return an HTTP client of a fresh portal app over the shop (no redirects followed)."""
    return TestClient(create_app(db), base_url=BASE, client=(address, 50000), follow_redirects=False)


def csrf_of(html: str) -> str:
    """Return the form token of a page."""
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def key_of(html: str) -> str:
    """Return the request key of the order form."""
    return re.search(r'name="request_key" value="([^"]+)"', html).group(1)


def look_up(http: TestClient, number: str = "1001", contact: str = "anna@example.com"):
    """Open the start page and post the look-up form; return the response."""
    page = http.get("/")
    return http.post("/lookup", data={"csrf": csrf_of(page.text), "number": number, "contact": contact})


def send_request(http: TestClient, lines: dict[int, dict], action: str = "send", resolution: str = "refund",
                 files=None):
    """Post the order form with the chosen lines ({line_id: {qty, reason, condition, comment}})."""
    page = http.get("/order")
    data = {"csrf": csrf_of(page.text), "request_key": key_of(page.text), "action": action,
            "resolution": resolution}
    for line_id, choice in lines.items():
        data[f"pick_{line_id}"] = "1"
        data[f"qty_{line_id}"] = str(choice.get("qty", 1))
        data[f"reason_{line_id}"] = choice.get("reason", "defective")
        data[f"condition_{line_id}"] = choice.get("condition", "unused")
        data[f"comment_{line_id}"] = choice.get("comment", "")
        if "exchange" in choice:
            data[f"exchange_{line_id}"] = choice["exchange"]
    return http.post("/order", data=data, files=files or [])


def qr_codes(pdf: bytes, folder) -> list[str]:
    """Return what the QR codes on a PDF's first page say (pdftoppm + zbarimg)."""
    import subprocess

    path = folder / "doc.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(path), str(folder / "page")],
                   check=True)
    [png] = sorted(folder.glob("page*.png"))
    found = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True).stdout
    return found.split()
