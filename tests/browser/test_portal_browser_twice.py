"""In Debian's chromium: a double click, the back button and a second tab never make a second return."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop_app.core.db.models import Return
from tests.browser.test_portal_browser import _shot

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]


def _portal_returns(db) -> list[str]:
    with db.read() as session:
        return list(session.scalars(select(Return.rma).where(Return.channel == "portal")))


def _choose(page, line: int) -> None:
    page.check(f"#pick_{line}")
    page.select_option(f"#reason_{line}", "defective")


@pytest.mark.parametrize("javascript", [True, False])
def test_double_click_back_button_and_second_tab_make_one_return(browser, portal, javascript):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB",
                                  java_script_enabled=javascript)
    page = context.new_page()
    page.goto(portal.base + "/")
    page.get_by_label("Order number").fill("1001")
    page.get_by_label("E-mail address or postcode").fill("anna@example.com")
    page.get_by_role("button", name="Find my order").click()
    tab = context.new_page()  # the same order open in a second tab
    tab.goto(portal.base + "/order")
    line = portal.shop.order_lines["1001/MUG-1"]
    _choose(page, line)
    _choose(tab, line)
    page.get_by_role("button", name="Send request").dblclick()
    page.wait_for_url("**/status/**")
    status_url = page.url
    assert "The shop will review your request" in page.content()
    assert len(_portal_returns(portal.shop.db)) == 1
    tab.get_by_role("button", name="Send request").click()  # the second tab sends the same request
    tab.wait_for_url("**/status/**")
    assert tab.url == status_url
    page.go_back()  # back to the order page: it points at the request sent
    assert "Your request was sent" in page.content()
    if javascript:
        _shot(page, "desktop-7-order-sent")
    page.get_by_role("link", name="See your return").click()
    assert page.url == status_url
    assert len(_portal_returns(portal.shop.db)) == 1
    page.go_back()
    page.get_by_role("button", name="Send back something else from this order").click()
    _choose(page, portal.shop.order_lines["1001/PIN-1"])
    page.get_by_role("button", name="Send request").click()
    page.wait_for_url("**/status/**")
    assert page.url != status_url and len(_portal_returns(portal.shop.db)) == 2
    context.close()
