"""The new-return wizard: find the order, pick lines with the policy's live verdict, confirm, print."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget, QWizard

from desktop_app.core.services import returns
from desktop_app.core.services.returns import ReturnDetail
from desktop_app.gui.backend import Desk
from desktop_app.gui.dialogs.new_return.files import attachment_kind
from desktop_app.gui.dialogs.new_return.find import FindOrderPage
from desktop_app.gui.dialogs.new_return.finish import ConfirmPage, DonePage
from desktop_app.gui.dialogs.new_return.lines import LinesPage
from desktop_app.gui.dialogs.new_return.state import LineChoice, WizardData
from desktop_app.gui.dialogs.unsaved import DISCARD, SAVE, UnsavedQuestion, ask_unsaved
from desktop_app.gui.i18n import error_text, tr
from desktop_app.gui.messages import show_error
from desktop_app.gui.workers import Progress

FIND, LINES, CONFIRM, DONE = range(4)


class NewReturnWizard(QWizard):
    """Opens a return for an order; `created` carries the new ReturnDetail."""

    created_return = Signal(object)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newReturnWizard")
        self.desk = desk
        self.data: WizardData | None = None
        self.created: ReturnDetail | None = None
        self.unsaved_question: UnsavedQuestion | None = None
        self.leaving = False  # the person chose to discard what was filled in
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.find_page = FindOrderPage(self)
        self.lines_page = LinesPage(self)
        self.confirm_page = ConfirmPage(self, self.lines_page)
        self.done_page = DonePage(self)
        for page_id, page in ((FIND, self.find_page), (LINES, self.lines_page), (CONFIRM, self.confirm_page),
                              (DONE, self.done_page)):
            self.setPage(page_id, page)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(900, 740)
        self.finished.connect(self._finished)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.setWindowTitle(tr("New return"))
        self.setButtonText(QWizard.WizardButton.BackButton, tr("< &Back"))
        self.setButtonText(QWizard.WizardButton.NextButton, tr("&Next >"))
        self.setButtonText(QWizard.WizardButton.CancelButton, tr("Cancel"))
        self.setButtonText(QWizard.WizardButton.FinishButton, tr("&Finish"))
        for page in (self.find_page, self.lines_page, self.confirm_page, self.done_page):
            page.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        """Retranslate when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_data(self, data: WizardData | None) -> None:
        """Use a newly loaded order (the lines page starts over for another order)."""
        self.data = data

    # -- creating ----------------------------------------------------------------------------------
    def submit(self, choices: Sequence[LineChoice], resolution: str | None, goodwill: str | None,
               approve: bool, files: Sequence[Path], done: Callable[[ReturnDetail], None],
               failed: Callable[[BaseException], None]) -> None:
        """Create the return, attach the files and approve it when asked, in one background task."""
        assert self.data is not None
        ctx, order = self.desk.ctx, self.data.order

        def task(_progress: Progress) -> ReturnDetail:
            lines = [c.request() for c in choices]
            detail = returns.create_return(ctx, order.number, lines, resolution=resolution,
                                           goodwill_reason=goodwill, order_channel=order.channel)
            for path in files:
                detail = returns.attach_file(ctx, detail.rma, path.name, path.read_bytes(), attachment_kind(path))
            if approve and detail.status == "requested":  # the policy's auto-approve rules may have approved it
                detail = returns.approve(ctx, detail.rma)
            return detail

        self.desk.runner.run(task, done, failed)

    # -- leaving with unsaved choices ---------------------------------------------------------------
    def reject(self) -> None:
        """Esc, Cancel or the close box: a filled wizard asks Save / Discard / Cancel before closing."""
        if self.created is not None or self.leaving or not self.filled():
            super().reject()
            return
        if self.unsaved_question is None:
            text = tr("This return is not created yet. Save it as a requested return (the owner or a clerk "
                      "approves it later), or discard what you filled in?")
            self.unsaved_question = ask_unsaved(self, text, tr("&Save as requested"), self._leave_answered,
                                                can_save=self.can_save())

    def closeEvent(self, event: QCloseEvent) -> None:
        """The close box asks like Esc; a close by the program itself (the app quitting) does not ask."""
        if not event.spontaneous():
            self.leaving = True
        super().closeEvent(event)

    def filled(self) -> bool:
        """Return True when the person chose lines or files for a loaded order."""
        page = self.lines_page
        return self.data is not None and (any(e.include.isChecked() for e in page.editors)
                                          or bool(page.files.paths()))

    def can_save(self) -> bool:
        """Return True when the choices can be created as a requested return as they stand."""
        verdict = self.lines_page.verdict
        if verdict is None or not self.lines_page.ready():
            return False
        return verdict.within_policy or (self.desk.user.is_owner and bool(self.confirm_page.goodwill.text().strip()))

    def _leave_answered(self, answer: str) -> None:
        self.unsaved_question = None
        if answer == DISCARD:
            self.leaving = True
            super().reject()
        elif answer == SAVE:
            page = self.lines_page
            goodwill = self.confirm_page.goodwill.text().strip() if self.confirm_page.outside_policy() else None
            self.submit(page.choices(), page.resolution.currentData(), goodwill, False, page.files.paths(),
                        self._saved, self._save_failed)

    def _save_failed(self, error: BaseException) -> None:
        show_error(self, error_text(error))

    def _saved(self, detail: ReturnDetail) -> None:
        self.created = detail
        self.done(QDialog.DialogCode.Accepted.value)

    def _finished(self, _result: int) -> None:
        if self.created is not None:
            self.created_return.emit(self.created)

    # -- questions tests replace -------------------------------------------------------------------
    def choose_files(self) -> list[str]:
        """Ask for photos or files to attach (tests replace this)."""
        names, _filter = QFileDialog.getOpenFileNames(self, tr("Photos or files from the customer"), "",
                                                      tr("Photos and documents (*.png *.jpg *.jpeg *.pdf);;"
                                                         "All files (*)"))
        return list(names)

    @classmethod
    def ask(cls, desk: Desk, parent: QWidget | None = None) -> NewReturnWizard:
        """Open the wizard without blocking and return it (tests drive it like a person)."""
        wizard = cls(desk, parent)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.open()
        wizard.find_page.search.setFocus()
        return wizard
