"""Stop a long read when the one who asked for it has given up (a search superseded by newer typing).

Every SQLite connection gets a progress handler (`install`) that SQLite calls every `CHECK_EVERY` virtual
machine steps of a running statement. Inside `stop_when(check)` the handler asks `check()` on the thread that
runs the statement; once it says yes, SQLite abandons the statement and `ReadStopped` is raised. Outside
`stop_when` the handler answers "go on" at once. On PostgreSQL `stop_when` changes nothing (the read runs to
its end).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.exc import OperationalError

CHECK_EVERY = 100_000  # SQLite VM steps between two checks: a check every millisecond or two of a busy read

_local = threading.local()


class ReadStopped(Exception):
    """A read was stopped because its caller no longer wants the answer."""


def _progress() -> int:
    check = getattr(_local, "check", None)
    return 1 if check is not None and check() else 0


def install(dbapi_connection: Any) -> None:
    """Let reads on this SQLite connection be stopped (called for every new connection)."""
    dbapi_connection.set_progress_handler(_progress, CHECK_EVERY)


@contextmanager
def stop_when(check: Callable[[], bool]) -> Iterator[None]:
    """Run the reads inside on this thread until `check()` says stop; then raise ReadStopped."""
    previous = getattr(_local, "check", None)
    _local.check = check
    try:
        yield
    except OperationalError as error:
        if check() and "interrupted" in str(error.orig):
            raise ReadStopped() from None
        raise
    finally:
        _local.check = previous
