"""Secrets stay out of logs and sentences, shop data files are owner-only, the owner is never locked out long."""

from __future__ import annotations

import os
import stat
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from safety_shop import copy_shop

from desktop_app.cli import app
from desktop_app.core.db.models import User, utcnow
from desktop_app.core.db.schema import open_database
from desktop_app.core.redact import mask_secrets
from desktop_app.core.services.auth import SignInRefused, sign_in

URL = "postgresql+psycopg://returndesk:hunter2-Secret@db.example:5432/shop"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_failure_log_masks_the_server_password_and_is_owner_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(sys, "argv", ["returndesk", "--db", URL, "returns", "list"])
    os.umask(0o022)
    try:
        raise RuntimeError(f"could not connect to {URL} (password=hunter2-Secret)")
    except RuntimeError:
        written = app._log_failure(str(tmp_path / "failure.log"), URL)
    text = Path(written).read_text(encoding="utf-8")
    assert "hunter2" not in text and "returndesk:***@db.example" in text and "RuntimeError" in text
    assert _mode(Path(written)) == 0o600


def test_a_failure_log_never_goes_into_the_shop_file(demo_template: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch):
    shop = copy_shop(demo_template, tmp_path)
    before = shop.read_bytes()
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        assert app._log_failure(str(shop), str(shop)) is None
    assert shop.read_bytes() == before


def test_sentences_on_stderr_mask_passwords(capsys: pytest.CaptureFixture[str]):
    app._say(f"ReturnDesk cannot reach {URL}: refused")
    err = capsys.readouterr().err
    assert "hunter2" not in err and "returndesk:***@" in err
    assert mask_secrets("RETURNDESK_PIN=4321 PGPASSWORD=abc") == "RETURNDESK_PIN=*** PGPASSWORD=***"


def test_a_new_shop_file_is_owner_only_whatever_the_umask(tmp_path: Path):
    old = os.umask(0o002)
    try:
        db = open_database(tmp_path / "new-shop.sqlite3")
        db.dispose()
    finally:
        os.umask(old)
    assert _mode(tmp_path / "new-shop.sqlite3") == 0o600


def test_someone_else_cannot_lock_the_owner_out_for_more_than_a_minute(demo_db):
    for _ in range(12):  # far beyond the doubling lockout's 15 minutes for anyone else
        with pytest.raises(SignInRefused):
            sign_in(demo_db, "owner", "0000", now=utcnow() + timedelta(hours=_))
    with demo_db.read() as s:
        owner = s.query(User).filter_by(name="owner").one()
        locked = owner.locked_until
    assert locked is not None and locked - utcnow() <= timedelta(hours=11, minutes=1)
    assert sign_in(demo_db, "owner", "4321", now=utcnow() + timedelta(hours=11, minutes=1, seconds=1)).is_owner
