"""Scan to receive with the keyboard only: F2, the scanner's code, and Enter through each prefilled form."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop_app.core.services import returns
from desktop_app.gui.formatting import status_title_text
from desktop_app.gui.i18n import install_language, tr


def _approved_rma(db) -> str:
    ids = returns.return_ids(db, returns.ReturnFilter(status="approved"))
    return next(s.rma for s in returns.summaries_by_ids(db, ids)
                if all(line.requested_qty > 0 for line in returns.get_return(db, s.rma).lines))


class Keyboard:
    """Sends keys to whatever has the keyboard focus, like a person; counts the person's keys."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.count = 0

    def press(self, key) -> None:
        target = QApplication.focusWidget() or QApplication.activeWindow()
        assert target is not None, "nothing has the keyboard focus"
        self.qtbot.keyClick(target, key)
        self.count += 1

    def scanner(self, code: str) -> None:
        """A barcode scanner types the code and Enter by itself: not the person's keystrokes."""
        target = QApplication.focusWidget()
        self.qtbot.keyClicks(target, code)
        self.qtbot.keyClick(target, Qt.Key.Key_Return)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_scan_receive_inspect_resolve_in_four_keystrokes(qtbot, owner_window, shop_db, lang):
    install_language(lang)
    rma = _approved_rma(shop_db)
    before = owner_window.counts.get("approved")
    keys = Keyboard(qtbot)
    keys.press(Qt.Key.Key_F2)
    dialog = owner_window.scan_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.field)
    keys.scanner(f"https://shop.example/returns/{rma.lower()}?src=label")
    qtbot.waitUntil(lambda: owner_window.queue.detail.flow.dialog is not None)
    flow = owner_window.queue.detail.flow
    for step in (tr("Receive"), tr("Inspect"), tr("Resolve")):
        qtbot.waitUntil(lambda s=step: flow.dialog is not None and flow.dialog.windowTitle().startswith(s)
                        and QApplication.focusWidget() is flow.dialog.ok)
        keys.press(Qt.Key.Key_Return)
    detail = returns.get_return(shop_db, rma)
    assert detail.status == "resolved"
    assert keys.count <= 4
    assert all(line.resolution == "refund" for line in detail.lines)
    pane = owner_window.queue.detail
    assert pane.detail.status == "resolved"
    assert status_title_text("resolved") in pane.header.text()
    assert pane.timeline.count() >= 4
    assert owner_window.counts.get("approved") == before - 1
    assert str(owner_window.counts["open"]) in owner_window.status_counts.text()


def test_an_unknown_code_says_so_and_offers_the_order(qtbot, owner_window):
    owner_window.scan()
    dialog = owner_window.scan_dialog
    qtbot.waitExposed(dialog)
    assert not dialog.find_button.isVisible() and not dialog.problem.isVisible()
    qtbot.keyClicks(dialog.field, "R-999999")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert dialog.problem.isVisible()
    assert "R-999999" in dialog.problem.text()
    assert dialog.find_button.isVisible()
    qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    wizard = owner_window.findChild(QWidget, "newReturnWizard")
    assert wizard is not None and wizard.isVisible()


def test_a_scan_field_ignores_the_input_method(owner_window):
    dialog = owner_window.scan()
    assert not dialog.field.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    assert dialog.field.inputMethodHints() & Qt.InputMethodHint.ImhLatinOnly


def test_garbage_is_refused_with_a_sentence(qtbot, owner_window):
    dialog = owner_window.scan()
    qtbot.keyClicks(dialog.field, "%%%")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert "not a return number" in dialog.problem.text()
    assert not dialog.find_button.isVisible()
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def test_a_return_kit_scan_opens_the_orders_waiting_return(qtbot, owner_window, shop_db):
    from desktop_app.core.services.orders import get_order

    candidates = []
    for summary in returns.summaries_by_ids(shop_db, returns.return_ids(shop_db, returns.ReturnFilter(
            status="approved"))):
        waiting = [r for r in get_order(shop_db, summary.order_number).returns
                   if r.status in ("approved", "partially_received")]
        if len(waiting) == 1:
            candidates.append((summary.rma, summary.order_number))
    assert candidates, "the demo shop has an order with one return waiting for its parcel"
    rma, order = candidates[0]
    dialog = owner_window.scan()
    qtbot.keyClicks(dialog.field, f"RDKIT:{order}")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert owner_window.queue.detail.detail.rma == rma
    assert owner_window.queue.detail.flow.dialog.windowTitle().startswith("Receive")


def test_scanning_a_return_with_nothing_to_receive_says_so(qtbot, owner_window, shop_db):
    ids = returns.return_ids(shop_db, returns.ReturnFilter(status="requested"))
    rma = returns.summaries_by_ids(shop_db, ids[:1])[0].rma
    dialog = owner_window.scan()
    qtbot.keyClicks(dialog.field, rma)
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert owner_window.queue.detail.detail.rma == rma
    assert "nothing to receive" in owner_window.statusBar().currentMessage()
