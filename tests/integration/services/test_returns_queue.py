"""The returns queue: search, status counts, paging by id, and imported returns kept out of it."""

from __future__ import annotations

import pytest
from returns_shop import build_shop

from desktop_app.core.db.models import Return, utcnow
from desktop_app.core.domain.money import Money
from desktop_app.core.services import returns as svc
from desktop_app.core.services.base import InvalidInput
from desktop_app.core.services.returns import LineRequest, ReturnFilter


@pytest.fixture
def queue(database):
    shop = build_shop(database)
    mug = svc.create_return(shop.clerk, "1001", [LineRequest(shop.order_lines["1001/MUG-1"], 1, "defective")])
    tee = svc.create_return(shop.clerk, "1001", [LineRequest(shop.order_lines["1001/TEE-M"], 1, "wrong_size",
                                                             "", "unused")])
    wang = svc.create_return(shop.clerk, "1002", [LineRequest(shop.order_lines["1002/MUG-1"], 2, "defective")])
    svc.approve(shop.clerk, wang.rma)
    svc.receive(shop.clerk, wang.rma, {wang.lines[0].id: 2}, tracking="JD0012345678")
    svc.resolve_line(shop.clerk, wang.rma, wang.lines[0].id, "refund", 2)
    svc.cancel(shop.clerk, tee.rma)
    with database.write() as s:  # a historical return from an import: closed, never in the queue
        s.add(Return(rma="R-900001", status="closed", currency="EUR", imported=True, import_key="k1",
                     requested_at=utcnow(), updated_at=utcnow()))
    return shop, mug, tee, wang


@pytest.mark.parametrize(("text", "expected"), [
    ("r-000001", ["R-000001"]), ("1002", ["R-000003"]), ("王小明", ["R-000003"]), ("ANNA@", ["R-000002",
     "R-000001"]), ("tee-m", ["R-000002"]), ("jd0012", ["R-000003"]), ("%", []), ("R-9000", []),
])
def test_search_finds_rma_order_customer_email_sku_and_tracking(queue, text, expected):
    shop = queue[0]
    assert [r.rma for r in svc.list_returns(shop.db, search=text, sort="-rma")] == expected


def test_summaries_carry_what_the_queue_shows(queue):
    shop, mug, _tee, wang = queue
    rows = {r.rma: r for r in svc.list_returns(shop.db)}
    assert set(rows) == {"R-000001", "R-000002", "R-000003"}  # the imported R-900001 never shows
    done = rows[wang.rma]
    assert (done.order_number, done.customer_name, done.status, done.items, done.reason) == \
        ("1002", "王小明", "resolved", 2, "defective")
    assert done.refunded == Money.from_minor(2398, "EUR") and done.tracking_number == "JD0012345678"
    assert rows[mug.rma].due_at is not None and rows[mug.rma].overdue is False
    assert rows[mug.rma].status_label.render("zh_CN") != "requested"


def test_status_counts_and_counting_exclude_imported_returns(queue):
    shop = queue[0]
    counts = svc.status_counts(shop.db)
    assert (counts["requested"], counts["cancelled"], counts["resolved"], counts["closed"]) == (1, 1, 1, 0)
    assert svc.count_returns(shop.db) == 3
    assert svc.count_returns(shop.db, ReturnFilter(status=("requested", "resolved"))) == 2
    with pytest.raises(InvalidInput):
        svc.count_returns(shop.db, ReturnFilter(status="lost"))
    with pytest.raises(InvalidInput):
        svc.list_returns(shop.db, sort="price")


def test_the_window_pages_by_id(queue):
    shop = queue[0]
    ids = svc.return_ids(shop.db, ReturnFilter(sort="rma"))
    assert len(ids) == 3
    page = svc.summaries_by_ids(shop.db, [ids[2], ids[0]])
    assert [p.rma for p in page] == ["R-000003", "R-000001"]
    assert svc.return_ids(shop.db, ReturnFilter(sort="rma"), offset=1, limit=1) == [ids[1]]
    assert svc.summaries_by_ids(shop.db, []) == []


def test_imported_returns_can_be_read_but_not_changed(queue):
    shop = queue[0]
    old = svc.get_return(shop.db, "R-900001")
    assert old.imported and old.allowed_actions == frozenset()
    with pytest.raises(InvalidInput):
        svc.add_note(shop.clerk, "R-900001", "note", "hello")
