"""Who the portal acts as: one inactive system user, so every portal change is recorded against it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import User
from desktop_app.core.services.base import CurrentUser, Role

PORTAL_USER = "portal"
PORTAL_DISPLAY_NAME = "Online portal"


def _find(db: Database) -> User | None:
    with db.read() as session:
        user = session.scalars(select(User).where(User.name == PORTAL_USER)).first()
        if user is not None:
            session.expunge(user)
        return user


def portal_actor(db: Database) -> CurrentUser:
    """Return the portal's user, creating it (inactive: nobody signs in as it) the first time."""
    user = _find(db)
    if user is None:
        try:
            with db.write() as session:
                session.add(User(name=PORTAL_USER, display_name=PORTAL_DISPLAY_NAME, role=Role.CLERK.value,
                                 secret_hash="!", active=False, language="en"))
        except IntegrityError:  # another portal process created it at the same moment
            pass
        user = _find(db)
    assert user is not None
    return CurrentUser(user.id, user.name, user.display_name or PORTAL_DISPLAY_NAME, Role.CLERK)
