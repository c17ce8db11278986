"""No clipped text where it matters most: the scan dialog's error state, long values in the detail's lines,
and the status filter after a live language switch, in both languages."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt

from desktop_app.core.services import returns
from desktop_app.gui.i18n import install_language
from desktop_app.gui.screenshots.layout_check import clipped
from tests.gui.conftest import make_window


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_scan_dialogs_error_states_show_every_word(qtbot, owner_window, lang):
    install_language(lang)
    for code in ("R-999999", "%%%"):  # a code no return has; a code nobody can read
        dialog = owner_window.scan()
        qtbot.waitExposed(dialog)
        qtbot.keyClicks(dialog.field, code)
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
        qtbot.waitUntil(dialog.problem.isVisible)
        assert dialog.problem.text()
        assert clipped(dialog) == [], code
        other = "en" if lang == "zh_CN" else "zh_CN"
        install_language(other)  # a live switch with the error shown
        qtbot.wait(50)
        assert clipped(dialog) == [], (code, other)
        install_language(lang)
        dialog.reject()


def test_the_detail_lines_show_long_product_names_whole(qtbot, owner_window, shop_db):
    pane = owner_window.queue.detail
    detail = returns.get_return(shop_db, returns.list_returns(shop_db, status="approved")[0].rma)
    long_name = "Merino wool zip-through cardigan with horn buttons, long version"
    lines = tuple(dataclasses.replace(line, name=long_name) for line in detail.lines)
    for lang in ("en", "zh_CN"):
        install_language(lang)
        pane.show_detail(dataclasses.replace(detail, lines=lines))
        qtbot.wait(50)
        table = pane.lines
        metrics = table.fontMetrics()
        assert table.rowCount() >= 1
        assert table.columnWidth(1) >= metrics.horizontalAdvance(long_name), lang
        assert clipped(pane) == []


def test_the_status_filter_fits_after_a_live_language_switch(qtbot, shop_db, owner):
    install_language("zh_CN")
    window = make_window(qtbot, shop_db, owner)
    combo = window.queue.status_filter
    install_language("en")  # switched while the window is open
    widest = max(range(combo.count()), key=lambda i: combo.fontMetrics().horizontalAdvance(combo.itemText(i)))
    combo.setFocus()
    while combo.currentIndex() != widest:
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < widest else Qt.Key.Key_Up)
    qtbot.wait(10)
    assert clipped(combo) == [], combo.currentText()
    install_language("zh_CN")
    qtbot.wait(50)
    assert clipped(combo) == [] and clipped(window.queue) == []
