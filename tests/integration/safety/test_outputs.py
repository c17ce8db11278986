"""No `--out` can destroy the shop: the shop file, its companions, its backups and any database are refused."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

import pytest
from safety_shop import copy_shop
from sqlalchemy import select

from desktop_app.cli.app import main
from desktop_app.core.db.backup import auto_backup, list_backups
from desktop_app.core.db.models import Customer, Return
from desktop_app.core.db.schema import open_database

COMMANDS = {
    "label": lambda rma, email: ["label", rma],
    "slip": lambda rma, email: ["slip", rma],
    "customer export": lambda rma, email: ["customer", "export", email],
    "policy export": lambda rma, email: ["policy", "export"],
    "report": lambda rma, email: ["report", "monthly", "--month", "2026-10"],
    "backup": lambda rma, email: ["backup"],
}
SUFFIX = {"policy export": ".html", "report": ".csv", "customer export": ".json"}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "-"


@pytest.fixture
def shop(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("RETURNDESK_USER", "owner")
    monkeypatch.setenv("RETURNDESK_PIN", "4321")
    path = copy_shop(demo_template, tmp_path / "desk")
    auto_backup(path, "daily")
    return path


def _names(shop: Path) -> tuple[str, str]:
    db = open_database(shop)
    try:
        with db.read() as s:
            rma = s.scalars(select(Return.rma).where(Return.imported.is_(False)).limit(1)).one()
            email = s.scalars(select(Customer.email).limit(1)).one()
    finally:
        db.dispose()
    return rma, email


def _targets(shop: Path, command: str) -> dict[str, Path]:
    """Every place an --out must never write, created as the attacker would find them."""
    other = shop.with_name("other-shop.db")
    with closing(sqlite3.connect(other)) as c:
        c.execute("CREATE TABLE t (x)")
    existing = shop.with_name("report" + SUFFIX.get(command, ".pdf"))
    existing.write_text("keep me")
    for companion in ("-wal", "-shm"):
        shop.with_name(shop.name + companion).touch()
    return {"shop": shop, "wal": shop.with_name(shop.name + "-wal"), "shm": shop.with_name(shop.name + "-shm"),
            "backup": list_backups(shop)[0], "into backups": list_backups(shop)[0].with_name("new.pdf"),
            "other database": other, "existing file": existing,
            "through a link": _link(shop)}


def _link(shop: Path) -> Path:
    link = shop.with_name("innocent.pdf")
    link.symlink_to(shop)
    return link


@pytest.mark.parametrize("command", list(COMMANDS))
def test_no_out_writes_over_the_shop_its_backups_or_any_database(command, shop: Path,
                                                                  capsys: pytest.CaptureFixture[str]):
    rma, email = _names(shop)
    targets = _targets(shop, command)
    before = {name: _digest(path) for name, path in targets.items()}
    for name, target in targets.items():
        status = main(["--db", str(shop), *COMMANDS[command](rma, email), "--out", str(target)])
        err = capsys.readouterr().err.strip()
        assert status == 1, (name, err)
        assert len(err.splitlines()) == 1 and "Traceback" not in err and "went wrong" not in err, err
        assert "Nothing was written" in err or "was not replaced" in err, (name, err)
    assert {name: _digest(path) for name, path in targets.items()} == before
    assert main(["--db", str(shop), "check"]) == 0
    assert not list(shop.parent.glob("*.partial")) and not list(shop.parent.glob(".*.partial"))


def test_force_replaces_an_ordinary_file_whole_and_never_a_database(shop: Path, capsys: pytest.CaptureFixture[str]):
    rma, _email = _names(shop)
    out = shop.with_name("label.pdf")
    out.write_text("old label")
    assert main(["--db", str(shop), "label", rma, "--out", str(out), "--force"]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert main(["--db", str(shop), "label", rma, "--out", str(shop), "--force"]) == 1
    assert "shop's own database" in capsys.readouterr().err
    assert main(["--db", str(shop), "label", rma, "--out", str(shop.parent), "--force"]) == 1
    assert "is a folder" in capsys.readouterr().err


def test_restore_works_when_the_shop_file_is_not_a_database_at_all(shop: Path, capsys: pytest.CaptureFixture[str]):
    backup = list_backups(shop)[0]
    shop.write_bytes(b"%PDF-1.4 a label written over the shop\n" * 100)
    assert main(["--db", str(shop), "returns", "list"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(backup) in err and f"returndesk restore {backup}" in err
    assert main(["--db", str(shop), "restore", str(backup)]) == 0
    capsys.readouterr()
    assert main(["--db", str(shop), "check"]) == 0
    assert any(p.read_bytes().startswith(b"%PDF") for p in backup.parent.iterdir())  # the damaged file is kept


def test_backup_removes_stale_companions_checks_the_copy_and_is_owner_only(shop: Path,
                                                                             capsys: pytest.CaptureFixture[str]):
    out = shop.with_name("copy.db")
    out.with_name("copy.db-wal").write_bytes(b"\x00" * 5000)  # left by a database once called copy.db
    out.with_name("copy.db-shm").write_bytes(b"\x00" * 5000)
    os.umask(0o022)
    assert main(["--db", str(shop), "backup", "--out", str(out)]) == 0
    assert "integrity check passed" in capsys.readouterr().out
    assert not out.with_name("copy.db-wal").exists() and not out.with_name("copy.db-shm").exists()
    with closing(sqlite3.connect(out)) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    os.environ["RETURNDESK_USER"], os.environ["RETURNDESK_PIN"] = "clerk", "1234"
    assert main(["--db", str(shop), "backup", "--out", str(shop.with_name("clerk.db"))]) == 1
    assert "Only the owner" in capsys.readouterr().err


def test_leftovers_of_killed_backups_are_removed_at_the_next_start(shop: Path, capsys: pytest.CaptureFixture[str]):
    folder = list_backups(shop)[0].parent
    dead = folder / ".shop-20261201T000000000000Z-daily.sqlite3.999999-abcd.partial"
    dead.write_bytes(b"half a backup")
    old_style = folder / "shop-20261201T000000000000Z-daily.sqlite3.partial"
    old_style.write_bytes(b"half a backup")
    alive = folder / f".shop-now.sqlite3.{os.getpid()}-abcd.partial"  # a desk still writing it
    alive.write_bytes(b"being written")
    assert main(["--db", str(shop), "returns", "list"]) == 0
    capsys.readouterr()
    assert not dead.exists() and not old_style.exists() and alive.exists()


KILLED_WRITER = """
import sys, time
from pathlib import Path
from desktop_app.core.files.output import write_atomic

def half(temporary):
    temporary.write_bytes(b"%PDF-1.7 half a label")
    print(temporary, flush=True)
    time.sleep(600)

write_atomic(Path(sys.argv[1]), half)
"""


def test_a_label_out_killed_mid_write_leaves_nothing_once_the_next_label_is_written(
        shop: Path, capsys: pytest.CaptureFixture[str]):
    import signal
    import subprocess
    import sys

    rma, _email = _names(shop)
    folder = shop.parent / "labels"
    folder.mkdir()
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(folder / "label-1.pdf")],
                              stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": os.getcwd()})
    leftover = Path(writer.stdout.readline().strip())  # type: ignore[union-attr]
    os.kill(writer.pid, signal.SIGKILL)  # killed between writing the temporary file and renaming it
    writer.wait(30)
    assert leftover.parent == folder and leftover.exists() and not (folder / "label-1.pdf").exists()
    stranger = folder / "movie.mp4.partial"  # another program's download: never ours to delete
    stranger.write_bytes(b"not ours")
    alive = folder / f".label-2.pdf.{os.getpid()}-0123abcd.partial"  # a desk still writing it
    alive.write_bytes(b"being written")
    assert main(["--db", str(shop), "label", rma, "--out", str(folder / "label-1.pdf")]) == 0
    capsys.readouterr()
    assert not leftover.exists() and stranger.exists() and alive.exists()
    assert sorted(p.name for p in folder.iterdir()) == sorted(["label-1.pdf", stranger.name, alive.name])
