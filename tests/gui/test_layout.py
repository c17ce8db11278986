"""No label or button text is elided or clipped at the default window size, in English or Chinese."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.gui.i18n import install_language
from desktop_app.gui.main_window import DEFAULT_SIZE
from desktop_app.gui.screenshots.layout_check import clipped
from desktop_app.gui.screenshots.scenes import scenes
from tests.gui.conftest import make_window


def test_the_check_sees_clipped_text(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    box = QVBoxLayout(host)
    label, button, check = QLabel("A label far too long for forty pixels"), QPushButton("A long button"), \
        QCheckBox("A long check box")
    for widget in (label, button, check):
        widget.setFixedWidth(40)
        box.addWidget(widget)
    host.show()
    qtbot.waitExposed(host)
    assert len(clipped(host)) == 3


@pytest.mark.parametrize(("start", "lang"), [("en", "en"), ("en", "zh_CN"), ("zh_CN", "en")])
def test_nothing_is_clipped_at_the_default_size(qtbot, shop_db, owner, start, lang):
    """Every scene, error states included, in a window opened in `start` and switched live to `lang`."""
    install_language(start)
    owner_window = make_window(qtbot, shop_db, owner)
    install_language(lang)
    assert (owner_window.width(), owner_window.height()) == DEFAULT_SIZE
    problems = []
    seen = []
    for name, widget in scenes(owner_window):
        seen.append(name)
        problems += [f"{name}: {p}" for p in clipped(widget)]
    assert {"tab_returns", "tab_policy", "tab_reports", "dialog_scan", "dialog_scan_unknown",
            "dialog_scan_unreadable", "dialog_receive", "dialog_settings_shop"} <= set(seen)
    assert problems == []
