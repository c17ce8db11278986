"""Signed links for customers: a return's status page and short-lived form and order tokens.

The secret is the shop's `portal.secret` setting (made when the owner sets the status page address or the
portal first starts; never shown or settable by a command). A status link carries `R-000123.<signature>`,
so a guessed RMA alone opens nothing; the desk's scanner still finds the RMA in it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time

from sqlalchemy.orm import Session

from desktop_app.core.db.models import Setting, utcnow
from desktop_app.core.documents.scan import RMA_FULL

SECRET_KEY = "portal.secret"
_SIGNATURE_CHARS = 32


def load_secret(session: Session) -> str:
    """Return the shop's signing secret ("" in a shop that has none)."""
    row = session.get(Setting, SECRET_KEY)
    return str(row.value) if row is not None and row.value else ""


def ensure_secret(session: Session) -> str:
    """Return the shop's signing secret, making a random one when the shop has none yet."""
    secret = load_secret(session)
    if not secret:
        secret = secrets.token_hex(32)
        session.add(Setting(key=SECRET_KEY, value=secret, updated_at=utcnow()))
        session.flush()
    return secret


def signature(secret: str, purpose: str, payload: str) -> str:
    """Return the hex HMAC-SHA256 of a payload for one purpose (status, order, form)."""
    mac = hmac.new(secret.encode(), f"{purpose}\x00{payload}".encode(), hashlib.sha256)
    return mac.hexdigest()[:_SIGNATURE_CHARS]


def status_token(secret: str, rma: str) -> str:
    """Return the part of a status link that names a return: 'R-000123.<signature>'."""
    rma = rma.strip().upper()
    return f"{rma}.{signature(secret, 'status', rma)}" if secret else rma


def rma_of_status_token(secret: str, token: str) -> str | None:
    """Return the RMA a status token names when its signature is right, else None."""
    rma, _dot, sig = (token or "").partition(".")
    rma = rma.upper()
    if not secret or not RMA_FULL.fullmatch(rma) or len(sig) != _SIGNATURE_CHARS:
        return None
    return rma if hmac.compare_digest(sig, signature(secret, "status", rma)) else None


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _unb64(text: str) -> str:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()


def make_token(secret: str, purpose: str, fields: tuple[str, ...], now: float | None = None) -> str:
    """Return a signed, timestamped token carrying a few text fields."""
    stamp = str(int(now if now is not None else time.time()))
    body = ".".join([*(_b64(f) for f in fields), stamp])
    return f"{body}.{signature(secret, purpose, body)}"


def read_token(secret: str, purpose: str, token: str, max_age: int,
               now: float | None = None) -> tuple[str, ...] | None:
    """Return a token's fields when it is signed for this purpose and younger than max_age seconds."""
    body, _dot, sig = (token or "").rpartition(".")
    if not secret or not body or not hmac.compare_digest(sig.encode(), signature(secret, purpose, body).encode()):
        return None
    *encoded, stamp = body.split(".")
    try:
        age = (now if now is not None else time.time()) - int(stamp)
        fields = tuple(_unb64(f) for f in encoded)
    except (ValueError, UnicodeDecodeError):
        return None
    return fields if 0 <= age <= max_age else None
