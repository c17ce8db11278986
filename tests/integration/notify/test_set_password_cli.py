"""`returndesk settings set-password` stores the mail password for the owner and says where it went."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RETURNDESK_")}
    clean.update(XDG_DATA_HOME=str(tmp_path / "data"), RETURNDESK_SECRETS_DIR=str(tmp_path / "secrets"),
                 PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring", **env)
    return subprocess.run([sys.executable, "-m", "desktop_app", "--db", str(tmp_path / "shop.db"), *args],
                          cwd=ROOT, env=clean, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=600, check=False)


def test_the_owner_stores_the_password_in_the_private_file(tmp_path):
    assert _run(tmp_path, "demo", "--orders", "50").returncode == 0
    owner = {"RETURNDESK_USER": "owner", "RETURNDESK_PIN": "4321"}
    assert _run(tmp_path, "settings", "set", "smtp.username", "returns", **owner).returncode == 0
    clerk = _run(tmp_path, "settings", "set-password", RETURNDESK_USER="clerk", RETURNDESK_PIN="1234",
                 RETURNDESK_SMTP_PASSWORD="nope")
    assert clerk.returncode != 0 and "owner" in clerk.stderr and "Traceback" not in clerk.stderr
    done = _run(tmp_path, "settings", "set-password", RETURNDESK_SMTP_PASSWORD="s3cret", **owner)
    assert done.returncode == 0, done.stderr
    assert "file only you can read" in done.stdout
    stored = tmp_path / "secrets" / "smtp-password-returns"
    assert stored.read_text(encoding="utf-8") == "s3cret"
    assert stored.stat().st_mode & 0o077 == 0


def _keep_it(tmp_path, rma: str, owner: dict[str, str]) -> bool:
    """Return whether the customer keeps the item (no parcel, so no label or instructions are mailed)."""
    import json

    shown = json.loads(_run(tmp_path, "returns", "show", rma, "--json", **owner).stdout)
    return any("may keep the item" in str(line["explanation"]) for line in shown["lines"])


def test_approving_from_the_command_line_queues_and_outbox_send_delivers_with_pdfs(tmp_path, mailbox):
    import json

    assert _run(tmp_path, "demo", "--orders", "50").returncode == 0
    owner = {"RETURNDESK_USER": "owner", "RETURNDESK_PIN": "4321"}
    listed = _run(tmp_path, "returns", "list", "--status", "requested", "--json", **owner)
    rma = next(r["rma"] for r in json.loads(listed.stdout) if not _keep_it(tmp_path, r["rma"], owner))
    for key, value in (("smtp.host", "127.0.0.1"), ("smtp.port", str(mailbox.port)), ("smtp.security", "none"),
                       ("smtp.sender", "returns@shop.example")):
        assert _run(tmp_path, "settings", "set", key, value, **owner).returncode == 0
    approved = _run(tmp_path, "returns", "approve", rma, **owner)
    assert approved.returncode == 0, approved.stderr
    waiting = json.loads(_run(tmp_path, "outbox", "list", "--json", **owner).stdout)
    assert [(m["rma"], m["event"], m["state"]) for m in waiting] == [(rma, "approved", "queued")]
    sent = _run(tmp_path, "outbox", "send", **owner)
    assert sent.returncode == 0, sent.stderr
    assert "Sent " in sent.stdout  # the approval, and the apology of any late demo return
    [mail] = [m for m in mailbox.received if rma in m["Subject"] and list(m.iter_attachments())]
    names = sorted(part.get_filename() for part in mail.iter_attachments())
    assert names == [f"{rma}-instructions.pdf", f"{rma}-label.pdf"]
