"""Who the portal acts as: one system user, so every portal change is recorded against it.

The user is marked `system`: it never shows in the desk's user lists, cannot be changed there and
cannot sign in (it has no PIN and is inactive besides). A shop person who already took the name
"portal" keeps it; the portal's user is then named "portal~".
"""

from __future__ import annotations

from contextlib import suppress

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import User
from desktop_app.core.services.base import CurrentUser, Role

PORTAL_USER = "portal"
PORTAL_NAMES = (PORTAL_USER, PORTAL_USER + "~")
PORTAL_DISPLAY_NAME = "Online portal"


def _find(db: Database) -> User | None:
    with db.read() as session:
        user = session.scalars(select(User).where(User.system.is_(True), User.name.in_(PORTAL_NAMES))
                               .order_by(User.id)).first()
        if user is not None:
            session.expunge(user)
        return user


def _create(db: Database) -> None:
    with db.write() as session:
        taken = set(session.scalars(select(User.name).where(User.name.in_(PORTAL_NAMES))))
        name = next((n for n in PORTAL_NAMES if n not in taken), None)
        if name is not None:
            session.add(User(name=name, display_name=PORTAL_DISPLAY_NAME, role=Role.CLERK.value,
                             secret_hash="!", active=False, system=True, language="en"))


def portal_actor(db: Database) -> CurrentUser:
    """Return the portal's system user, creating it the first time."""
    user = _find(db)
    if user is None:
        with suppress(IntegrityError):  # another portal process may create it at the same moment
            _create(db)
        user = _find(db)
    if user is None:
        raise RuntimeError("the portal's user could not be made: both of its names belong to shop users")
    return CurrentUser(user.id, user.name, user.display_name or PORTAL_DISPLAY_NAME, Role.CLERK)
