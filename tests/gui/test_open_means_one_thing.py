"""'Open' means one thing: the queue filter, the status bar, the Reports tab and the PDF summary agree."""

from __future__ import annotations

import re
import subprocess

from PySide6.QtCore import Qt

from desktop_app.core.domain.open_returns import OPEN_MEANING, OPEN_RETURN_STATUSES
from desktop_app.core.services import returns
from desktop_app.gui.tabs.reports_tab import ReportsTab


def test_open_is_the_same_number_in_filter_status_bar_reports_and_pdf(qtbot, owner_window, shop_db, tmp_path,
                                                                       monkeypatch):
    window = owner_window
    counts = returns.status_counts(shop_db)
    expected = sum(counts[s] for s in OPEN_RETURN_STATUSES)
    assert counts["resolved"] > 0  # the demo shop has resolved returns: they are not open
    assert expected > 0

    # The queue's filter: pick "Open" with the keyboard; the rows shown are exactly the open returns.
    combo = window.queue.status_filter
    index = combo.findData("open")
    assert combo.itemText(index) == f"Open ({expected})"
    assert combo.itemData(index, Qt.ItemDataRole.ToolTipRole) == OPEN_MEANING
    combo.setFocus()
    combo.setCurrentIndex(0)
    while combo.currentData() != "open":
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: window.queue.model.rowCount() == expected)
    shown = {window.queue.model.summary(r).status for r in range(window.queue.model.rowCount())}
    assert shown <= set(OPEN_RETURN_STATUSES) and "resolved" not in shown

    # The status bar and the Reports tab's "Returns now" and key figure say the same number.
    assert window.status_counts.text().startswith(f"{expected} open")
    assert window.status_counts.toolTip() == OPEN_MEANING
    window.tabs.setCurrentWidget(window.reports)
    reports = window.reports
    name, value = reports.values["open"]
    assert value.text() == str(expected) and name.toolTip() == OPEN_MEANING
    rows = {reports.figures.item(r, 0).text(): reports.figures.item(r, 1).text()
            for r in range(reports.figures.rowCount())}
    assert rows["Open returns now"] == str(expected)

    # The PDF summary prints the same number.
    target = tmp_path / "summary.pdf"
    monkeypatch.setattr(ReportsTab, "ask_export_path", classmethod(lambda cls, parent, name: str(target)))
    reports.export_summary()
    qtbot.waitUntil(target.exists)
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True,
                          check=True).stdout
    match = re.search(r"Open returns now\s+(\d+)", text)
    assert match and int(match.group(1)) == expected
