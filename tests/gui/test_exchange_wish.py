"""The size or colour a customer asked for on the portal is shown at the desk with the line."""

from __future__ import annotations

from desktop_app.core.services.returns import LineRequest, create_return
from desktop_app.gui.customer_words import customer_says_html, product_label
from tests.integration.services.returns_shop import build_shop


def test_the_desk_shows_the_exchange_the_customer_asked_for(qtbot, sqlite_database):
    shop = build_shop(sqlite_database)
    tee, mug = shop.order_lines["1001/TEE-M"], shop.order_lines["1001/MUG-1"]
    detail = create_return(shop.clerk, "1001", [LineRequest(tee, 1, "wrong_size", wanted_sku="TEE-L"),
                                                LineRequest(mug, 1, "wrong_size")], "exchange")
    assert "<b>TEE-M</b>: Asks for TEE-L instead" in customer_says_html(detail)
    wanted, plain = (product_label(line) for line in detail.lines)
    qtbot.addWidget(wanted)
    qtbot.addWidget(plain)
    assert "Asks for TEE-L instead" in wanted.text() and "Asks for" not in plain.text()
