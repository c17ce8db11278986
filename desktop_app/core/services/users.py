"""The shop's people: the owner manages users, roles, refund limits and PINs; each user their own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.core.db.models import Setting, User, utcnow
from desktop_app.core.i18n import N_, Message
from desktop_app.core.services.admin_common import refuse_stale, writing
from desktop_app.core.services.auth import (
    SignInRefused,
    check_language,
    check_secret_rules,
    check_user_name,
    hash_secret,
    verify_secret,
)
from desktop_app.core.services.base import (
    CurrentUser,
    InvalidInput,
    NotFound,
    Role,
    ServiceContext,
    require_owner,
    require_user,
)
from desktop_app.core.services.desk_sessions import end_sessions_of

DEFAULT_CLERK_REFUND_LIMIT_MINOR = 10000


@dataclass(frozen=True)
class UserInfo:
    """A person who signs in, as the users screen shows them (never the PIN hash)."""

    id: int
    name: str
    display_name: str
    role: Role
    language: str
    active: bool
    refund_limit_minor: int | None
    locked_until: datetime | None
    created_at: datetime
    version: int
    short_pin: bool = False  # signed in last with a PIN under 6 digits: the owner should give a new one


def _info(user: User) -> UserInfo:
    return UserInfo(id=user.id, name=user.name, display_name=user.display_name or user.name,
                    role=Role(user.role), language=user.language, active=user.active,
                    refund_limit_minor=user.refund_limit_minor, locked_until=user.locked_until,
                    created_at=user.created_at, version=user.version, short_pin=user.short_pin)


def _load(session: Session, user_id: int, lock: bool = True) -> User:
    user = session.get(User, user_id, with_for_update=lock or None)
    if user is None or user.system:  # the portal's own user is nobody the shop manages
        raise NotFound(Message("There is no user number {id}.", {"id": user_id}))
    return user


def _touch(session: Session, user: User, expected_version: int | None, actor: CurrentUser) -> None:
    refuse_stale(session, expected_version, user.version, user.updated_by, user.updated_at)
    user.updated_by = actor.id
    user.updated_at = utcnow()


def _parse_role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise InvalidInput(Message("Choose the role owner or clerk.")) from None


def _active_owners(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User).where(
        User.role == Role.OWNER.value, User.active.is_(True), User.system.is_(False))) or 0


def list_users(ctx: ServiceContext, include_inactive: bool = True) -> list[UserInfo]:
    """Return every person of the shop, owners first then by name; never the portal's own user (owner only)."""
    require_owner(ctx, Message(N_("see the users")))
    with ctx.db.read() as session:
        query = select(User).where(User.system.is_(False)).order_by(User.role.desc(), User.name)
        if not include_inactive:
            query = query.where(User.active.is_(True))
        return [_info(u) for u in session.scalars(query)]


def get_user(ctx: ServiceContext, user_id: int) -> UserInfo:
    """Return one user (owner, or the user themselves)."""
    actor = require_user(ctx)
    if actor.id != user_id:
        require_owner(ctx, Message(N_("see the users")))
    with ctx.db.read() as session:
        return _info(_load(session, user_id, lock=False))


def add_user(ctx: ServiceContext, name: str, secret: str, role: Role | str = Role.CLERK,
             display_name: str = "", language: str = "en",
             refund_limit_minor: int | None = None) -> UserInfo:
    """Add a clerk or an owner with a first PIN (owner only)."""
    actor = require_owner(ctx, Message(N_("add users")))
    clean = check_user_name(name)
    check_secret_rules(secret)
    check_language(language)
    chosen = _parse_role(role)
    _check_limit(refund_limit_minor)
    with writing(ctx.db) as session:
        if session.scalar(select(User.id).where(User.name == clean)) is not None:
            raise InvalidInput(Message("A user named {name} already exists.", {"name": clean}))
        user = User(name=clean, display_name=(display_name or "").strip() or clean, role=chosen.value,
                    secret_hash=hash_secret(secret), language=language,
                    refund_limit_minor=refund_limit_minor, updated_by=actor.id, updated_at=utcnow())
        session.add(user)
        session.flush()
        return _info(user)


def change_role(ctx: ServiceContext, user_id: int, role: Role | str,
                expected_version: int | None) -> UserInfo:
    """Make a user an owner or a clerk; the last active owner stays an owner (owner only)."""
    actor = require_owner(ctx, Message(N_("change roles")))
    chosen = _parse_role(role)
    with writing(ctx.db) as session:
        user = _load(session, user_id)
        _touch(session, user, expected_version, actor)
        if user.role == Role.OWNER.value and chosen is Role.CLERK and user.active \
                and _active_owners(session) <= 1:
            raise InvalidInput(Message("{name} is the only owner; make someone else owner first.",
                                       {"name": user.display_name or user.name}))
        if user.role != chosen.value:
            end_sessions_of(session, user.id)
        user.role = chosen.value
        session.flush()
        return _info(user)


def _check_limit(limit_minor: int | None) -> None:
    if limit_minor is not None and (not isinstance(limit_minor, int) or limit_minor < 0):
        raise InvalidInput(Message("A refund limit must be zero or a positive amount."))


def set_refund_limit(ctx: ServiceContext, user_id: int, limit_minor: int | None,
                     expected_version: int | None) -> UserInfo:
    """Set the largest refund a clerk may issue in minor units; None uses the shop default (owner only)."""
    actor = require_owner(ctx, Message(N_("set refund limits")))
    _check_limit(limit_minor)
    with writing(ctx.db) as session:
        user = _load(session, user_id)
        _touch(session, user, expected_version, actor)
        user.refund_limit_minor = limit_minor
        session.flush()
        return _info(user)


def refund_limit_for(session: Session, user_id: int) -> int | None:
    """Return the largest refund a user may issue in minor units (None: no limit, for owners)."""
    user = session.get(User, user_id)
    if user is None or user.role == Role.OWNER.value:
        return None
    if user.refund_limit_minor is not None:
        return user.refund_limit_minor
    setting = session.get(Setting, "clerk.refund_limit")
    if setting is None:
        return DEFAULT_CLERK_REFUND_LIMIT_MINOR
    return None if setting.value is None else int(setting.value)


def reset_secret(ctx: ServiceContext, user_id: int, new_secret: str,
                 expected_version: int | None) -> UserInfo:
    """Give a user a new PIN and lift any lockout (owner only)."""
    actor = require_owner(ctx, Message(N_("reset PINs")))
    check_secret_rules(new_secret)
    with writing(ctx.db) as session:
        user = _load(session, user_id)
        _touch(session, user, expected_version, actor)
        user.secret_hash = hash_secret(new_secret)
        end_sessions_of(session, user.id)
        user.short_pin = False
        user.failed_attempts = 0
        user.locked_until = None
        session.flush()
        return _info(user)


def set_active(ctx: ServiceContext, user_id: int, active: bool, expected_version: int | None) -> UserInfo:
    """Deactivate or reactivate a user; the last active owner cannot be deactivated (owner only)."""
    actor = require_owner(ctx, Message(N_("deactivate users")))
    with writing(ctx.db) as session:
        user = _load(session, user_id)
        _touch(session, user, expected_version, actor)
        if not active and user.active and user.role == Role.OWNER.value and _active_owners(session) <= 1:
            raise InvalidInput(Message("{name} is the only owner and cannot be deactivated.",
                                       {"name": user.display_name or user.name}))
        if not active:
            end_sessions_of(session, user.id)
        user.active = active
        session.flush()
        return _info(user)


def deactivate(ctx: ServiceContext, user_id: int, expected_version: int | None) -> UserInfo:
    """Stop a user from signing in (never the last owner); their history stays (owner only)."""
    return set_active(ctx, user_id, False, expected_version)


def set_my_language(ctx: ServiceContext, language: str) -> CurrentUser:
    """Change the signed-in user's own language and return the updated signed-in user."""
    actor = require_user(ctx)
    check_language(language)
    with writing(ctx.db) as session:
        user = _load(session, actor.id)
        user.language = language
        user.updated_by = actor.id
        user.updated_at = utcnow()
    return CurrentUser(id=actor.id, name=actor.name, display_name=actor.display_name, role=actor.role,
                       language=language)


def change_my_secret(ctx: ServiceContext, current_secret: str, new_secret: str) -> None:
    """Change the signed-in user's own PIN after checking the current one."""
    actor = require_user(ctx)
    check_secret_rules(new_secret)
    with writing(ctx.db) as session:
        user = _load(session, actor.id)
        if not verify_secret(current_secret or "", user.secret_hash):
            raise SignInRefused(Message("Your current PIN is not correct; nothing was changed."))
        user.secret_hash = hash_secret(new_secret)
        end_sessions_of(session, user.id)
        user.short_pin = False
        user.updated_by = actor.id
        user.updated_at = utcnow()
