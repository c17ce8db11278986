"""Notes and files on the timeline, rejection with a reason, and a stale change refused politely."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.core.services import returns


def _select(window, status):
    window.queue.set_status(status)
    window.queue.table.selectRow(0)
    return window.queue.detail


def test_a_phone_note_lands_on_the_timeline(owner_window):
    pane = _select(owner_window, "received")
    before = pane.timeline.count()
    pane.run_action("add_note")
    dialog = pane.flow.dialog
    dialog.channels.setCurrentIndex(dialog.channels.findData("phone"))
    dialog.note.setText("Customer called: the box was crushed")
    dialog.accept()
    assert pane.timeline.count() == before + 1
    assert "Customer called" in pane.timeline.item(pane.timeline.count() - 1).text()


def test_a_photo_is_attached(owner_window, tmp_path, monkeypatch, shop_db):
    photo = tmp_path / "parcel.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    pane = _select(owner_window, "received")
    monkeypatch.setattr(pane.flow, "choose_file", lambda: str(photo))
    pane.run_action("attach_file")
    detail = returns.get_return(shop_db, pane.detail.rma)
    assert [(a.filename, a.kind) for a in detail.attachments][-1] == ("parcel.png", "photo")
    assert any("parcel.png" in pane.timeline.item(i).text() for i in range(pane.timeline.count()))


def test_rejecting_asks_for_the_reason(owner_window, shop_db):
    pane = _select(owner_window, "requested")
    rma = pane.detail.rma
    pane.run_action("reject")
    pane.flow.dialog.note.setText("Bought 200 days ago")
    pane.flow.dialog.accept()
    assert returns.get_return(shop_db, rma).status == "rejected"


def test_a_change_made_elsewhere_meanwhile_is_refused_and_reloaded(owner_window, shop_db, clerk):
    from desktop_app.core.services.base import ServiceContext

    pane = _select(owner_window, "requested")
    rma, stale = pane.detail.rma, pane.detail
    returns.add_note(ServiceContext(shop_db, clerk), rma, "note", "another desk was here")
    pane.flow.start("approve", stale)
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert any("Nothing was overwritten" in box.text() for box in boxes)
    assert returns.get_return(shop_db, rma).status == "requested"
    assert pane.detail.version > stale.version


def test_approving_queues_the_customers_message_on_the_timeline(owner_window, shop_db):
    from desktop_app.core.notify import hooks

    owner_window.desk.on_return_event = hooks.CUSTOMER_MESSAGES  # as the window started by the app has
    pane = _select(owner_window, "requested")
    rma = pane.detail.rma
    pane.run_action("approve")
    texts = [pane.timeline.item(i).text() for i in range(pane.timeline.count())]
    assert pane.detail.rma == rma and pane.detail.status == "approved"
    assert any("Message to" in text and "waiting to be sent" in text for text in texts)


def test_a_form_is_read_on_the_window_thread_and_the_change_runs_in_the_background(
        qtbot, owner_window, shop_db, monkeypatch):
    import threading

    from desktop_app.gui.dialogs.step_dialogs import NoteDialog
    from desktop_app.gui.workers import ThreadRunner

    pane = _select(owner_window, "requested")
    rma = pane.detail.rma
    runner = ThreadRunner()
    owner_window.desk.runner = runner
    assert pane.flow.desk is owner_window.desk
    read_on = []
    text = NoteDialog.text
    monkeypatch.setattr(NoteDialog, "text", lambda self: (read_on.append(threading.current_thread()), text(self))[1])
    pane.run_action("reject")
    pane.flow.dialog.note.setText("Bought 200 days ago")
    with qtbot.waitSignal(pane.flow.done, timeout=15000):
        pane.flow.dialog.accept()
    runner.wait()
    assert read_on and all(thread is threading.main_thread() for thread in read_on)
    assert returns.get_return(shop_db, rma).status == "rejected"
