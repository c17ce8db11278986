"""The portal in Debian's chromium: a phone in Chinese with JavaScript off and a desktop in English.

Set RETURNDESK_PORTAL_SHOTS=folder to keep a screenshot of every page at both sizes (docs/screenshots/portal).
"""

from __future__ import annotations

import io
import os
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

from desktop_app.core.domain.auto_rules import AutoApprove
from desktop_app.core.services import policies
from desktop_app.core.services.returns import approve, get_return
from tests.integration.portal.portal_shop import qr_codes
from tests.integration.services.returns_shop import RULES

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]
SHOTS = os.environ.get("RETURNDESK_PORTAL_SHOTS")
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _photo() -> dict:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 90, 160)).save(out, format="JPEG")
    return {"name": "broken-mug.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


def _rma(url: str) -> str:
    return url.rsplit("/", 1)[1].split(".")[0]


def _fits(browser, url: str, size: dict) -> None:
    """The page needs no sideways scrolling at this width (checked with JavaScript on)."""
    context = browser.new_context(viewport=size)
    page = context.new_page()
    page.goto(url)
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    context.close()


def test_phone_in_chinese_without_javascript_auto_approved_label(browser, portal, tmp_path):
    auto = AutoApprove(refund_max=Decimal(50), reasons=("defective",))  # the shop approves small defects at once
    shop = portal.shop
    policies.publish(shop.owner, policies.save_draft(shop.owner, replace(RULES, auto_approve=auto)).id)
    context = browser.new_context(viewport=PHONE, locale="zh-CN", java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    page.goto(portal.base + "/")
    assert page.get_by_role("heading", name="申请退货").is_visible()
    _shot(page, "phone-1-lookup")
    page.get_by_label("订单号").fill("1001")
    page.get_by_label("电子邮箱或邮政编码").fill("nobody@example.com")
    page.get_by_role("button", name="查找我的订单").click()
    assert "找不到与此订单号" in page.get_by_role("alert").inner_text()
    _shot(page, "phone-2-lookup-refused")
    page.get_by_label("电子邮箱或邮政编码").fill("anna@example.com")
    page.get_by_role("button", name="查找我的订单").click()
    line = portal.shop.order_lines["1001/MUG-1"]
    page.check(f"#pick_{line}")
    page.fill(f"#qty_{line}", "2")
    page.select_option(f"#reason_{line}", "defective")
    page.fill(f"#comment_{line}", "杯子有裂缝 <b>cracked</b>")
    page.get_by_role("button", name="按退货政策检查").click()
    assert "可以退货" in page.locator(".verdict").inner_text()
    _shot(page, "phone-3-order-checked")
    page.set_input_files("#photos", [_photo()])
    page.get_by_role("button", name="提交申请").click()
    assert "您的退货已批准" in page.content()  # approved at once by the rule: no person, no waiting
    _shot(page, "phone-5-status-approved")
    rma = _rma(page.url)
    detail = get_return(portal.shop.db, rma)
    assert detail.channel == "portal" and detail.lines[0].customer_comment == "杯子有裂缝 <b>cracked</b>"
    assert [a.kind for a in detail.attachments] == ["photo"]
    assert [e.data.get("auto_rule") for e in detail.events if e.kind == "approved"] == ["refund_limit"]
    with page.expect_download() as download:
        page.get_by_role("link", name="下载退货标签（PDF）").click()
    pdf = Path(download.value.path()).read_bytes()
    assert page.url in qr_codes(pdf, tmp_path)  # the label's QR opens this very status page
    page.goto(portal.base + f"/status/{rma}")
    assert "找不到页面" in page.content()
    _shot(page, "phone-6-not-found")
    context.close()
    _fits(browser, page.url.rsplit("/status", 1)[0] + "/", PHONE)


def test_desktop_in_english_request_waits_until_the_owner_approves(browser, portal):
    context = browser.new_context(viewport=DESKTOP, locale="en-GB", accept_downloads=True)
    page = context.new_page()
    page.goto(portal.base + "/")
    _shot(page, "desktop-1-lookup")
    page.get_by_label("Order number").fill("1001")
    page.get_by_label("E-mail address or postcode").fill("999")
    page.get_by_role("button", name="Find my order").click()
    _shot(page, "desktop-2-lookup-refused")
    page.get_by_label("E-mail address or postcode").fill("10115")
    page.get_by_role("button", name="Find my order").click()
    tee, pin = portal.shop.order_lines["1001/TEE-M"], portal.shop.order_lines["1001/PIN-1"]
    page.check(f"#pick_{tee}")
    page.select_option(f"#reason_{tee}", "wrong_size")
    page.check(f"#pick_{pin}")
    page.select_option(f"#condition_{pin}", "damaged")
    page.select_option(f"#reason_{pin}", "changed_mind")
    page.get_by_label("Store credit").check()
    page.get_by_role("button", name="Check with the policy").click()
    verdicts = page.locator(".verdict").all_inner_texts()
    assert verdicts[0].startswith("Can be returned") and verdicts[1].startswith("Cannot be returned")
    _shot(page, "desktop-3-order-checked")
    page.uncheck(f"#pick_{pin}")
    page.get_by_role("button", name="Send request").click()
    assert "The shop will review your request within 2 business days" in page.content()
    _shot(page, "desktop-4-status-waiting")
    status_url = page.url
    approve(portal.shop.owner, _rma(status_url))
    page.reload()
    assert "Your return was approved: print the label and send the parcel." in page.content()
    _shot(page, "desktop-5-status-approved")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the instructions (PDF)").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    page.get_by_role("link", name="中文").click()
    assert "您的退货已批准" in page.content() and page.url == status_url
    page.goto(portal.base + "/status/R-000001")
    _shot(page, "desktop-6-not-found")
    context.close()
    for url in (portal.base + "/", status_url):
        _fits(browser, url, PHONE)
