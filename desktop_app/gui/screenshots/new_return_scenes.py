"""Screenshot scenes of the new-return wizard's pages on a demo shop (used by screenshots.py and the layout test)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.core.services.orders import get_order, list_orders
from desktop_app.gui.dialogs.new_return.wizard import DONE, NewReturnWizard


def _settle(widget: QWidget) -> None:
    widget.show()
    for _ in range(3):
        QApplication.processEvents()


def _recent_order(db: Any) -> Any:
    """Return a recently delivered order with at least two returnable lines (or any returnable one)."""
    now, fallback = datetime.now(UTC), None
    for summary in list_orders(db, limit=300):
        order = get_order(db, summary.number, summary.channel)
        delivered = order.delivered_at.replace(tzinfo=UTC) if order.delivered_at and \
            order.delivered_at.tzinfo is None else order.delivered_at
        open_lines = [ln for ln in order.lines if ln.returnable_qty > 0]
        if delivered and now - delivered < timedelta(days=14) and open_lines:
            if len(open_lines) >= 2:
                return order
            fallback = fallback or order
    return fallback


def _old_order(db: Any) -> Any:
    """Return an order delivered long ago (outside the window and any holiday extension), or None."""
    now = datetime.now(UTC)
    for summary in list_orders(db, limit=300):
        order = get_order(db, summary.number, summary.channel)
        delivered = order.delivered_at.replace(tzinfo=UTC) if order.delivered_at and \
            order.delivered_at.tzinfo is None else order.delivered_at
        if delivered and now - delivered > timedelta(days=90) and order.ordered_at.month not in (11, 12) \
                and any(ln.returnable_qty > 0 for ln in order.lines):
            return order
    return None


def outside_policy_scenes(parent: QWidget, desk: Any) -> Iterator[tuple[str, QWidget]]:
    """An old order: the verdict says why not, and the owner is asked for a goodwill reason."""
    order = _old_order(desk.db)
    if order is None:
        return
    wizard = NewReturnWizard(desk, parent)
    wizard.find_page.choose(order.number, order.channel)
    wizard.show()
    wizard.next()
    line = next(ln for ln in order.lines if ln.returnable_qty > 0)
    wizard.lines_page.editor_for(line.sku).set_choice(1, "changed_mind", None, "Never worn")
    _settle(wizard)
    yield "wizard_2_lines_outside_policy", wizard
    wizard.next()
    _settle(wizard)
    yield "wizard_3_confirm_goodwill", wizard
    wizard.close()
    wizard.deleteLater()


def wizard_scenes(parent: QWidget, desk: Any) -> Iterator[tuple[str, QWidget]]:
    """Walk the wizard through an order with two lines, yielding each page once it is shown."""
    order = _recent_order(desk.db)
    if order is None:
        return
    wizard = NewReturnWizard(desk, parent)
    find = wizard.find_page
    name = order.customer.name if order.customer else order.number
    find.search.setText(name)
    find.find_now()
    _settle(wizard)
    yield "wizard_1_find", wizard
    find.choose(order.number, order.channel)
    _settle(wizard)
    yield "wizard_1_order_delivery", wizard
    wizard.next()
    lines = [ln for ln in order.lines if ln.returnable_qty > 0]
    page = wizard.lines_page
    page.editor_for(lines[0].sku).set_choice(1, "wrong_size", "unused", "Too tight")
    if len(lines) > 1:
        page.editor_for(lines[1].sku).set_choice(1, "defective", "damaged", "Seam split")
    _settle(wizard)
    yield "wizard_2_lines", wizard
    wizard.next()
    _settle(wizard)
    yield "wizard_3_confirm", wizard
    wizard.next()
    for _ in range(10):
        QApplication.processEvents()
        if wizard.currentId() == DONE:
            break
    _settle(wizard)
    yield "wizard_4_done", wizard
    wizard.close()
    wizard.deleteLater()
    yield from outside_policy_scenes(parent, desk)
