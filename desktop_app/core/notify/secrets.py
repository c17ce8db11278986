"""The SMTP password: in the system keyring, or a private file where no keyring exists.

Only the password is secret; the other SMTP settings are shop settings in the database. When the system
has no usable keyring (a server without a desktop session, say), the password is kept in a file readable
only by the current user and `password_storage()` says so plainly, so the owner knows it is not encrypted.
"""

from __future__ import annotations

import os
from pathlib import Path

import keyring
import platformdirs
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringError

from desktop_app.core.files.output import write_text_atomic

ChainerBackend = chainer.ChainerBackend

SERVICE = "ReturnDesk SMTP"


def _fallback_file(account: str) -> Path:
    folder = Path(os.environ.get("RETURNDESK_SECRETS_DIR") or platformdirs.user_config_dir("ReturnDesk"))
    safe = "".join(ch if ch.isalnum() or ch in "-_.@" else "_" for ch in account) or "default"
    return folder / f"smtp-password-{safe}"


def keyring_usable() -> bool:
    """Return True when a real system keyring (not the fail or null backend) is available."""
    backend = keyring.get_keyring()
    if isinstance(backend, ChainerBackend):
        return bool(backend.backends)
    return not isinstance(backend, fail.Keyring | null.Keyring)


def save_password(account: str, password: str) -> str:
    """Store the SMTP password; returns "keyring" or "file" to tell where it went."""
    if keyring_usable():
        try:
            keyring.set_password(SERVICE, account, password)
            return "keyring"
        except KeyringError:
            pass
    path = _fallback_file(account)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, password, private=True)
    return "file"


def load_password(account: str) -> str | None:
    """Return the stored SMTP password, from the keyring or the private file, or None."""
    if keyring_usable():
        try:
            found = keyring.get_password(SERVICE, account)
            if found is not None:
                return found
        except KeyringError:
            pass
    path = _fallback_file(account)
    return path.read_text(encoding="utf-8") if path.exists() else None


def password_storage() -> str:
    """Return "keyring" when passwords go to the system keyring, else "file"."""
    return "keyring" if keyring_usable() else "file"
