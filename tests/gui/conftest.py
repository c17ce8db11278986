"""Window tests run headless, in English unless a test switches, with the bundled CJK font."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from desktop_app.core.i18n import set_language


@pytest.fixture(autouse=True)
def _english_and_fonts(qapp):
    """Start every test in English with the CJK fallback font installed."""
    from desktop_app.gui.i18n import install_fonts, install_language

    install_fonts(qapp)
    install_language("en")
    yield
    set_language("en")
