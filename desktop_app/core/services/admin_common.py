"""Helpers shared by the people, settings, catalogue and policy services: conflicts, lists of sentences."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Setting, User
from desktop_app.core.i18n import Message
from desktop_app.core.services.base import ConflictError, check_version

DEFAULT_TIMEZONE = "UTC"


@dataclass(frozen=True)
class SentenceList(Message):
    """Several sentences shown as one, each rendered in the reader's language."""

    items: tuple[Message, ...] = ()

    def render(self, lang: str | None = None) -> str:
        """Return the sentences joined by spaces."""
        return " ".join(item.render(lang) for item in self.items)


def sentences(items: Iterable[Message]) -> SentenceList:
    """Return a Message that renders several sentences one after another."""
    return SentenceList("", {}, tuple(items))


def shop_zone(session: Session) -> ZoneInfo:
    """Return the shop's time zone (UTC until the owner sets one)."""
    name = session.get(Setting, "shop.timezone")
    try:
        return ZoneInfo(str(name.value)) if name is not None and name.value else ZoneInfo(DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)


def user_label(session: Session, user_id: int | None) -> str:
    """Return a user's display name (or login name) for messages; empty when unknown."""
    if user_id is None:
        return ""
    user = session.get(User, user_id)
    if user is None:
        return ""
    return user.display_name or user.name


def refuse_stale(
    session: Session, expected: int | None, actual: int, changed_by: int | None, changed_at: datetime | None
) -> None:
    """Refuse a change based on a stale read, naming who changed the record and when (shop time)."""
    if expected is None or expected == actual:
        return
    refuse_changed(session, changed_by, changed_at)


def refuse_changed(session: Session, changed_by: int | None, changed_at: datetime | None) -> None:
    """Refuse a change because someone else changed the record first, naming them and the shop time."""
    when = changed_at or datetime.now(tz=ZoneInfo("UTC"))
    local = when.astimezone(shop_zone(session)).strftime("%Y-%m-%d %H:%M %Z")
    name = user_label(session, changed_by) or "?"
    check_version(0, 1, name, when, local)


def user_names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    """Return display names for several user ids at once."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(select(User.id, User.display_name, User.name).where(User.id.in_(wanted)))
    return {uid: (display or name) for uid, display, name in rows}


SAME_MOMENT = Message("Someone else saved a change to the same record at the same moment. "
                      "Nothing was saved; look at the new state and try again.")
LOCKED = Message("Another desk is saving a change right now. Nothing was saved; try again in a moment.")


@contextmanager
def writing(
    db: Database, same_moment: Message = SAME_MOMENT, *, taken: Message | None = None, locked: Message = LOCKED
) -> Iterator[Session]:
    """Run one use case in one write transaction; a clash with another desk's change becomes a sentence.

    Covers every way a concurrent write shows up: a stale row version, a unique key taken meanwhile
    (`taken`, default `same_moment`), a PostgreSQL serialization failure or deadlock (the other desk won),
    and SQLite's "database is locked" (`locked`).
    """
    try:
        with db.write() as session:
            yield session
    except IntegrityError as exc:
        raise ConflictError(taken or same_moment) from exc
    except StaleDataError as exc:
        raise ConflictError(same_moment) from exc
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) in ("40001", "40P01"):
            raise ConflictError(same_moment) from exc
        if "database is locked" in str(exc.orig):
            raise ConflictError(locked) from exc
        raise
