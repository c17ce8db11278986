"""Desk sessions of the command: a signed-in user skips the slow PIN hash for a few idle minutes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.core.db.models.base import Base, UTCDateTime, utcnow


class DeskSession(Base):
    """One live sign-in of the command at one desk: only hashes are stored, never the token or the PIN."""

    __tablename__ = "desk_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)  # sha256 of the desk's token
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    pin_mac: Mapped[str] = mapped_column(String(64))  # HMAC-SHA256 of the PIN keyed with the token
    role: Mapped[str] = mapped_column(String(16))  # the role at sign-in: a changed role ends the session
    secret_stamp: Mapped[str] = mapped_column(String(64))  # sha256 of the PIN hash at sign-in: a new PIN ends it
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
