"""Secrets never reach a log or a sentence: passwords in URLs and `password=` settings are masked."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

MASK = "***"
# scheme://user:password@host  ->  scheme://user:***@host (the password may hold anything but '@' and spaces)
_URL_PASSWORD = re.compile(r"(?P<head>\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^\s:/@]*:)(?P<secret>[^\s@]*)(?=@)")
# password=..., PGPASSWORD=..., RETURNDESK_PIN=... in query strings, DSNs and environment dumps
_NAMED = re.compile(r"(?P<head>(?i:[a-z_]*(?:password|passwd|pwd|pin|secret|token))[\"']?\s*[=:]\s*[\"']?)"
                    r"(?P<secret>[^\s&;,\"']+)")


def mask_secrets(text: str) -> str:
    """Return `text` with every URL password and named secret replaced by ***."""
    text = _URL_PASSWORD.sub(lambda m: m["head"] + MASK, text)
    return _NAMED.sub(lambda m: m["head"] + MASK, text)


class MaskingFormatter(logging.Formatter):
    """A log formatter that masks secrets in the whole formatted record, traceback included."""

    def format(self, record: logging.LogRecord) -> str:
        """Format the record, then mask what must not be written."""
        return mask_secrets(super().format(record))


def private_file(path: Path) -> Path:
    """Create `path` readable and writable by its owner only (0600, whatever the umask); keep it if present."""
    fd = os.open(path, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)
    return path
