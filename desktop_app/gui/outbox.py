"""Customer messages leave in the background: the outbox is sent every minute on its own worker thread.

Mail has its own runner so a slow mail server never holds up the queue or a receipt. Without a mail
server (no SMTP host) nothing is tried; the messages wait and show as waiting on each return's timeline.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.core.db.engine import Database
from desktop_app.core.notify.attachments import attachment_builder
from desktop_app.core.notify.overdue import queue_overdue_apologies
from desktop_app.core.notify.sender import (
    MailNotConfigured,
    SendReport,
    load_smtp_config,
    recover_interrupted,
    send_due,
)
from desktop_app.gui.workers import Runner, ThreadRunner

log = logging.getLogger(__name__)
INTERVAL_MS = 60_000


def send_waiting(db: Database) -> SendReport | None:
    """Send the messages that are due now, if the shop has a mail server; return the report or None."""
    try:
        queue_overdue_apologies(db)  # late returns get their apology, mail server or not
    except Exception:  # a locked or busy shop: next minute; sending what waits matters more
        log.warning("Could not queue the apologies for late returns", exc_info=True)
    try:
        config = load_smtp_config(db)
    except MailNotConfigured:
        return None
    recover_interrupted(db)
    from desktop_app.core.notify.secrets import load_password  # the keyring loads only when mail is set up

    password = load_password(config.username) if config.username else None
    return send_due(db, config, password, attachment_builder=attachment_builder(db))


class OutboxSender(QObject):
    """Sends the outbox now and then; `sent` tells the window how many went out."""

    sent = Signal(int)

    def __init__(self, db: Database, runner: Runner | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__()
        self.db = db
        self.runner = runner or ThreadRunner()
        self.busy = False
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.send_now)

    def start(self, first_after_ms: int = 0) -> None:
        """Send once now (or after `first_after_ms`, so the window's first rows come first), then every interval."""
        if first_after_ms > 0:
            QTimer.singleShot(first_after_ms, self, self.send_now)
        else:
            self.send_now()
        self.timer.start()

    def stop(self) -> None:
        """Stop sending (sign-out, another database)."""
        self.timer.stop()

    def send_now(self) -> None:
        """Send what is due unless a run is still going."""
        if self.busy:
            return
        self.busy = True
        db = self.db
        self.runner.run(lambda _p: send_waiting(db), self._done, self._failed)

    def _done(self, report: SendReport | None) -> None:
        self.busy = False
        if report is not None and report.sent:
            self.sent.emit(len(report.sent))

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        log.warning("Sending the outbox failed: %s", error)
