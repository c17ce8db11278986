"""The queue's searches run on their own worker: a slow search never holds up the window's other background work."""

from __future__ import annotations

import threading

from sqlalchemy import text

from desktop_app.core.services import returns as svc
from desktop_app.gui.backend import Desk
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.workers import ThreadRunner

SLOW = text("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) "
            "SELECT count(*) FROM c")  # minutes of work for SQLite unless it is stopped


def test_a_return_opens_while_a_slow_search_is_still_running(qtbot, shop_db, owner, monkeypatch):
    runner, searches = ThreadRunner(), ThreadRunner()
    window = MainWindow(Desk(shop_db, owner, runner, searches=searches), "shop.db")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.queue.model.rowCount() > 0, timeout=10000)
    first, before = window.queue.model.summary(0), window.queue.model.rowCount()
    rma = first.rma
    started, release = threading.Event(), threading.Event()
    real = Desk.return_ids

    def slow_search(desk: Desk, *args, **kwargs):  # the real search, after as long as the test wants
        started.set()
        release.wait(30)
        return real(desk, *args, **kwargs)

    monkeypatch.setattr(Desk, "return_ids", slow_search)
    window.queue.search.setText(rma)
    window.queue.refresh(recount=False)
    assert started.wait(10)
    try:
        window.queue.detail.show_rma(rma)  # background work on the window's runner: loading a return
        qtbot.waitUntil(lambda: window.queue.detail.detail is not None
                        and window.queue.detail.detail.rma == rma, timeout=10000)
        assert not release.is_set()  # the return opened while the search was still running
        finished = []
        runner.run(lambda _p: window.desk.status_counts(), finished.append)  # any other job finishes too
        qtbot.waitUntil(lambda: bool(finished), timeout=10000)
        assert finished[0]["all"] > 0
    finally:
        release.set()
    qtbot.waitUntil(lambda: 0 < window.queue.model.rowCount() < before, timeout=10000)  # the search's answer arrives
    assert window.queue.model.row_of(first.id) >= 0
    assert searches.wait(10000) and runner.wait(10000)


def test_a_newer_search_stops_the_one_still_reading(qtbot, shop_db, owner, monkeypatch):
    searches = ThreadRunner()
    window = MainWindow(Desk(shop_db, owner, ThreadRunner(), searches=searches), "shop.db")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.queue.model.rowCount() > 0, timeout=10000)
    first, before = window.queue.model.summary(0), window.queue.model.rowCount()
    started, outcome = threading.Event(), []
    real = svc.return_ids

    def search_that_reads_for_minutes(db, flt):  # a real SQLite read that would take minutes, then the search
        if flt.search == "first search":
            started.set()
            try:
                with db.read() as session:
                    session.execute(SLOW).scalar()
            except BaseException as error:
                outcome.append(error)
                raise
        return real(db, flt)

    monkeypatch.setattr(svc, "return_ids", search_that_reads_for_minutes)
    window.queue.search.setText("first search")
    window.queue.search.returnPressed.emit()
    assert started.wait(10)
    window.queue.search.setText(first.rma)
    window.queue.search.returnPressed.emit()  # the newer search: the first one's read is stopped, not waited for
    qtbot.waitUntil(lambda: window.queue.model.row_of(first.id) >= 0 and window.queue.model.rowCount() < before,
                    timeout=10000)
    assert outcome and "interrupted" in str(outcome[0])
    assert searches.wait(10000)
