"""A failure nobody foresaw still ends in one sentence on stderr; details go to a log file only when asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.cli import app, policy_cmd


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`policy show` fails with a bug; return the data folder the command would use."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("RETURNDESK_LOG", raising=False)

    def bug(_ctx, _args):  # a fault injected where a real bug would be
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(policy_cmd, "run_show", bug)
    return tmp_path / "data"


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    return err.strip()


def test_without_log_the_failure_is_one_sentence_and_no_file_is_written(
        broken: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    code = app.main(["--db", str(tmp_path / "shop.sqlite3"), "policy", "show"])
    assert code == 1
    assert _one_line(capsys) == ("Something went wrong and the command stopped. Run it again with --log FILE to "
                                 "keep the details.")
    assert not broken.exists() or not any(p.suffix == ".log" for p in broken.rglob("*"))


def test_with_log_the_traceback_is_appended_to_that_file(broken: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]):
    log = tmp_path / "cli.log"
    code = app.main(["--db", str(tmp_path / "shop.sqlite3"), "--log", str(log), "policy", "show"])
    assert code == 1
    assert _one_line(capsys) == f"Something went wrong and the command stopped. Details are in {log}."
    assert "ZeroDivisionError: a bug" in log.read_text(encoding="utf-8")


def test_the_log_file_can_be_set_in_the_environment(broken: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]):
    log = tmp_path / "env.log"
    monkeypatch.setenv("RETURNDESK_LOG", str(log))
    assert app.main(["--db", str(tmp_path / "shop.sqlite3"), "policy", "show"]) == 1
    assert str(log) in _one_line(capsys)
    assert log.read_text(encoding="utf-8").count("ZeroDivisionError: a bug") == 1
