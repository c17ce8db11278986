"""A new SQLite shop keeps its queue-search triggers after the revisions that rebuild the returns table."""

from __future__ import annotations

from sqlalchemy import text

from desktop_app.core.db import search_index
from desktop_app.core.db.schema import open_database
from desktop_app.core.services.startup import check_shop


def test_a_new_shop_has_every_search_trigger_and_passes_the_check(tmp_path):
    db = open_database(tmp_path / "shop.sqlite3")
    try:
        with db.read() as s:
            triggers = set(s.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
        assert set(search_index._TRIGGERS) <= triggers  # returns_search_ai/au/ad were lost by batch mode
        assert check_shop(db) == []
    finally:
        db.dispose()
