"""A demo build stopped half-way is refused with the way out, and `demo --start-over` builds it again."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.cli.app import main
from desktop_app.core.db.models import Order, Product
from desktop_app.core.db.schema import open_database
from desktop_app.core.demo.shop import build_demo
from desktop_app.core.services.invariants import check_invariants
from tests.helpers.dump import logical_dump


class Killed(BaseException):
    """Stands for the process being killed in the middle of the build."""


def _counts(path: Path) -> tuple[int, int]:
    db = open_database(path)
    try:
        with db.read() as s:
            count = [s.scalar(select(func.count()).select_from(model)) for model in (Product, Order)]
            return count[0], count[1]
    finally:
        db.dispose()


def test_a_half_built_demo_starts_over_when_told(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = tmp_path / "demo.sqlite3"
    db = open_database(path)

    def stop_early(done: int, _total: int) -> None:
        if done >= 1:
            raise Killed

    with pytest.raises(Killed):
        build_demo(db, orders=60, seed=3, progress=stop_early)
    before = logical_dump(db)
    db.dispose()
    products, _orders = _counts(path)
    assert products > 0  # what a killed demo leaves: products, not the orders

    assert main(["--db", str(path), "demo", "--orders", "60"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--start-over" in err and "nothing was changed" in err
    db = open_database(path)
    assert logical_dump(db) == before
    db.dispose()

    assert main(["--db", str(path), "demo", "--orders", "60", "--start-over"]) == 0
    assert _counts(path)[1] == 60
    db = open_database(path)
    assert check_invariants(db) == []
    db.dispose()
    assert main(["--db", str(path), "demo", "--orders", "60", "--start-over"]) == 1  # a finished shop stays
    assert "already holds a shop" in capsys.readouterr().err
