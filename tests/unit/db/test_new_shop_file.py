"""A new shop file appears whole under its name or not at all: created at a temporary name, then renamed."""

from __future__ import annotations

import os
import sqlite3
import time

from desktop_app.core.db.revisions import head_revision
from desktop_app.core.db.schema import STALE_CREATION_SECONDS, open_database


def test_a_new_shop_is_created_whole_private_and_alone(tmp_path):
    path = tmp_path / "shop.sqlite3"
    open_database(path).dispose()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shop.sqlite3"]
    assert os.stat(path).st_mode & 0o777 == 0o600
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()


def test_a_creation_killed_long_ago_is_cleared_and_a_running_one_is_left_alone(tmp_path):
    old, running = tmp_path / ".shop.sqlite3.new-11", tmp_path / ".shop.sqlite3.new-12"
    old.write_bytes(b"")
    running.write_bytes(b"")
    long_ago = time.time() - STALE_CREATION_SECONDS - 5
    os.utime(old, (long_ago, long_ago))
    open_database(tmp_path / "shop.sqlite3").dispose()
    assert sorted(p.name for p in tmp_path.iterdir()) == [running.name, "shop.sqlite3"]
