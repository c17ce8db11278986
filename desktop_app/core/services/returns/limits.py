"""The most a clerk may refund on one return."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop_app.core.db.models import User
from desktop_app.core.services.base import CurrentUser
from desktop_app.core.services.settings import load_settings


def clerk_refund_limit_minor(session: Session, user: CurrentUser) -> int | None:
    """Return the most a clerk may refund on one return, in minor units (None: no limit; owner: none)."""
    if user.is_owner:
        return None
    row = session.get(User, user.id)
    if row is not None and row.refund_limit_minor is not None:
        return row.refund_limit_minor
    return load_settings(session).clerk_refund_limit_minor
