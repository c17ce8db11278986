"""Lifecycle verbs with --if-status: a desk that saw 'requested' never approves or rejects a return that moved on."""

from __future__ import annotations

from pathlib import Path

import pytest
from safety_shop import copy_shop
from sqlalchemy import select

from desktop_app.cli.app import main
from desktop_app.core.db.models import Return
from desktop_app.core.db.schema import open_database


@pytest.fixture
def shop(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("RETURNDESK_USER", "owner")
    monkeypatch.setenv("RETURNDESK_PIN", "4321")
    path = copy_shop(demo_template, tmp_path / "desk")
    db = open_database(path)
    try:
        with db.read() as s:
            rma = s.scalars(select(Return.rma).where(Return.status == "requested", Return.imported.is_(False))
                            .limit(1)).one()
    finally:
        db.dispose()
    return path, rma


def _status(path: Path, rma: str) -> str:
    db = open_database(path)
    try:
        with db.read() as s:
            return s.scalars(select(Return.status).where(Return.rma == rma)).one()
    finally:
        db.dispose()


def test_the_second_desk_is_told_the_return_moved_on(shop, capsys: pytest.CaptureFixture[str]):
    path, rma = shop
    assert main(["--db", str(path), "returns", "approve", rma, "--if-status", "requested"]) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "returns", "reject", rma, "--reason", "late", "--if-status", "requested"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and f"{rma} is approved now, not requested" in err
    assert "Nothing was changed" in err
    assert _status(path, rma) == "approved"
    assert main(["--db", str(path), "returns", "cancel", rma, "--if-status", "approved"]) == 0
    assert _status(path, rma) == "cancelled"
    assert main(["--db", str(path), "returns", "approve", rma, "--if-status", "bogus"]) == 64  # not a status
