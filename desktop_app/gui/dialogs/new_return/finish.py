"""Wizard pages 3 and 4: confirm (approve now, or the owner's goodwill exception), then print."""

from __future__ import annotations

from html import escape as _escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from desktop_app.core.domain.auto_rules import rule_label
from desktop_app.core.services.returns import DraftVerdict, ReturnDetail
from desktop_app.gui.dialogs.new_return.lines import LinesPage, explanation_html
from desktop_app.gui.dialogs.new_return.page import ReadyPage
from desktop_app.gui.dialogs.new_return.state import WizardHost
from desktop_app.gui.formatting import status_text, text_of
from desktop_app.gui.i18n import error_text, tr
from desktop_app.gui.workers import Progress

if TYPE_CHECKING:  # the documents (ReportLab) and the preview (pypdfium2) load when a paper is first printed
    from desktop_app.gui.printing.preview import PdfPreviewDialog


class ConfirmPage(ReadyPage):
    """What will be created; approve at once when allowed; the owner may accept outside the policy."""

    def __init__(self, wizard: WizardHost, lines: LinesPage) -> None:
        super().__init__("confirm")
        self.wiz = wizard
        self.lines = lines
        self.summary = QTextBrowser()
        self.summary.setObjectName("summary")
        self.approve = QCheckBox()
        self.approve.setObjectName("approveNow")
        self.goodwill_label = QLabel()
        self.goodwill_label.setWordWrap(True)
        self.goodwill = QLineEdit()
        self.goodwill.setObjectName("goodwillReason")
        self.goodwill.textChanged.connect(lambda _t: self.update_ready())
        self.note = QLabel()
        self.note.setObjectName("confirmNote")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.goodwill_label)
        layout.addWidget(self.goodwill)
        layout.addWidget(self.approve)
        layout.addWidget(self.note)
        self.busy = False
        self.retranslate()

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.setTitle(tr("Confirm the return"))
        self.setSubTitle(tr("Check the lines, then create the return."))
        self.approve.setText(tr("&Approve it now (the customer can send the parcel)"))
        self.goodwill_label.setText(tr("Some lines fall outside the policy. As the owner you can accept them "
                                       "as a goodwill exception; the reason is kept on the return's timeline."))
        self.goodwill.setPlaceholderText(tr("Goodwill reason (required)"))
        if self.wiz.data is not None:
            self.initializePage()

    def _order_html(self) -> str:
        """Return the order, its customer and the shipping address the return is made for."""
        data = self.wiz.data
        if data is None:
            return ""
        order = data.order
        customer = order.customer
        name = customer.name if customer and customer.name else order.ship_to.name
        who = tr("Order {number} of {name}", number=order.number, name=name)
        email = f" &lt;{_escape(customer.email)}&gt;" if customer and customer.email else ""
        address = "<br>".join(_escape(line) for line in order.ship_to.lines())
        return (f"<p><b>{_escape(who)}</b>{email}<br>{_escape(tr('Shipping address:'))}<br>{address}</p>")

    def outside_policy(self) -> bool:
        """Return True when any chosen line is not eligible."""
        verdict = self.lines.verdict
        return verdict is not None and not verdict.within_policy

    def initializePage(self) -> None:
        """Show the chosen lines with their verdicts and what this user may do."""
        page, verdict = self.lines, self.lines.verdict
        parts = [self._order_html()]
        for choice in page.choices():
            judged = verdict.line(choice.line.id) if verdict is not None else None
            head = tr("{qty} × {sku} {name}", qty=choice.quantity, sku=choice.line.sku, name=choice.line.name)
            parts.append(f"<p><b>{head}</b><br>{explanation_html(judged.decision) if judged else ''}</p>")
        parts.append(f"<p><b>{page.total.text()}</b></p>")
        self.summary.setHtml("".join(parts))
        outside = self.outside_policy()
        owner = self.wiz.desk.user.is_owner
        self.goodwill_label.setVisible(outside and owner)
        self.goodwill.setVisible(outside and owner)
        allowed = verdict is not None and verdict.may_approve
        self.approve.setEnabled(allowed and not (outside and not owner))
        self.approve.setChecked(self.approve.isEnabled())
        if outside and not owner:
            self.note.setText(tr("Only the owner can accept lines outside the policy. Untick them, or ask the "
                                 "owner to create this return."))
        elif not allowed:
            self.note.setText(tr("The refund is above your limit: the return stays requested until the owner "
                                 "approves it."))
        else:
            self.note.setText("")
        self._show_auto(verdict, outside)
        self.setButtonText(QWizard.WizardButton.NextButton, tr("&Create return"))
        self.update_ready()

    def _show_auto(self, verdict: DraftVerdict | None, outside: bool) -> None:
        """Say so when the policy's auto-approve rules approve the return as it is created."""
        if verdict is None or outside or verdict.auto.rule is None:
            return
        self.approve.setChecked(True)
        self.approve.setEnabled(False)  # approved by the policy on creation: nothing for this user to decide
        self.note.setText(tr("The policy approves this return at once ({rule}).",
                             rule=text_of(rule_label(verdict.auto.rule))))

    def ready(self) -> bool:
        """Return True when the return may be created as chosen."""
        if self.busy:
            return False
        if self.outside_policy():
            return self.wiz.desk.user.is_owner and bool(self.goodwill.text().strip())
        return True

    def validatePage(self) -> bool:
        """Create the return (in the background) before moving on; stay here on a refusal."""
        if self.wiz.created is not None:
            return True
        self.busy = True
        self.note.setText(tr("Creating the return…"))
        self.update_ready()
        goodwill = self.goodwill.text().strip() if self.outside_policy() else None
        self.wiz.submit(self.lines.choices(), self.lines.resolution.currentData(),
                        goodwill, self.approve.isChecked() and self.approve.isEnabled(),
                        self.lines.files.paths(), self._created, self._refused)
        return False

    def _created(self, detail: ReturnDetail) -> None:
        self.busy = False
        self.wiz.created = detail
        QTimer.singleShot(0, self.wiz.next)

    def _refused(self, error: BaseException) -> None:
        self.busy = False
        self.note.setText(error_text(error))
        self.update_ready()


class DonePage(QWizardPage):
    """The new return's RMA and status; print (or save) its label and the customer's instructions."""

    def __init__(self, wizard: WizardHost) -> None:
        super().__init__()
        self.wiz = wizard
        self.result = QLabel()
        self.result.setObjectName("result")
        self.result.setWordWrap(True)
        self.print_label = QPushButton()
        self.print_label.setObjectName("printLabel")
        self.print_instructions = QPushButton()
        self.print_instructions.setObjectName("printInstructions")
        self.print_label.clicked.connect(lambda: self.preview("label"))
        self.print_instructions.clicked.connect(lambda: self.preview("instructions"))
        self.problem = QLabel()
        self.problem.setObjectName("printProblem")
        self.problem.setWordWrap(True)
        self.preview_dialog: PdfPreviewDialog | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.result)
        layout.addWidget(self.print_label)
        layout.addWidget(self.print_instructions)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        self.setFinalPage(True)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.setTitle(tr("Return created"))
        self.setSubTitle(tr("Print the label and the instructions for the customer."))
        self.print_label.setText(tr("Print the return &label…"))
        self.print_instructions.setText(tr("Print the customer &instructions…"))
        self.initializePage()

    def initializePage(self) -> None:
        """Say what was created and what happens next."""
        detail = self.wiz.created
        if detail is None:
            self.result.setText("")
            return
        text = tr("Return {rma} for order {order} is {status}.", rma=detail.rma, order=detail.order_number or "",
                  status=status_text(detail.status))
        if detail.status == "requested":
            text = " ".join((text, tr("It waits for the owner's approval.")))
        parcel = detail.shipping.needs_parcel
        if not parcel:
            text = " ".join((text, tr("The customer keeps the items: there is no label or instructions to print.")))
        self.print_label.setVisible(parcel)
        self.print_instructions.setVisible(parcel)
        self.result.setText(text)

    def preview(self, kind: str) -> None:
        """Build the label (4×6 in) or the instructions (A4) and open the print preview."""
        detail = self.wiz.created
        if detail is None:
            return
        db, rma = self.wiz.desk.db, detail.rma
        title = tr("Return label {rma}", rma=rma) if kind == "label" else \
            tr("Customer instructions {rma}", rma=rma)

        def build(_progress: Progress) -> bytes:
            from desktop_app.core.services import documents

            return documents.label_pdf(db, rma) if kind == "label" else documents.instructions_pdf(db, rma)

        self.problem.clear()
        self.wiz.desk.runner.run(build, lambda pdf: self._show(pdf, kind, title),
                                 lambda error: self.problem.setText(error_text(error)))

    def _show(self, pdf: bytes, kind: str, title: str) -> None:
        from desktop_app.gui.printing.preview import PdfPreviewDialog

        try:
            dialog = PdfPreviewDialog(pdf, kind, title, self.wizard())
        except Exception as error:  # an unreadable PDF is said in one sentence
            self.problem.setText(error_text(error))
            return
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview_dialog = dialog
        dialog.open()
