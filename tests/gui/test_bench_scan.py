"""The packing bench without dead ends: a scan anywhere in the window, each return at its next step, and a
clerk's refund above the limit turned into a request the owner approves from the queue."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.core.services import returns, users
from desktop_app.core.services.base import ServiceContext
from desktop_app.gui.i18n import install_language, tr
from tests.gui.conftest import make_window


def _rma_in(db, status: str) -> str:
    ids = returns.return_ids(db, returns.ReturnFilter(status=status))
    return next(s.rma for s in returns.summaries_by_ids(db, ids)
                if all(line.requested_qty > 0 for line in returns.get_return(db, s.rma).lines))


def _limit(db, owner, clerk, minor: int) -> None:
    users.set_refund_limit(ServiceContext(db, owner), clerk.id, minor, None)


class Bench:
    """A person's keys to whatever has the focus (counted) and a scanner's code with its Enter (not counted)."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.count = 0

    def press(self, key) -> None:
        target = QApplication.focusWidget() or QApplication.activeWindow()
        assert target is not None, "nothing has the keyboard focus"
        self.qtbot.keyClick(target, key)
        self.count += 1

    def scan(self, code: str) -> None:
        target = QApplication.focusWidget()
        assert target is not None
        self.qtbot.keyClicks(target, code)
        self.qtbot.keyClick(target, Qt.Key.Key_Return)

    def enter_through(self, window, *titles: str) -> None:
        """Press Enter once on each form as it opens with the keyboard on its confirm button."""
        flow = window.queue.detail.flow
        for title in titles:
            self.qtbot.waitUntil(lambda t=title: flow.dialog is not None and flow.dialog.isVisible()
                                 and flow.dialog.windowTitle().startswith(t)
                                 and QApplication.focusWidget() is flow.dialog.ok)
            self.press(Qt.Key.Key_Return)


def _focus_queue(qtbot, window) -> None:
    table = window.queue.table
    window.queue.set_status("")
    rect = table.visualRect(window.queue.model.index(0, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table)


def _no_message_box() -> bool:
    return not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_scan_with_the_queue_focused_to_refunded_in_three_keystrokes(qtbot, shop_db, owner, clerk, lang):
    _limit(shop_db, owner, clerk, 10**7)
    window = make_window(qtbot, shop_db, clerk)
    install_language(lang)
    rma = _rma_in(shop_db, "approved")
    _focus_queue(qtbot, window)
    selected = window.queue.selected_ids()
    keys = Bench(qtbot)
    keys.scan(rma)
    assert window.queue.selected_ids() == selected or window.queue.detail.detail.rma == rma  # no type-ahead
    assert window.queue.detail.detail is not None and window.queue.detail.detail.rma == rma
    keys.enter_through(window, tr("Receive"), tr("Inspect"), tr("Resolve"))
    detail = returns.get_return(shop_db, rma)
    assert detail.status == "resolved" and detail.refunds
    assert keys.count == 3
    assert _no_message_box()


def test_the_queue_does_not_type_ahead_a_scanned_code(qtbot, clerk_window, shop_db):
    rma = _rma_in(shop_db, "approved")
    _focus_queue(qtbot, clerk_window)
    selected = clerk_window.queue.selected_ids()
    qtbot.keyClicks(clerk_window.queue.table, rma)  # the scanner's code, before its Enter
    assert clerk_window.queue.selected_ids() == selected
    qtbot.keyClick(clerk_window.queue.table, Qt.Key.Key_Return)
    assert clerk_window.queue.detail.detail.rma == rma


def test_a_person_typing_slowly_still_types(qtbot, clerk_window):
    search = clerk_window.queue.search
    search.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is search)
    for key in (Qt.Key.Key_R, Qt.Key.Key_Minus, Qt.Key.Key_0):
        qtbot.keyClick(search, key)
        qtbot.wait(120)
    assert search.text().upper() == "R-0"
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert clerk_window.scan_dialog is None  # a person's search, not a scan


def test_a_scan_into_the_search_field_opens_the_return_and_leaves_the_field_alone(qtbot, clerk_window, shop_db):
    rma = _rma_in(shop_db, "approved")
    search = clerk_window.queue.search
    search.setFocus()
    search.setText("wolf")
    qtbot.keyClicks(search, rma)
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert search.text() == "wolf"
    assert clerk_window.queue.detail.detail.rma == rma
    assert clerk_window.queue.detail.flow.dialog.windowTitle().startswith(tr("Receive"))


@pytest.mark.parametrize(("status", "steps"), [("received", ("Inspect", "Resolve")), ("inspected", ("Resolve",))])
def test_a_scanned_return_continues_at_its_next_step(qtbot, owner_window, shop_db, status, steps):
    try:
        rma = _rma_in(shop_db, status)
    except StopIteration:
        approved = _rma_in(shop_db, "approved")
        detail = returns.get_return(shop_db, approved)
        ctx = owner_window.desk.ctx
        detail = returns.receive(ctx, approved, {ln.id: (ln.requested_qty, 0) for ln in detail.lines})
        if status == "inspected":
            returns.inspect(ctx, approved, {ln.id: ("like_new", 0, True) for ln in detail.lines})
        rma = approved
        owner_window.queue.refresh()
    _focus_queue(qtbot, owner_window)
    keys = Bench(qtbot)
    keys.scan(rma)
    keys.enter_through(owner_window, *steps)
    assert returns.get_return(shop_db, rma).status == "resolved"
    assert keys.count == len(steps)


def test_a_clerks_refund_above_the_limit_waits_for_the_owner_who_approves_it(qtbot, shop_db, owner, clerk):
    _limit(shop_db, owner, clerk, 100)  # 1.00: every refund needs the owner
    clerk_window = make_window(qtbot, shop_db, clerk)
    rma = _rma_in(shop_db, "approved")
    _focus_queue(qtbot, clerk_window)
    keys = Bench(qtbot)
    keys.scan(rma)
    keys.enter_through(clerk_window, tr("Receive"), tr("Inspect"), tr("Resolve"))
    qtbot.waitUntil(lambda: clerk_window.queue.detail.detail.owner_request is not None)
    assert _no_message_box()  # not a refusal
    assert "Waiting for the owner" in clerk_window.queue.detail.header.text()
    assert not clerk_window.owner_badge.isVisible()  # the clerk has nothing to approve
    clerk_window.close()
    assert not returns.get_return(shop_db, rma).refunds

    owner_window = make_window(qtbot, shop_db, owner)
    badge = owner_window.owner_badge
    assert badge.isVisible() and "1" in badge.text()
    qtbot.mouseClick(badge, Qt.MouseButton.LeftButton)
    queue = owner_window.queue
    assert queue.status_filter.currentData() == "owner"
    assert tr("Waiting for the owner") in queue.status_filter.currentText()
    assert queue.model.rowCount() == 1
    rect = queue.table.visualRect(queue.model.index(0, 1))
    qtbot.mouseClick(queue.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: queue.detail.detail is not None and queue.detail.detail.rma == rma)
    approve = queue.detail.buttons["approve_request"]
    assert approve.isVisible()
    qtbot.mouseClick(approve, Qt.MouseButton.LeftButton)
    done = returns.get_return(shop_db, rma)
    assert done.status == "resolved" and done.refunds and done.owner_request is None
    qtbot.waitUntil(lambda: not badge.isVisible())
