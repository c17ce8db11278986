"""Portal returns at the desk: the queue refreshes on its own, marks them, filters them and counts those to review."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import OrderLine, ReturnLine
from desktop_app.core.services import returns
from desktop_app.core.services.auth import sign_in
from desktop_app.core.services.base import ServiceContext
from desktop_app.core.services.returns import LineRequest
from desktop_app.gui.models.queue_model import ID_ROLE


def _free_line(db) -> tuple[str, int]:
    """Return (order number, order line id) of a line no return has asked for yet."""
    with db.read() as s:
        asked = select(ReturnLine.order_line_id).where(ReturnLine.order_line_id.is_not(None))
        line = s.scalars(select(OrderLine).where(OrderLine.id.not_in(asked)).order_by(OrderLine.id)).first()
        return line.order.number, line.id


def _portal_request_from_elsewhere(path: str) -> str:
    """Create a portal return through the services on a second connection, as the portal process would."""
    other = Database(path)
    try:
        order, line = _free_line(other)
        ctx = ServiceContext(other, sign_in(other, "owner", "4321"))
        created = returns.create_return(ctx, order, [LineRequest(line, 1, "defective", "", "like_new")],
                                        goodwill_reason="asked in the portal", channel="portal")
        return created.rma
    finally:
        other.dispose()


def _rows(tab) -> list[str]:
    return [tab.model.data(tab.model.index(r, 0)) for r in range(tab.model.rowCount())]


def test_a_portal_return_appears_marked_without_user_action_and_can_be_filtered(qtbot, owner_window, shop_db):
    tab = owner_window.queue
    tab.set_status("")
    before = tab.model.rowCount()
    assert tab.portal_only.text() == "From the portal"  # the demo has no portal request waiting
    refreshes: list[int] = []
    real_refresh = tab.refresh
    tab.refresh = lambda *args, **kwargs: (refreshes.append(1), real_refresh(*args, **kwargs))
    tab.poll.setInterval(50)
    qtbot.wait(300)
    assert refreshes == []  # nothing changed: the cheap check does not reload the queue

    rma = _portal_request_from_elsewhere(str(shop_db.url))
    qtbot.waitUntil(lambda: tab.model.rowCount() == before + 1, timeout=3000)
    assert len(refreshes) == 1
    row = _rows(tab).index(rma)
    index = tab.model.index(row, 0)
    assert tab.model.data(index, Qt.ItemDataRole.DecorationRole) is not None  # the portal mark
    assert "portal" in tab.model.data(index, Qt.ItemDataRole.ToolTipRole)
    others = [tab.model.index(r, 0) for r in range(tab.model.rowCount()) if r != row]
    assert all(tab.model.data(i, Qt.ItemDataRole.DecorationRole) is None for i in others[:20])
    assert tab.portal_only.text() == "From the portal (1 to review)"

    tab.portal_only.setChecked(True)
    assert _rows(tab) == [rma]
    tab.set_status("approved")
    assert tab.model.rowCount() == 0  # the filters combine: it waits for review
    tab.set_status("requested")
    assert [tab.model.data(tab.model.index(0, 0), ID_ROLE)] == returns.return_ids(
        shop_db, returns.ReturnFilter(channel="portal"))
    tab.portal_only.setChecked(False)
    assert tab.model.rowCount() > 1


def test_the_detail_says_when_the_customer_is_flagged(qtbot, owner_window, shop_db, owner):
    from desktop_app.core.services.customers import flag_customer

    rma = _portal_request_from_elsewhere(str(shop_db.url))
    detail = returns.get_return(shop_db, rma)
    flag_customer(ServiceContext(shop_db, owner), str(detail.customer_id), "Parcels came back empty twice")
    owner_window.queue.open_detail(returns.get_return(shop_db, rma))
    assert "Customer flagged by the owner: Parcels came back empty twice" in owner_window.queue.detail.header.text()
