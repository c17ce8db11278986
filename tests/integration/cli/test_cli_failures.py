"""A failure nobody foresaw still ends in one sentence on stderr, with the details in the log file."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.cli import app, orders_cmd


def test_an_unforeseen_failure_is_one_sentence_and_the_traceback_goes_to_the_log(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))

    def broken(_ctx, _args):  # a fault injected where a real bug would be
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(orders_cmd, "run_list", broken)
    code = app.main(["--db", str(tmp_path / "shop.sqlite3"), "orders", "list"])
    err = capsys.readouterr().err
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    log = tmp_path / "data" / "ReturnDesk" / "returndesk-cli.log"
    assert str(log) in err
    assert "ZeroDivisionError: a bug" in log.read_text(encoding="utf-8")
