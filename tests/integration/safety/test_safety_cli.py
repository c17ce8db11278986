"""The safety commands end to end: `customer export|erase`, `check`, `migrate-to` against a live PostgreSQL."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from safety_shop import copy_shop
from sqlalchemy import text
from test_migrate_to import _typed_dump

from desktop_app.core.db.schema import open_database

ROOT = Path(__file__).resolve().parents[3]


def _run(*args: str, home: Path, user: str = "owner", pin: str = "4321") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RETURNDESK_")}
    env.update(XDG_DATA_HOME=str(home), RETURNDESK_USER=user, RETURNDESK_PIN=pin)
    return subprocess.run([sys.executable, "-m", "desktop_app", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=600, check=False)


def _one_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    return done.stderr.strip()


def test_migrate_to_and_check_through_the_command(demo_template: Path, tmp_path: Path, pg_url: str):
    path = copy_shop(demo_template, tmp_path)
    home = tmp_path / "home"
    assert "Only the owner" in _one_line(_run("--db", str(path), "migrate-to", pg_url, home=home, user="clerk",
                                              pin="1234"))
    done = _run("--db", str(path), "migrate-to", pg_url, home=home)
    assert done.returncode == 0, done.stderr
    assert "checked every row" in done.stdout
    assert "already holds a shop" in _one_line(_run("--db", str(path), "migrate-to", pg_url, home=home))
    checked = _run("--db", pg_url, "check", home=home)
    assert checked.returncode == 0 and "every rule holds" in checked.stdout
    file_db, server = open_database(path), open_database(pg_url)
    try:
        # the later signed-in commands refreshed the desk session in the file: sign-in state, not shop content
        moved, kept = _typed_dump(server), _typed_dump(file_db)
        assert moved.pop("desk_sessions") and kept.pop("desk_sessions")
        assert moved == kept
    finally:
        file_db.dispose()
        server.dispose()


def test_customer_export_and_erase_through_the_command(demo_template: Path, tmp_path: Path):
    path = copy_shop(demo_template, tmp_path)
    home, out = tmp_path / "home", tmp_path / "customer.json"
    db = open_database(path)
    with db.read() as s:
        email = s.execute(text(
            "SELECT c.email FROM customers c WHERE c.email IS NOT NULL AND NOT EXISTS (SELECT 1 FROM returns r "
            "WHERE r.customer_id = c.id AND r.status NOT IN ('closed', 'rejected', 'cancelled')) "
            "ORDER BY c.id LIMIT 1")).scalar()
    db.dispose()
    assert "Only the owner" in _one_line(_run("--db", str(path), "customer", "export", email, "--out", str(out),
                                              home=home, user="clerk", pin="1234"))
    done = _run("--db", str(path), "customer", "export", email, "--out", str(out), home=home)
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["customers"][0]["email"] == email
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # personal data: readable by its owner only
    assert "--yes" in _one_line(_run("--db", str(path), "customer", "erase", email, home=home))
    done = _run("--db", str(path), "customer", "erase", email, "--yes", home=home)
    assert done.returncode == 0 and "Erased" in done.stdout, done.stderr
    assert "No customer" in _one_line(_run("--db", str(path), "customer", "export", email, "--out", str(out),
                                           "--force", home=home))
    assert _run("--db", str(path), "check", home=home).returncode == 0
