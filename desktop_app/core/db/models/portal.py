"""What the customers' portal keeps in the database: look-up attempts, counted for the rate limits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.core.db.models.base import Base, UTCDateTime, utcnow


class PortalAttempt(Base):
    """One order look-up on the portal, by client address and by order number (both stored hashed)."""

    __tablename__ = "portal_attempts"
    __table_args__ = (Index("ix_portal_attempts_scope_key_at", "scope", "key", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(16))  # "address" or "order"
    key: Mapped[str] = mapped_column(String(64))  # sha256 of the address or the normalised order number
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
