"""The command opens a shop file like the window: a daily backup after a change, one sentence for a damaged file."""

from __future__ import annotations

from pathlib import Path

import pytest
from safety_shop import copy_shop
from test_backups import _damage

from desktop_app.cli.app import main
from desktop_app.core.db.backup import list_backups


@pytest.fixture
def shop(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("RETURNDESK_USER", "owner")
    monkeypatch.setenv("RETURNDESK_PIN", "4321")
    return copy_shop(demo_template, tmp_path / "desk")


def _change(shop: Path) -> None:
    assert main(["--db", str(shop), "returns", "note", "R-000001", "--text", "called"]) == 0


def test_the_command_takes_the_daily_backup_once_a_day(shop: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["--db", str(shop), "returns", "list"]) == 0
    assert list_backups(shop) == []  # a read command never takes it
    _change(shop)
    _change(shop)
    capsys.readouterr()
    assert len(list_backups(shop)) == 1


def test_a_damaged_file_gives_one_sentence_naming_the_backup_and_restore(shop: Path,
                                                                        capsys: pytest.CaptureFixture[str]):
    _change(shop)
    backup = list_backups(shop)[0]
    _damage(shop)
    before = shop.read_bytes()
    capsys.readouterr()
    assert main(["--db", str(shop), "returns", "list"]) != 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert "is damaged" in err and str(backup) in err and f"returndesk restore {backup}" in err
    assert shop.read_bytes() == before
    assert main(["--db", str(shop), "restore", str(backup)]) == 0  # the way out the sentence names
    assert main(["--db", str(shop), "returns", "list"]) == 0


def test_a_damaged_file_without_backups_says_so(shop: Path, capsys: pytest.CaptureFixture[str]):
    _damage(shop)
    assert main(["--db", str(shop), "returns", "list"]) != 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "no good backup" in err
