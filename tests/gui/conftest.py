"""Window tests run headless on a real temporary shop database (the demo shop), in English by default."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from desktop_app.core.i18n import set_language

DEMO_ORDERS = 60


@pytest.fixture(autouse=True)
def _english_fonts_and_desk_settings(qapp, tmp_path, monkeypatch):
    """Start every test in English, with the CJK font and a throwaway desk settings file."""
    from desktop_app.gui.formatting import set_shop_country
    from desktop_app.gui.i18n import install_fonts, install_language

    monkeypatch.setenv("RETURNDESK_SETTINGS", str(tmp_path / "desk.ini"))
    install_fonts(qapp)
    install_language("en")
    set_shop_country("")
    yield
    _close_left_over_dialogs(qapp)
    install_language("en")
    set_language("en")
    set_shop_country("")  # the next test's window sets the country of its own shop


def _close_left_over_dialogs(qapp) -> None:
    """Close dialogs a test left open, so the next test never finds (and types into) them."""
    from PySide6.QtWidgets import QDialog

    for widget in qapp.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()
    qapp.processEvents()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """Build the demo shop once per test session through the real services."""
    from desktop_app.core.db.schema import open_database
    from desktop_app.core.demo.shop import build_demo

    path = tmp_path_factory.mktemp("template") / "demo.db"
    db = open_database(path)
    build_demo(db, orders=DEMO_ORDERS, seed=7)
    db.dispose()
    return path


@pytest.fixture
def shop_db(demo_template, tmp_path):
    """A private copy of the demo shop for one test."""
    from desktop_app.core.db.schema import open_database

    path = tmp_path / "shop.db"
    with sqlite3.connect(demo_template) as source, sqlite3.connect(path) as target:
        source.backup(target)
    db = open_database(path)
    yield db
    db.dispose()


@pytest.fixture
def owner(shop_db):
    """The demo shop's owner, signed in."""
    from desktop_app.core.services.auth import sign_in

    return sign_in(shop_db, "owner", "4321")


@pytest.fixture
def clerk(shop_db):
    """The demo shop's clerk, signed in."""
    from desktop_app.core.services.auth import sign_in

    return sign_in(shop_db, "clerk", "1234")


def make_window(qtbot, db, user):
    """Open the real main window for a user with the synchronous runner."""
    from desktop_app.gui.backend import Desk
    from desktop_app.gui.main_window import MainWindow
    from desktop_app.gui.workers import SyncRunner

    window = MainWindow(Desk(db, user, SyncRunner()), "shop.db")
    # at teardown nobody answers "save the policy draft?": close as the app does when it moves on
    qtbot.addWidget(window, before_close_func=lambda w: setattr(w, "discarding", True))
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def owner_window(qtbot, shop_db, owner):
    """The main window signed in as the owner."""
    return make_window(qtbot, shop_db, owner)


@pytest.fixture
def clerk_window(qtbot, shop_db, clerk):
    """The main window signed in as the clerk."""
    return make_window(qtbot, shop_db, clerk)
