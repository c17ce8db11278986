"""Declarative base, naming convention and shared column helpers for every table."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

from sqlalchemy import DateTime, MetaData, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


_CLOCK: ContextVar[datetime | None] = ContextVar("returndesk_clock", default=None)


def utcnow() -> datetime:
    """Return the current time in UTC (timezone-aware), or the moment `clock_at` set for this context."""
    fixed = _CLOCK.get()
    return fixed if fixed is not None else datetime.now(UTC)


@contextmanager
def clock_at(moment: datetime) -> Iterator[None]:
    """Stamp everything written inside with `moment` (the demo shop replays its history as it happened)."""
    if moment.tzinfo is None or moment > datetime.now(UTC):
        raise ValueError("clock_at needs an aware moment that is not in the future")
    token = _CLOCK.set(moment)
    try:
        yield
    finally:
        _CLOCK.reset(token)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware, on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Refuse a naive time; store an aware one as UTC (naive UTC on SQLite, which keeps no zone)."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; give a timezone-aware UTC time")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Return the stored time as an aware UTC datetime."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Base class of all ReturnDesk tables."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
