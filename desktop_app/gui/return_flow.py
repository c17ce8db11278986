"""One return's actions as a keyboard flow: receive, then inspect, then resolve, each a prefilled form."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from desktop_app.core.services.returns import ExchangeQuote, ReturnDetail
from desktop_app.gui.backend import Desk
from desktop_app.gui.dialogs.exchange_dialogs import SettleExchangeDialog
from desktop_app.gui.dialogs.step_dialogs import InspectDialog, NoteDialog, ReceiveDialog, ResolveDialog
from desktop_app.gui.i18n import error_text, tr
from desktop_app.gui.messages import show_error
from desktop_app.gui.workers import Progress

V = TypeVar("V")  # what a form gives: receipts, findings, a text, a note


def next_step(detail: ReturnDetail) -> str | None:
    """Return the bench step a scanned parcel's return continues at: receive, inspect or resolve (or None)."""
    allowed = detail.allowed_actions
    if "receive" in allowed:
        return "receive"
    if detail.status == "received" and "inspect" in allowed:
        return "inspect"
    if detail.status == "inspected" and "resolve_line" in allowed and detail.owner_request is None:
        return "resolve_line"
    return None


class ReturnFlow(QObject):
    """Runs an action on a return through its form and the service; `done` carries the new detail."""

    done = Signal(object)
    dialog_opened = Signal(object)

    def __init__(self, parent: QWidget, desk: Desk) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.desk = desk
        self.dialog: QDialog | None = None

    def start(self, action: str, detail: ReturnDetail) -> None:
        """Begin `action` on the return shown in `detail`."""
        desk, rma, version = self.desk, detail.rma, detail.version
        if action == "approve":
            self._call(lambda: desk.approve(rma, version), rma)
        elif action == "receive":
            self._receive(detail)
        elif action == "inspect":
            self._inspect(detail, None)
        elif action == "resolve_line":
            self._resolve(detail)
        elif action == "approve_request":
            self._call(lambda: desk.approve_request(rma, version), rma)
        elif action == "decline_request":
            dialog = NoteDialog(self.parent_widget, detail, tr("Decline the refund"),
                                tr("Say why; the clerk reads it on the timeline and resolves the return again."))
            self._submit(dialog, rma, dialog.text, lambda text: desk.decline_request(rma, text, version))
        elif action in ("settle_exchange", "waive_exchange"):
            self._settle(detail, action == "waive_exchange")
        elif action == "reject":
            dialog = NoteDialog(self.parent_widget, detail, tr("Reject"),
                                tr("Say why the return is rejected; the customer will read it."))
            self._submit(dialog, rma, dialog.text, lambda text: desk.reject(rma, text, version))
        elif action == "add_note":
            dialog = NoteDialog(self.parent_widget, detail, tr("Add note"),
                                tr("What was said, and where (a call, a chat, an e-mail)?"), channels=True)
            self._submit(dialog, rma, lambda: (dialog.channel(), dialog.text()),
                         lambda note: desk.add_note(rma, note[0], note[1], version))
        elif action == "attach_file":
            path = self.choose_file()
            if path:
                self._call(lambda: desk.attach_file(rma, path, version), rma)
        elif action == "close":
            if detail.status == "resolved":
                self._call(lambda: desk.close(rma, None, version), rma)
            else:
                dialog = NoteDialog(self.parent_widget, detail, tr("Close return"),
                                    tr("The return is not resolved yet. Say why it is closed now."))
                self._submit(dialog, rma, dialog.text, lambda text: desk.close(rma, text, version))

    def choose_file(self) -> str:
        """Ask which photo or file to attach (tests replace this)."""
        path, _filter = QFileDialog.getOpenFileName(self.parent_widget, tr("Attach a photo or file"), "",
                                                    tr("Photos and documents (*.jpg *.jpeg *.png *.pdf);;"
                                                       "All files (*)"))
        return str(path or "")

    # -- the chain ---------------------------------------------------------------------------------
    def _receive(self, detail: ReturnDetail) -> None:
        dialog = ReceiveDialog(self.parent_widget, detail)
        desk, rma = self.desk, detail.rma

        conditions: dict[int, str] = {}

        def read() -> dict[int, tuple[int, int]]:
            conditions.update(dialog.conditions())  # kept for the inspect form that follows
            return dialog.receipts()

        def received(new: ReturnDetail) -> None:
            if "inspect" in new.allowed_actions and new.status == "received":
                self._inspect(new, conditions)

        self._submit(dialog, rma, read, lambda receipts: desk.receive(rma, receipts, detail.version), received)

    def _inspect(self, detail: ReturnDetail, conditions: dict[int, str] | None) -> None:
        dialog = InspectDialog(self.parent_widget, detail, conditions)
        desk, rma = self.desk, detail.rma

        def inspected(new: ReturnDetail) -> None:
            if "resolve_line" in new.allowed_actions:
                self._resolve(new)

        self._submit(dialog, rma, dialog.findings, lambda findings: desk.inspect(rma, findings, detail.version),
                     inspected)

    def _resolve(self, detail: ReturnDetail) -> None:
        """Price the replacements in stock for each line in the background, then open the resolve form."""
        desk, rma = self.desk, detail.rma

        def resolve_all(choices: list[tuple[int, str, int, str, str]]) -> ReturnDetail:
            return desk.resolve_lines(rma, choices, detail.version)

        def open_form(options: dict[int, tuple[ExchangeQuote, ...]]) -> None:
            dialog = ResolveDialog(self.parent_widget, detail, options)
            self._submit(dialog, rma, dialog.choices, resolve_all)

        self.desk.runner.run(lambda _p: desk.exchange_options(detail), open_form,
                             lambda error: show_error(self.parent_widget, error_text(error)))

    def _settle(self, detail: ReturnDetail, waive: bool) -> None:
        dialog = SettleExchangeDialog(self.parent_widget, detail, waive)
        desk, rma = self.desk, detail.rma
        self._submit(dialog, rma, dialog.values,
                     lambda v: desk.settle_exchange(rma, v[0], v[1], waive, detail.version))

    # -- plumbing ----------------------------------------------------------------------------------
    def _open(self, dialog: QDialog, on_ok: Callable[[], None]) -> None:
        self.dialog = dialog
        dialog.accepted.connect(on_ok)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.dialog_opened.emit(dialog)

    def _submit(self, dialog: QDialog, rma: str, read: Callable[[], V], apply: Callable[[V], ReturnDetail],
                then: Callable[[ReturnDetail], None] | None = None) -> None:
        """Open a form; on OK read its values here on the window thread, then apply them in the background."""

        def accepted() -> None:
            values = read()
            self._call(lambda: apply(values), rma, then)

        self._open(dialog, accepted)

    def _call(self, change: Callable[[], ReturnDetail], rma: str,
              then: Callable[[ReturnDetail], None] | None = None) -> None:
        """Make the change in the background and show the detail it returns (no second read)."""
        desk = self.desk

        def task(_progress: Progress) -> ReturnDetail:
            return change()

        def finished(new: ReturnDetail) -> None:
            self.done.emit(new)
            if then is not None:
                then(new)

        def failed(error: BaseException) -> None:
            show_error(self.parent_widget, error_text(error))
            self.desk.runner.run(lambda _p: desk.get_return(rma), self.done.emit, lambda _e: None)

        self.desk.runner.run(task, finished, failed)
