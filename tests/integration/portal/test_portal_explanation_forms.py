"""The portal's check and status pages write days, times and amounts as the shop's country does."""

from __future__ import annotations

import html
import re

import pytest

from tests.integration.portal.portal_shop import client, look_up, portal_shop, send_request

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
ISO_DAY = r"\b20\d\d-\d\d-\d\d\b"


def test_check_and_status_pages_write_german_forms_in_english_and_chinese_days_in_chinese(sqlite_database):
    shop = portal_shop(sqlite_database)  # a shop in Germany
    line = shop.order_lines["1001/MUG-1"]
    http = client(sqlite_database)
    look_up(http)
    page = html.unescape(send_request(http, {line: {"qty": 1, "reason": "changed_mind"}}, action="check").text)
    assert re.search(r"Returns are accepted until \d\d\.\d\d\.20\d\d", page), page
    assert re.search(r"Restocking fee: \d+,\d\d\xa0€", page), page
    assert not re.search(ISO_DAY, page) and "€" not in page.replace("\xa0€", "")  # every amount: 1,23 €
    link = send_request(http, {line: {"qty": 1, "reason": "changed_mind"}}).headers["location"]
    status = html.unescape(http.get(link).text)
    assert re.search(r"<time[^>]*>\d\d\.\d\d\.20\d\d \d\d:\d\d</time>", status), status
    http = client(sqlite_database)
    http.headers["accept-language"] = "zh-CN,zh;q=0.9"
    look_up(http)
    page = html.unescape(send_request(http, {line: {"qty": 1, "reason": "changed_mind"}}, action="check").text)
    assert re.search(r"20\d\d年\d{1,2}月\d{1,2}日", page) and not re.search(ISO_DAY, page)
    status = html.unescape(http.get(link).text)
    assert re.search(r"<time[^>]*>20\d\d年\d{1,2}月\d{1,2}日 \d\d:\d\d</time>", status), status
