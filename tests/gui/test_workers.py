"""The background runner: results and progress come back on the UI thread; cancel stops a task."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread

from desktop_app.core.i18n import UserFacingError
from desktop_app.gui.i18n import error_text
from desktop_app.gui.workers import SyncRunner, ThreadRunner


def test_a_task_runs_off_the_ui_thread_and_reports_back_on_it(qtbot):
    runner = ThreadRunner()
    seen: dict[str, object] = {}
    ui = QThread.currentThread()

    def task(progress):
        seen["worker"] = threading.current_thread().name
        for i in range(3):
            progress.report(i + 1, 3, "step")
        return 42

    def done(result):
        seen["result"] = result
        seen["on_ui"] = QThread.currentThread() is ui

    reports = []
    runner.run(task, done, on_progress=lambda d, t, _x: reports.append((d, t)))
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen["result"] == 42 and seen["on_ui"] is True
    assert seen["worker"] != threading.main_thread().name
    qtbot.waitUntil(lambda: len(reports) == 3)
    assert reports[-1] == (3, 3)


def test_cancel_stops_a_task_without_an_error_message(qtbot):
    runner = ThreadRunner()
    started, errors, results = threading.Event(), [], []

    def task(progress):
        started.set()
        while True:
            progress.check()

    progress = runner.run(task, results.append, errors.append)
    assert started.wait(5)
    progress.cancel()
    assert runner.wait(5000)
    qtbot.wait(50)
    assert errors == [] and results == []


def test_errors_become_plain_sentences():
    errors = []
    SyncRunner().run(lambda _p: (_ for _ in ()).throw(UserFacingError("The file {name} is empty.", name="a.csv")),
                     on_error=lambda e: errors.append(error_text(e)))
    SyncRunner().run(lambda _p: 1 / 0, on_error=lambda e: errors.append(error_text(e)))
    assert errors[0] == "The file a.csv is empty."
    assert errors[1].startswith("Something went wrong and nothing was changed")
