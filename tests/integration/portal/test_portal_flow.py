"""A customer's request through the portal's pages: judged by the policy, waiting, approved, in Chinese too."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.core.db.models import Customer, OutgoingMessage
from desktop_app.core.notify import hooks
from desktop_app.core.services.returns import approve, get_return, reject
from tests.helpers.smtp import free_port
from tests.integration.portal.portal_shop import BASE, client, look_up, portal_shop, qr_codes, send_request
from tests.integration.services.returns_shop import with_hooks

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
ROOT = Path(__file__).resolve().parents[3]


def test_a_request_waits_for_the_shop_and_then_shows_the_label_in_chinese(sqlite_database, tmp_path):
    shop = with_hooks(portal_shop(sqlite_database), hooks.CUSTOMER_MESSAGES)
    http = client(sqlite_database)
    http.headers["accept-language"] = "zh-CN,zh;q=0.9,en;q=0.5"
    assert "申请退货" in http.get("/").text
    look_up(http)
    line = shop.order_lines["1001/MUG-1"]
    checked = send_request(http, {line: {"qty": 2}}, action="check")
    assert "可以退货" in checked.text and "提交申请" in checked.text
    link = send_request(http, {line: {"qty": 2}}).headers["location"]
    page = http.get(link).text
    assert "商店将在 2 个工作日内审核您的申请" in page and "下载退货标签" not in page
    rma = link.rsplit("/", 1)[1].split(".")[0]
    detail = get_return(sqlite_database, rma)
    assert (detail.channel, detail.status, detail.lines[0].requested_qty) == ("portal", "requested", 2)
    with sqlite_database.read() as s:  # the customer's portal language is kept for their e-mails
        assert s.scalars(select(Customer.language).where(Customer.email == "anna@example.com")).one() == "zh_CN"
    approve(shop.owner, rma)
    page = http.get(link).text
    assert "您的退货已批准" in page and "下载退货标签（PDF）" in page
    with sqlite_database.read() as s:
        message = s.scalars(select(OutgoingMessage).where(OutgoingMessage.event == "approved")).one()
    assert message.language == "zh_CN" and f"{BASE}{link}" in message.body
    label = http.get(f"{link}/label.pdf")
    assert label.status_code == 200 and f"{BASE}{link}" in qr_codes(label.content, tmp_path)
    assert http.get(f"{link}/instructions.pdf").content.startswith(b"%PDF")


def test_the_policy_verdict_refuses_a_line_before_anything_is_created(sqlite_database):
    shop = portal_shop(sqlite_database)
    http = client(sqlite_database)
    look_up(http)
    line = shop.order_lines["1001/TEE-M"]
    choice = {line: {"reason": "changed_mind", "condition": "damaged"}}
    checked = send_request(http, choice, action="check")
    assert "Cannot be returned" in checked.text
    refused = send_request(http, choice)
    assert refused.status_code == 422 and "Remove this item or change your answers." in refused.text
    assert "goodwill" not in refused.text
    with pytest.raises(Exception, match="no return"):
        get_return(sqlite_database, "R-000001")


def test_the_status_page_shows_only_what_the_customer_may_see(sqlite_database):
    shop = portal_shop(sqlite_database)
    http = client(sqlite_database)
    look_up(http)
    link = send_request(http, {shop.order_lines["1001/PIN-1"]: {"comment": "bent pin"}}).headers["location"]
    rma = link.rsplit("/", 1)[1].split(".")[0]
    from desktop_app.core.services.returns import add_note

    add_note(shop.clerk, rma, "note", "Customer sounds grumpy; check order history")
    reject(shop.owner, rma, "The pin was bought on sale and is final.")
    page = http.get(link).text
    assert "The pin was bought on sale and is final." in page and "The shop could not accept this return." in page
    assert "grumpy" not in page and "Olga" not in page and "Carl" not in page and "anna@example.com" not in page


def test_the_portal_command_serves_the_shop(sqlite_database, tmp_path):
    portal_shop(sqlite_database)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RETURNDESK_LANG": "en"}
    proc = subprocess.Popen([sys.executable, "-m", "desktop_app", "--db", str(sqlite_database.sqlite_path),
                             "portal", "--port", str(port)], env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90  # a loaded machine takes a while to import and start it
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    body, headers = response.read().decode(), response.headers
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail("the portal did not answer")
                time.sleep(0.3)
        assert "Start a return" in body and "Blue Mug &amp; Co" in body
        assert headers["X-Frame-Options"] == "DENY" and "server" not in {k.lower() for k in headers}
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_without_a_published_policy_the_customer_reads_a_sentence_not_an_error(sqlite_database):
    from desktop_app.core.db.models import PolicyVersion

    portal_shop(sqlite_database)
    http = client(sqlite_database)
    look_up(http)
    with sqlite_database.write() as session:
        for version in session.query(PolicyVersion):
            version.status = "retired"
    page = http.get("/order")
    assert page.status_code == 503 and "not taking return requests online" in page.text
    assert "Publish a return policy" not in page.text
