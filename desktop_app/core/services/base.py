"""What every service shares: the acting user, typed user-facing errors, role and version checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from desktop_app.core.db.engine import Database
from desktop_app.core.i18n import Message, UserFacingError


class Role(StrEnum):
    """What a signed-in person may do: the owner everything, a clerk the daily work."""

    OWNER = "owner"
    CLERK = "clerk"


@dataclass(frozen=True)
class CurrentUser:
    """The signed-in person every change is recorded against."""

    id: int
    name: str
    display_name: str
    role: Role
    language: str = "en"

    @property
    def is_owner(self) -> bool:
        """Return True for the shop's owner."""
        return self.role is Role.OWNER


ReturnEventHook = Callable[[Session, int, str], None]
"""Runs inside the transaction after a return's event is written: (session, return_id, event kind)."""


@dataclass(frozen=True)
class ServiceContext:
    """A database, the acting user (None for read-only use) and the hooks that hear the returns' events.

    The window and the command pass the customer-message hook (`notify.hooks.CUSTOMER_MESSAGES`), so a
    change to a return queues the customer's message in the same transaction; without it nothing is queued.
    """

    db: Database
    user: CurrentUser | None = None
    on_return_event: tuple[ReturnEventHook, ...] = ()


class PermissionDenied(UserFacingError):
    """The signed-in user's role does not allow this action."""


class NotFound(UserFacingError):
    """The return, order, user or file named does not exist."""


class ConflictError(UserFacingError):
    """Someone else changed the record since it was read; nothing was overwritten."""


class InvalidInput(UserFacingError):
    """A value given by the user cannot be used (with a sentence saying why)."""


def require_user(ctx: ServiceContext) -> CurrentUser:
    """Return the acting user, or refuse a change made without signing in."""
    if ctx.user is None:
        raise PermissionDenied(Message("Sign in to make changes."))
    return ctx.user


def require_owner(ctx: ServiceContext, action: Message) -> CurrentUser:
    """Return the acting user if they are the owner; otherwise refuse naming the action."""
    user = require_user(ctx)
    if not user.is_owner:
        raise PermissionDenied(
            Message("Only the owner can {action}.", {"action": action})
        )
    return user


def check_version(
    expected: int | None, actual: int, changed_by: str, changed_at: datetime, lang_time: str | None = None
) -> None:
    """Refuse a change based on a stale read, saying who changed the record and when."""
    if expected is not None and expected != actual:
        raise ConflictError(
            Message(
                "This was changed by {name} at {time} while you were looking at it. "
                "Nothing was overwritten; look at the new state and try again.",
                {"name": changed_by, "time": lang_time or changed_at.strftime("%Y-%m-%d %H:%M UTC")},
            )
        )
