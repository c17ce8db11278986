"""The outbox: every customer message with its state, and what a person can do with one that did not go."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.i18n import N_
from desktop_app.core.notify.attachments import attachment_builder
from desktop_app.core.notify.outbox import OutboxEntry, list_outbox, mark_sent_by_hand, requeue
from desktop_app.core.notify.secrets import load_password
from desktop_app.core.notify.sender import SendReport, load_smtp_config, send_due
from desktop_app.gui.backend import Desk
from desktop_app.gui.formatting import local_time
from desktop_app.gui.i18n import error_text, tr
from desktop_app.gui.workers import Progress, Runner, ThreadRunner

COLUMNS = (N_("Created"), N_("Return"), N_("Message"), N_("To"), N_("State"), N_("Attempts"), N_("Last error"))
STATES = {"queued": N_("waiting to be sent"), "sending": N_("being sent"), "sent": N_("sent"),
          "failed": N_("not sent"), "held": N_("held")}
FILTERS = (("", N_("All messages")), ("queued", N_("Waiting")), ("failed", N_("Not sent")),
           ("held", N_("Held")), ("sent", N_("Sent")))
Index = QModelIndex | QPersistentModelIndex


def mail_runner_for(desk: Desk) -> Runner:
    """Return a runner of its own for talking to the mail server, so a slow server never holds up the desk."""
    return ThreadRunner() if isinstance(desk.runner, ThreadRunner) else desk.runner


class OutboxModel(QAbstractTableModel):
    """The outbox's messages (frozen `OutboxEntry`s), newest first."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[OutboxEntry] = []
        self.zone: str | None = None

    def set_entries(self, entries: list[OutboxEntry], zone: str | None) -> None:
        """Show a new list of messages."""
        self.beginResetModel()
        self.entries, self.zone = list(entries), zone
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Return the number of messages."""
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Return the number of columns."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the translated column titles."""
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return one cell's text."""
        if not index.isValid():
            return None
        m = self.entries[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return m
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (local_time(m.created_at, self.zone), m.rma or "", m.subject, m.to_address or tr("(no address)"),
                tr(STATES[m.state]) if m.state in STATES else m.state, str(m.attempts),
                tr(m.last_error) if m.last_error else "")[index.column()]


class OutboxDialog(QDialog):
    """List the outbox; send now, send again, open in the mail client, copy, or mark as sent by hand."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outboxDialog")
        self.mail_runner = mail_runner_for(desk)
        self.setWindowTitle(tr("Customer messages"))
        self.desk = desk
        self.model = OutboxModel()
        self.filter = QComboBox()
        self.filter.setObjectName("outboxFilter")
        for state, label in FILTERS:
            self.filter.addItem(tr(label), state)
        self.table = QTableView()
        self.table.setObjectName("outbox")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.text = QPlainTextEdit()
        self.text.setObjectName("outboxText")
        self.text.setReadOnly(True)
        self.status = QLabel()
        self.status.setObjectName("outboxStatus")
        self.status.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        for name, label in (("send_now", N_("Send now")), ("send_again", N_("Send again")),
                            ("open_mail", N_("Open in mail client")), ("copy", N_("Copy text")),
                            ("by_hand", N_("Mark as sent by hand")), ("refresh", N_("Re&fresh")),
                            ("close", N_("Close"))):
            button = QPushButton(tr(label))
            button.setObjectName(f"outbox_{name}")
            self.buttons[name] = button
        self._lay_out()
        self.filter.currentIndexChanged.connect(self.reload)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        b = self.buttons
        b["send_now"].clicked.connect(self.send_now)
        b["send_again"].clicked.connect(self.send_again)
        b["open_mail"].clicked.connect(self.open_in_mail_client)
        b["copy"].clicked.connect(self.copy_text)
        b["by_hand"].clicked.connect(self.mark_sent_by_hand)
        b["close"].clicked.connect(self.accept)
        b["refresh"].clicked.connect(self.reload)
        b["refresh"].setShortcut(QKeySequence("F5"))  # the window sends in the background meanwhile
        self.resize(960, 560)
        self.reload()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Show"), self))
        top.addWidget(self.filter)
        top.addStretch(1)
        top.addWidget(self.buttons["refresh"])
        top.addWidget(self.buttons["send_now"])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.text)
        split.setSizes([340, 160])
        actions = QHBoxLayout()
        for name in ("send_again", "open_mail", "copy", "by_hand"):
            actions.addWidget(self.buttons[name])
        actions.addStretch(1)
        actions.addWidget(self.buttons["close"])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        layout.addLayout(actions)

    # -- loading -----------------------------------------------------------------------------------
    def reload(self) -> None:
        """Load the messages of the chosen state in the background."""
        desk, state = self.desk, str(self.filter.currentData() or "") or None

        def task(_progress: Progress) -> tuple[list[OutboxEntry], str]:
            return list_outbox(desk.db, state=state), desk.shop_zone()

        self.desk.runner.run(task, self._loaded, self._failed)

    def _loaded(self, result: tuple[list[OutboxEntry], str]) -> None:
        chosen = self.selected()
        entries, zone = result
        self.model.set_entries(entries, zone)
        ids = [m.id for m in entries]
        row = ids.index(chosen.id) if chosen is not None and chosen.id in ids else (0 if ids else -1)
        if row >= 0:
            self.table.selectRow(row)
        self._selected()

    def _failed(self, error: BaseException) -> None:
        self.status.setText(error_text(error))

    def selected(self) -> OutboxEntry | None:
        """Return the chosen message, or None."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.entries[rows[0].row()] if rows and rows[0].row() < len(self.model.entries) else None

    def _selected(self, *_args: object) -> None:
        m = self.selected()
        self.text.setPlainText(self.message_text(m) if m is not None else "")
        state = m.state if m is not None else ""
        self.buttons["send_again"].setEnabled(state in ("failed", "held") and bool(m and m.to_address))
        self.buttons["open_mail"].setEnabled(bool(m and m.to_address))
        self.buttons["copy"].setEnabled(m is not None)
        self.buttons["by_hand"].setEnabled(state in ("queued", "failed", "held"))

    @staticmethod
    def message_text(m: OutboxEntry) -> str:
        """Return a message as a person would paste it: address, subject, then the text."""
        head = tr("To: {address}", address=m.to_address) if m.to_address else tr("To: (no address)")
        subject = tr("Subject: {subject}", subject=m.subject)
        return f"{head}\n{subject}\n\n{m.body}"

    # -- actions -----------------------------------------------------------------------------------
    def send_now(self) -> None:
        """Send every message that is due now (the same work the window does every minute)."""
        db = self.desk.db

        def task(_progress: Progress) -> SendReport:
            # no recover_interrupted here: the window's own sender may be sending right now
            config = load_smtp_config(db)  # without a mail server: the sentence saying so
            password = load_password(config.username) if config.username else None
            return send_due(db, config, password, attachment_builder=attachment_builder(db))

        def done(report: SendReport) -> None:
            self.status.setText(tr("Sent {sent}; {retrying} will be tried again later; {failed} not sent.",
                                   sent=len(report.sent), retrying=len(report.retrying),
                                   failed=len(report.failed)))
            self.reload()

        self.status.setText(tr("Sending…"))
        self.mail_runner.run(task, done, self._failed)

    def send_again(self) -> None:
        """Put the chosen failed or held message back in the queue."""
        m, ctx = self.selected(), self.desk.ctx
        if m is None:
            return
        self.desk.runner.run(lambda _p: requeue(ctx, m.id), lambda _e: self._changed(
            tr("The message will be sent again with the next round.")), self._failed)

    def mark_sent_by_hand(self) -> None:
        """Record that the chosen message reached the customer another way."""
        m, ctx = self.selected(), self.desk.ctx
        if m is None:
            return
        self.desk.runner.run(lambda _p: mark_sent_by_hand(ctx, m.id), lambda _r: self._changed(
            tr("Marked as sent by hand; the return's timeline shows it.")), self._failed)

    def _changed(self, sentence: str) -> None:
        self.status.setText(sentence)
        self.reload()

    def open_in_mail_client(self) -> None:
        """Open the chosen message in this desk's mail client, ready to send."""
        m = self.selected()
        if m is None:
            return
        if self.open_url(m.mailto_url):
            self.status.setText(tr("The message is open in your mail client. After you send it there, mark "
                                   "it as sent by hand."))
        else:
            self.status.setText(tr("No mail client opened. Copy the text and send it another way."))

    def copy_text(self) -> None:
        """Copy the chosen message (address, subject, text) to the clipboard."""
        m = self.selected()
        if m is not None:
            QGuiApplication.clipboard().setText(self.message_text(m))
            self.status.setText(tr("The message is copied; paste it where you write to the customer."))

    @classmethod
    def open_url(cls, url: str) -> bool:
        """Hand a mailto: link to the desktop (tests replace this)."""
        return bool(QDesktopServices.openUrl(QUrl(url)))
