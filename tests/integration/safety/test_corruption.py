"""Randomly damaged shop files (seeded) are refused with the offer of a backup, never a crash."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from desktop_app.core.db.engine import Database
from desktop_app.core.db.schema import open_database
from desktop_app.core.db.sqlite_file import FileKind, inspect_file
from desktop_app.core.services.startup import DamagedShop, integrity_problems, open_shop_checked
from tests.helpers.corrupt import scribble
from tests.helpers.sample import populate

SEEDS = range(120)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small populated shop file, checkpointed into one file."""
    path = tmp_path_factory.mktemp("corruption") / "shop.sqlite3"
    db = open_database(path)
    populate(db)
    db.dispose()
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def _raw_check_fails_to_decode(path: Path) -> bool:
    """Return whether plain sqlite3 raises UnicodeDecodeError on `PRAGMA quick_check` of this file."""
    try:
        with closing(sqlite3.connect(path)) as connection:
            connection.execute("PRAGMA quick_check").fetchall()
    except UnicodeDecodeError:
        return True
    except sqlite3.Error:
        return False
    return False


def test_every_seeded_corruption_is_refused_with_the_backup_offer(template: Path, tmp_path: Path):
    undecodable = []
    for seed in SEEDS:
        path = tmp_path / f"damaged-{seed}.sqlite3"
        shutil.copyfile(template, path)
        scribble(path, seed)
        undecodable += [seed] if _raw_check_fails_to_decode(path) else []
        report = inspect_file(path)
        assert report.kind is FileKind.DAMAGED, seed
        assert "is damaged" in str(report.problem), seed
        with pytest.raises(DamagedShop) as damaged:
            open_shop_checked(path)
        assert "no good backup" in damaged.value.render(), seed
        db = Database(path)
        assert integrity_problems(db), seed
        db.dispose()
        path.unlink()
    # SQLite's message about some damage quotes bytes that are not UTF-8, and plain sqlite3 then raises
    # UnicodeDecodeError instead of DatabaseError: these seeds must be among those checked above.
    assert undecodable, "no seed reproduces the undecodable complaint any more: widen SEEDS"
