"""The desk a clerk can trust: the wizard opens the order last typed or picked and names it before creating."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from desktop_app.core.services import orders
from desktop_app.gui.backend import Desk
from desktop_app.gui.dialogs.new_return.wizard import CONFIRM, FIND, LINES, NewReturnWizard
from desktop_app.gui.workers import SyncRunner


def _two_orders(db):
    """Two orders with returnable lines whose numbers are not part of each other."""
    found = []
    for summary in orders.list_orders(db, limit=500):
        order = orders.get_order(db, summary.number, summary.channel)
        if any(ln.returnable_qty > 0 for ln in order.lines) and order.customer \
                and all(o.customer.name != order.customer.name for o in found):
            found.append(order)
        if len(found) == 2:
            return found
    raise AssertionError("the demo shop has two returnable orders")


def _button(wizard: QWizard, which: QWizard.WizardButton):
    return wizard.button(which)


def test_back_and_typing_another_number_opens_that_order_and_confirm_names_it(qtbot, shop_db, clerk):
    first, second = _two_orders(shop_db)
    wizard = NewReturnWizard(Desk(shop_db, clerk, SyncRunner()))
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    page = wizard.find_page
    next_button = _button(wizard, QWizard.WizardButton.NextButton)

    # Pick the first order with the mouse from the list of matches, then go on.
    qtbot.keyClicks(page.search, first.number)
    qtbot.waitUntil(lambda: page.results.count() >= 1)
    row = next(i for i in range(page.results.count()) if page.results.item(i).text().startswith(first.number))
    rect = page.results.visualItemRect(page.results.item(row))
    qtbot.mouseClick(page.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(next_button.isEnabled)
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert wizard.currentId() == LINES and first.number in wizard.lines_page.order_info.text()

    # Back, type the other number over it: the list shows only that order; Next opens THAT order.
    qtbot.mouseClick(_button(wizard, QWizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == FIND
    page.search.setFocus()
    page.search.selectAll()
    qtbot.keyClicks(page.search, second.number)
    qtbot.waitUntil(lambda: page.results.count() == 1 and page.results.item(0).text().startswith(second.number))
    qtbot.waitUntil(next_button.isEnabled)
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert wizard.currentId() == LINES
    assert second.number in wizard.lines_page.order_info.text()
    assert {e.line.id for e in wizard.lines_page.editors} == {ln.id for ln in second.lines}

    # Tick a line, give a reason and confirm: the confirm page names the order, the customer and the address.
    editor = next(e for e in wizard.lines_page.editors if e.include.isEnabled())
    editor.include.setChecked(True)
    editor.reason.setCurrentIndex(1)
    qtbot.waitUntil(next_button.isEnabled)
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert wizard.currentId() == CONFIRM
    summary = wizard.confirm_page.summary.toPlainText()
    assert second.number in summary and second.customer.name in summary
    assert second.ship_to.city in summary and second.ship_to.street.splitlines()[0] in summary
    assert first.number not in summary and first.customer.name not in summary


def test_typing_after_picking_disables_next_until_the_typed_order_is_loaded(qtbot, shop_db, clerk):
    first, _second = _two_orders(shop_db)
    wizard = NewReturnWizard(Desk(shop_db, clerk, SyncRunner()))
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.find_page
    qtbot.keyClicks(page.search, first.number)
    qtbot.waitUntil(lambda: wizard.data is not None)
    qtbot.keyClicks(page.search, "9")  # a number no order has
    assert wizard.data is None and not _button(wizard, QWizard.WizardButton.NextButton).isEnabled()
    qtbot.waitUntil(lambda: "No order matches" in page.status.text())
    assert not _button(wizard, QWizard.WizardButton.NextButton).isEnabled()
