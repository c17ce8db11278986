"""A read command loads only what it needs: no Alembic on a shop at head, no printing, charts or mail hooks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
NEVER_FOR_READING = ("alembic", "mako", "reportlab", "openpyxl", "matplotlib", "PySide6", "qrcode",
                     "desktop_app.core.notify.hooks", "desktop_app.core.documents.label",
                     "sqlalchemy.dialects.postgresql",
                     # other command groups, the rules check and backups stay out
                     "desktop_app.cli.backup_cmd", "desktop_app.cli.documents_cmd",
                     "desktop_app.cli.policy_cmd", "desktop_app.cli.users_cmd", "desktop_app.cli.misc_cmd",
                     "desktop_app.cli.import_cmd", "desktop_app.cli.safety_cmd", "desktop_app.cli.portal_cmd",
                     "desktop_app.core.services.invariants", "desktop_app.core.services.backups")


def _loaded_by(*args: str, data_home: Path, signed_in: bool = False) -> tuple[int, set[str]]:
    """Run the command in a fresh interpreter and return its exit code and every module it loaded."""
    code = ("import contextlib, io, json, sys\n"
            "from desktop_app.cli.app import main\n"
            "try:\n"
            "    with contextlib.redirect_stdout(io.StringIO()):\n"
            f"        rc = main({list(args)!r})\n"
            "except SystemExit as stop:  # --version prints and stops\n"
            "    rc = stop.code\n"
            "print(json.dumps([rc, sorted(sys.modules)]))")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RETURNDESK_")}
    env["XDG_DATA_HOME"] = str(data_home)
    if signed_in:  # reading customers' data needs a signed-in user
        env.update(RETURNDESK_USER="clerk", RETURNDESK_PIN="1234")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=True, timeout=300)
    rc, modules = json.loads(done.stdout.splitlines()[-1])
    return rc, set(modules)


def _forbidden(modules: set[str], server: bool, more: tuple[str, ...] = ()) -> list[str]:
    never = [n for n in (*NEVER_FOR_READING, *more) if not (server and n == "sqlalchemy.dialects.postgresql")]
    return sorted(m for m in modules if any(m == name or m.startswith(name + ".") for name in never))


def test_version_and_help_load_no_database_layer(tmp_path):
    rc, modules = _loaded_by("--version", data_home=tmp_path)
    assert rc == 0
    assert not {m for m in modules if m.split(".")[0] in ("sqlalchemy", "alembic", "babel")}
    assert not {m for m in modules if m.startswith("desktop_app.cli.") and m.endswith(("_cmd", "_verbs"))}
    rc, modules = _loaded_by("--help", data_home=tmp_path)  # help lists every command: all groups load
    assert rc == 0 and "desktop_app.cli.backup_cmd" in modules and "sqlalchemy" not in modules


def test_read_commands_load_no_migrations_printing_or_mail_hooks(bench):
    db = str(bench.path)
    bench.read("returns", "list", "--limit", "1")  # the first sign-in starts the desk session
    rma = json.loads(bench.read("returns", "list", "--limit", "1", "--json").out)[0]["rma"]
    order = json.loads(bench.read("returns", "show", rma, "--json").out)["order"]
    for args in (("returns", "list", "--status", "received", "--json"), ("returns", "show", rma, "--json"),
                 ("orders", "show", order, "--json")):
        rc, modules = _loaded_by("--db", db, *args, data_home=bench.data_home, signed_in=True)
        assert rc == 0, args
        # English needs no catalogue; a detail writes days and amounts in the shop country's form (Babel)
        more = ("babel",) if args[1] == "list" else ()
        assert _forbidden(modules, server="://" in db, more=more) == [], args
