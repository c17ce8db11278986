"""The customer's comment and photos, typed in the wizard, are shown wherever the return is handled."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import QPlainTextEdit, QWizard

from desktop_app.core.services import returns
from desktop_app.gui.dialogs.new_return.wizard import DONE
from desktop_app.gui.dialogs.step_dialogs import InspectDialog, ReceiveDialog, ResolveDialog
from tests.gui.test_new_return import find, recent_order


def _click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_a_long_comment_typed_in_the_wizard_is_shown_in_detail_timeline_and_forms(qtbot, owner_window, shop_db,
                                                                                  tmp_path):
    order = recent_order(shop_db)
    window = owner_window
    wizard = window.new_return()
    find(qtbot, wizard, order.number, order.number)
    editor = next(e for e in wizard.lines_page.editors if e.include.isEnabled())
    if not editor.include.isChecked():
        _click(qtbot, editor.include)
    editor.reason.setCurrentIndex(editor.reason.findData("defective"))
    assert isinstance(editor.comment, QPlainTextEdit)  # a long comment gets room, several lines
    editor.comment.setFocus()
    qtbot.keyClicks(editor.comment, "The zip broke on the second day.")
    qtbot.keyClick(editor.comment, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.comment, "Photo attached.")
    photo = tmp_path / "zip.png"
    pixmap = QPixmap(20, 20)
    pixmap.fill(QColor("red"))
    pixmap.save(str(photo))
    wizard.choose_files = lambda: [str(photo)]
    _click(qtbot, wizard.lines_page.files.add)
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    qtbot.waitUntil(next_button.isEnabled)
    _click(qtbot, next_button)
    _click(qtbot, next_button)  # Create return
    qtbot.waitUntil(lambda: wizard.currentId() == DONE)
    rma = wizard.created.rma
    stored = returns.get_return(shop_db, rma).lines[0].customer_comment
    assert stored == "The zip broke on the second day.\nPhoto attached."
    _click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))

    pane = window.queue.detail
    qtbot.waitUntil(lambda: pane.detail is not None and pane.detail.rma == rma)
    says = pane.customer_says
    assert says.isVisible() and "The zip broke on the second day. Photo attached." in says.text()
    assert "zip.png" in says.text()
    first = pane.timeline.item(0).text()
    assert "Return requested" in first and "The zip broke" in first

    # The forms of the bench show it too: receive, inspect, resolve.
    for action, kind in (("receive", ReceiveDialog), ("inspect", InspectDialog), ("resolve_line", ResolveDialog)):
        if action == "receive":
            _click(qtbot, pane.buttons["receive"])
        qtbot.waitUntil(lambda kind=kind: isinstance(pane.flow.dialog, kind) and pane.flow.dialog.isVisible())
        dialog = pane.flow.dialog
        texts = " ".join(label.text() for label in dialog.findChildren(type(says)))
        assert "The zip broke on the second day." in texts and "zip.png" in texts, action
        _click(qtbot, dialog.ok)
    assert returns.get_return(shop_db, rma).status in ("refunded", "resolved", "closed")
