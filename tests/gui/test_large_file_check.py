"""A shop file too large for the on-open check gets SQLite's full check on its own thread after it opens."""

from __future__ import annotations

import desktop_app.core.db.sqlite_file as sqlite_file
from desktop_app.core.i18n import Message
from desktop_app.gui.app import AppController
from desktop_app.gui.workers import SyncRunner


def test_a_large_file_is_checked_in_the_background_and_damage_is_told(qtbot, shop_db, monkeypatch):
    monkeypatch.setattr(sqlite_file, "QUICK_CHECK_ON_OPEN_LIMIT", 0)  # every file counts as large
    damage = [Message("The database file {path} is damaged: {detail}", {"path": "shop.db", "detail": "page 7"})]
    monkeypatch.setattr("desktop_app.core.services.startup.integrity_problems", lambda db: damage)
    controller = AppController(SyncRunner())
    shown: list[list] = []
    controller.file_damaged.connect(shown.append)

    controller._check_large_file(shop_db)

    qtbot.waitUntil(lambda: len(shown) == 1, timeout=10_000)
    assert shown[0] == damage
    assert controller.notices and "page 7" in controller.notices[-1].text()


def test_a_small_file_is_not_checked_twice(qtbot, shop_db, monkeypatch):
    calls = []
    monkeypatch.setattr("desktop_app.core.services.startup.integrity_problems", lambda db: calls.append(db) or [])
    AppController(SyncRunner())._check_large_file(shop_db)
    assert calls == []  # its quick check already ran when it was opened
