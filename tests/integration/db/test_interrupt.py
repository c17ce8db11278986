"""A read its caller gave up on stops at once on SQLite, and the connection serves the next read normally."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from desktop_app.core.db.engine import Database
from desktop_app.core.db.interrupt import ReadStopped, stop_when

# counts to a billion: minutes of work for SQLite unless it is stopped
SLOW = text("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) "
            "SELECT count(*) FROM c")


@pytest.fixture()
def db(tmp_path):
    database = Database(tmp_path / "shop.sqlite3")
    yield database
    database.dispose()


def test_a_read_stops_soon_after_its_caller_gives_up(db):
    gave_up = threading.Event()
    threading.Timer(0.3, gave_up.set).start()
    began = time.monotonic()
    with pytest.raises(ReadStopped), stop_when(gave_up.is_set), db.read() as session:
        session.execute(SLOW).scalar()
    assert time.monotonic() - began < 5  # stopped, not run to its end
    with db.read() as session:  # the pooled connection answers the next read as usual
        assert session.execute(text("SELECT 41 + 1")).scalar() == 42


def test_reads_run_to_their_end_while_nobody_gives_up(db):
    with stop_when(lambda: False), db.read() as session:
        counted = session.execute(text("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
                                       "WHERE x < 200000) SELECT count(*) FROM c")).scalar()
    assert counted == 200000


def test_another_threads_stop_does_not_touch_this_thread(db):
    stopped: list[BaseException] = []

    def other() -> None:
        try:
            with stop_when(lambda: True), db.read() as session:
                session.execute(SLOW).scalar()
        except ReadStopped as error:
            stopped.append(error)

    worker = threading.Thread(target=other)
    worker.start()
    worker.join(10)
    with db.read() as session:
        assert session.execute(text("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
                                    "WHERE x < 100000) SELECT count(*) FROM c")).scalar() == 100000
    assert len(stopped) == 1
