"""Words, not keys: the timeline names every event once, statuses are capitalised, counts take their plural,
and the summary PDF names channels in the reader's language."""

from __future__ import annotations

import re
import subprocess
from datetime import date

from PySide6.QtCore import QDate, Qt

from desktop_app.core.domain.lifecycle_labels import EVENT_LABELS
from desktop_app.core.notify import hooks
from desktop_app.core.services import returns
from desktop_app.core.services.base import ServiceContext
from desktop_app.gui.i18n import install_language
from desktop_app.gui.tabs.reports_tab import ReportsTab

RAW = re.compile(r"\b(" + "|".join(k for k in EVENT_LABELS if "_" in k) + r")\b")


def _texts(pane) -> list[str]:
    return [pane.timeline.item(i).text() for i in range(pane.timeline.count())]


def test_the_timeline_names_every_event_once_with_capitalised_statuses(qtbot, owner_window, shop_db, owner,
                                                                        tmp_path, monkeypatch):
    window = owner_window
    window.desk.on_return_event = hooks.CUSTOMER_MESSAGES  # approving queues the customer's message
    window.queue.set_status("requested")
    window.queue.table.selectRow(0)
    pane = window.queue.detail
    rma = pane.detail.rma
    returns.set_tracking(ServiceContext(shop_db, owner), rma, "1Z999AA10123456784")  # the carrier's number
    pane.show_rma(rma)
    qtbot.mouseClick(pane.buttons["approve"], Qt.MouseButton.LeftButton)
    photo = tmp_path / "parcel.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    monkeypatch.setattr(pane.flow, "choose_file", lambda: str(photo))
    qtbot.mouseClick(pane.buttons["attach_file"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pane.buttons["receive"], Qt.MouseButton.LeftButton)
    for _step in range(3):  # receive, inspect, resolve: each form confirmed with its own button
        qtbot.waitUntil(lambda: pane.flow.dialog is not None and pane.flow.dialog.isVisible())
        qtbot.mouseClick(pane.flow.dialog.ok, Qt.MouseButton.LeftButton)
        if returns.get_return(shop_db, rma).status == "resolved":
            break
    pane.show_rma(rma)
    texts = _texts(pane)
    joined = "\n".join(texts)
    assert not RAW.search(joined), joined
    assert "Tracking number recorded: 1Z999AA10123456784" in joined
    assert any("Line resolved" in t and "Refund" in t for t in texts), joined
    assert sum("parcel.png" in t for t in texts) == 1, joined  # not "file_attached" and "Attached" twice
    assert not any("Message queued" in t for t in texts), joined  # the message shows once, as "Message to…"
    assert sum("Message to" in t for t in texts) >= 1
    assert "(Requested → Approved)" in joined and "requested →" not in joined
    assert " — Resolved" in pane.header.text()
    assert window.queue.status_filter.itemText(window.queue.status_filter.findData("received")).startswith("Received")


def test_counts_take_their_plural_in_both_languages(qtbot, owner_window, shop_db):
    window = owner_window
    rma = returns.list_returns(shop_db)[0].rma
    window.queue.set_status("")
    window.queue.search.setFocus()
    qtbot.keyClicks(window.queue.search, rma)
    qtbot.waitUntil(lambda: window.queue.model.rowCount() == 1)
    assert window.queue.shown.text() == "1 return shown"
    install_language("zh_CN")
    assert window.queue.shown.text() == "显示 1 个退货"
    install_language("en")
    window.queue.search.clear()
    qtbot.keyClicks(window.queue.search, "R-")
    qtbot.waitUntil(lambda: window.queue.model.rowCount() > 1)
    assert window.queue.shown.text() == f"{window.queue.model.rowCount()} returns shown"


def test_the_wizard_counts_one_line_in_the_singular(qtbot, shop_db, clerk):
    from tests.gui.test_new_return import find, open_wizard, recent_order

    order = recent_order(shop_db)
    wizard = open_wizard(qtbot, shop_db, clerk)
    find(qtbot, wizard, order.number, order.number)
    editor = next(e for e in wizard.lines_page.editors if e.include.isEnabled())
    for other in wizard.lines_page.editors:
        other.include.setChecked(other is editor)
    editor.set_choice(1, "changed_mind")
    assert re.search(r"\b1 of 1 line within the policy", wizard.lines_page.total.text())
    rows = [wizard.find_page.results.item(i).text() for i in range(wizard.find_page.results.count())]
    assert not any(re.search(r"\b1 items\b", row) for row in rows)


def test_the_summary_pdf_names_channels_in_words(qtbot, owner_window, tmp_path, monkeypatch):
    reports = owner_window.reports
    reports.start.setDate(QDate(date.today().year - 2, 1, 1))
    reports.end.setDate(QDate.currentDate())
    reports.refresh()
    keys = {row.key for row in reports.report.summary.breakdowns["channel"]}
    assert keys & {"desk", "email", "phone", "shop"}
    for lang, words in (("en", ("At the desk", "E-mail", "Phone", "In the shop")),
                        ("zh_CN", ("柜台", "电子邮件", "电话", "门店"))):
        install_language(lang)
        target = tmp_path / f"summary-{lang}.pdf"
        monkeypatch.setattr(ReportsTab, "ask_export_path", classmethod(lambda cls, parent, name, t=target: str(t)))
        reports.export_summary()
        qtbot.waitUntil(target.exists)
        text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True,
                              check=True).stdout
        shown = [w for k, w in zip(("desk", "email", "phone", "shop"), words, strict=True) if k in keys]
        assert all(w in text for w in shown), (lang, shown)
        lines = [ln.strip().split()[0] for ln in text.splitlines() if ln.strip()]
        assert not {"desk", "email", "phone", "shop"} & set(lines)
    install_language("en")
