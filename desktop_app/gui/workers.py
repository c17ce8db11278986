"""The one background helper: run a task off the UI thread with progress and cancel, results posted back.

A task is a plain function `task(progress) -> result` that calls services (each service call opens its
own session); it never touches widgets. `ThreadRunner` runs tasks one at a time on a worker thread (like
Anki's CollectionOp, so two writes never race); `SyncRunner` runs them at once for deterministic tests.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from desktop_app.core.i18n import UserFacingError

log = logging.getLogger(__name__)

T = TypeVar("T")
Task = Callable[["Progress"], Any]
Done = Callable[[Any], object]  # what a callback returns is ignored (show_error's box, for one)
Failed = Callable[[BaseException], object]
Report = Callable[[int, int, str], None]


class Cancelled(Exception):
    """Raised inside a task when the person pressed Cancel."""


def log_failure(error: BaseException) -> None:
    """Log a failed task: an expected refusal (wrong PIN, a role's limit) as one quiet line, a fault in full."""
    if isinstance(error, Cancelled):
        return
    if isinstance(error, UserFacingError):
        log.info("Refused: %s", error)  # the window shows the sentence; nothing for the terminal
    else:
        log.error("Background task failed", exc_info=error)


class Progress:
    """What a task sees: report how far it got, and whether the person asked to stop."""

    def __init__(self) -> None:
        self._cancel = threading.Event()
        self._sink: Report | None = None

    def report(self, done: int, total: int = 0, text: str = "") -> None:
        """Tell the window how far the task got (total 0 means unknown)."""
        if self._sink is not None:
            self._sink(done, total, text)

    def cancel(self) -> None:
        """Ask the task to stop at its next check."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        """Return True once Cancel was pressed."""
        return self._cancel.is_set()

    def check(self) -> None:
        """Stop the task here if Cancel was pressed."""
        if self.cancelled:
            raise Cancelled()


class _Relay(QObject):
    """Lives on the UI thread; signals emitted from the worker arrive here queued."""

    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, done: Done, failed: Failed, report: Report | None) -> None:
        super().__init__()
        self._done, self._failed, self._report = done, failed, report
        self.progressed.connect(self._on_progress)
        self.finished.connect(self._on_done)
        self.failed.connect(self._on_failed)

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, text: str) -> None:
        if self._report is not None:
            self._report(done, total, text)

    @Slot(object)
    def _on_done(self, result: object) -> None:
        try:
            self._done(result)
        except RuntimeError as gone:  # the widget that asked was closed meanwhile
            log.debug("Result arrived after its window closed: %s", gone)

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        try:
            self._failed(error)  # type: ignore[arg-type]
        except RuntimeError as gone:
            log.debug("Error arrived after its window closed: %s", gone)


class _Job(QRunnable):
    def __init__(self, task: Task, progress: Progress, relay: _Relay) -> None:
        super().__init__()
        self.task, self.progress, self.relay = task, progress, relay

    def run(self) -> None:
        try:
            result = self.task(self.progress)
        except Exception as error:
            log_failure(error)
            self._emit(self.relay.failed, error)
        else:
            self._emit(self.relay.finished, result)

    @staticmethod
    def _emit(signal: Any, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError as gone:  # the runner was deleted meanwhile (sign-out, exit): nobody to tell
            log.debug("Result of a background task dropped: %s", gone)


class Runner(QObject):
    """Base of both runners: `run(task, on_done, on_error, on_progress)` returns the task's Progress."""

    def __init__(self, on_error: Failed | None = None) -> None:
        super().__init__()
        self.default_error = on_error or (lambda _error: None)  # run() has logged it already
        self._live: set[_Relay] = set()

    def run(self, task: Callable[[Progress], T], on_done: Callable[[T], object] | None = None,
            on_error: Failed | None = None, on_progress: Report | None = None) -> Progress:
        """Run `task`; call `on_done(result)` or `on_error(error)` on the UI thread afterwards."""
        raise NotImplementedError

    def _callbacks(self, on_done: Done | None, on_error: Failed | None) -> tuple[Done, Failed]:
        def failed(error: BaseException) -> None:
            if isinstance(error, Cancelled):
                return
            (on_error or self.default_error)(error)

        return on_done or (lambda _result: None), failed


class ThreadRunner(Runner):
    """Runs tasks one at a time on a background thread so the window never freezes."""

    def __init__(self, on_error: Failed | None = None) -> None:
        super().__init__(on_error)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)

    def run(self, task: Callable[[Progress], T], on_done: Callable[[T], object] | None = None,
            on_error: Failed | None = None, on_progress: Report | None = None) -> Progress:
        """Queue `task` on the worker thread."""
        done, failed = self._callbacks(on_done, on_error)
        relay: _Relay

        def finish(result: Any) -> None:
            self._live.discard(relay)
            done(result)

        def fail(error: BaseException) -> None:
            self._live.discard(relay)
            failed(error)

        relay = _Relay(finish, fail, on_progress)
        self._live.add(relay)
        progress = Progress()
        progress._sink = relay.progressed.emit
        self.pool.start(_Job(task, progress, relay))
        return progress

    def wait(self, msecs: int = 30000) -> bool:
        """Wait until queued tasks finished (used at exit and in tests)."""
        return self.pool.waitForDone(msecs)


class SyncRunner(Runner):
    """Runs a task at once on the calling thread: the deterministic stand-in used by tests."""

    def run(self, task: Callable[[Progress], T], on_done: Callable[[T], object] | None = None,
            on_error: Failed | None = None, on_progress: Report | None = None) -> Progress:
        """Run `task` now and call the callbacks before returning."""
        done, failed = self._callbacks(on_done, on_error)
        progress = Progress()
        progress._sink = on_progress
        try:
            result = task(progress)
        except Exception as error:
            log_failure(error)
            failed(error)
        else:
            done(result)
        return progress
