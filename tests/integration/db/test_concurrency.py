"""SQLite write transactions begin IMMEDIATE: concurrent desks queue up behind the busy timeout."""

from __future__ import annotations

import threading
import time

from sqlalchemy import select

from desktop_app.core.db.models import Counter
from desktop_app.core.db.schema import open_database


def test_two_desks_incrementing_a_counter_serialise_without_errors_or_lost_updates(sqlite_database):
    sqlite_database.dispose()
    path = sqlite_database.sqlite_path
    setup = open_database(path)
    with setup.write() as session:
        session.add(Counter(name="rma", value=0))
    desks = [open_database(path), open_database(path)]  # separate engines, like two computers
    errors: list[BaseException] = []
    rounds = 15

    def work(db) -> None:
        try:
            for _ in range(rounds):
                with db.write() as session:  # read, think, write: would deadlock with a deferred BEGIN
                    counter = session.scalars(select(Counter).where(Counter.name == "rma")).one()
                    seen = counter.value
                    time.sleep(0.005)
                    counter.value = seen + 1
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(db,)) for db in desks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    with setup.read() as session:
        assert session.get(Counter, "rma").value == 2 * rounds
    for db in [setup, *desks]:
        db.dispose()


def test_a_reader_is_not_blocked_by_an_open_write(sqlite_database):
    other = open_database(sqlite_database.sqlite_path)
    with sqlite_database.write() as session:
        session.add(Counter(name="rma", value=1))
        session.flush()
        started = time.monotonic()
        with other.read() as reader:
            assert reader.get(Counter, "rma") is None  # sees the last committed state at once
        assert time.monotonic() - started < 1.0
    with other.read() as reader:
        assert reader.get(Counter, "rma").value == 1
    other.dispose()
