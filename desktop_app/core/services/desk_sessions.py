"""Desk sessions of the command, like sudo's: after a full PIN check, the same PIN signs in cheaply for a while.

The desk keeps a random token in a private file; the shop keeps only sha256(token), the user, the role and PIN
hash at sign-in, HMAC-SHA256(token, PIN) and an idle expiry. A command with the token and the matching PIN is
signed in by that row without the slow scrypt hash. Anything else returns None and the caller runs the full
sign-in (auth.sign_in) with its lockout counting. Why this is safe enough: docs/safety.md, "Desk sessions".
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import DeskSession, User, utcnow
from desktop_app.core.services.admin_common import writing
from desktop_app.core.services.auth import current_user_of
from desktop_app.core.services.base import CurrentUser

IDLE = timedelta(minutes=15)  # a session unused this long has ended; each use starts the minutes again
_TOKEN_BYTES = 32


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _pin_mac(token: str, pin: str) -> str:
    return hmac.new(token.encode("utf-8"), (pin or "").encode("utf-8"), hashlib.sha256).hexdigest()


def _stamp(user: User) -> str:
    """Return a fingerprint of the user's PIN hash: a new PIN (or a renewed hash) no longer matches it."""
    return hashlib.sha256(user.secret_hash.encode("utf-8")).hexdigest()


def start_session(db: Database, signed_in: CurrentUser, pin: str, *, replaces: str | None = None,
                  now: datetime | None = None) -> str:
    """Store a new session for a user who just passed the full sign-in with `pin`; return the desk's token.

    `replaces` is the desk's previous token (its row is removed); sessions past their idle time are pruned.
    """
    moment = now or utcnow()
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    with writing(db) as session:
        session.execute(delete(DeskSession).where(DeskSession.expires_at <= moment))
        if replaces:
            session.execute(delete(DeskSession).where(DeskSession.token_hash == _token_hash(replaces)))
        user = session.get(User, signed_in.id)
        if user is None:
            raise LookupError("the signed-in user has no row")
        session.add(DeskSession(token_hash=_token_hash(token), user_id=user.id, pin_mac=_pin_mac(token, pin),
                                role=user.role, secret_stamp=_stamp(user), created_at=moment,
                                expires_at=moment + IDLE))
    return token


def _usable(row: DeskSession, user: User, name: str, moment: datetime) -> bool:
    """Return whether a session row still stands for this user as they are now (the PIN not yet checked)."""
    return (user.name == (name or "").strip() and user.active and not user.system
            and row.expires_at > moment and user.role == row.role and _stamp(user) == row.secret_stamp)


def resume_session(db: Database, name: str, token: str, pin: str, *,
                   now: datetime | None = None) -> CurrentUser | None:
    """Return the signed-in user when the desk's token has a live session of `name` and `pin` matches, else None.

    None also for a locked user or one with wrong attempts counting: the full sign-in decides those. A
    session that no longer stands (expired, user disabled, PIN or role changed) is removed; a wrong PIN
    leaves it, so that the full sign-in counts the attempt and the right PIN still works afterwards.
    """
    moment = now or utcnow()
    with writing(db) as session:
        row = session.scalar(select(DeskSession).where(DeskSession.token_hash == _token_hash(token)))
        if row is None:
            return None
        user = session.get(User, row.user_id)
        if user is None or not _usable(row, user, name, moment):
            session.delete(row)
            return None
        if user.failed_attempts or user.locked_until is not None:
            return None
        if not hmac.compare_digest(row.pin_mac, _pin_mac(token, pin)):
            return None
        row.expires_at = moment + IDLE
        return current_user_of(user)


def end_session(db: Database, token: str) -> bool:
    """End the session of a desk's token (signing out); return whether one was live."""
    with writing(db) as session:
        ended = session.execute(delete(DeskSession).where(DeskSession.token_hash == _token_hash(token)))
        return bool(getattr(ended, "rowcount", 0))


def end_sessions_of(session: Session, user_id: int) -> None:
    """End every desk session of a user (their PIN, role or access changed), inside the caller's transaction."""
    with session.no_autoflush:  # the user's pending change is flushed once, by the caller (one version step)
        session.execute(delete(DeskSession).where(DeskSession.user_id == user_id))
