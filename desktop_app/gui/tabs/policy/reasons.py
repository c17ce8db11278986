"""The policy editor's reason catalogue: code, English and Chinese names, and who is at fault."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QTableWidgetItem

from desktop_app.core.domain.policy import Fault, PolicyRules, Reason, fault_label
from desktop_app.gui.formatting import text_of
from desktop_app.gui.i18n import tr
from desktop_app.gui.tabs.policy.categories import EditableTable


class ReasonTable(EditableTable):
    """One row per return reason; the fault decides fees, final sale and who pays the parcel."""

    def __init__(self) -> None:
        super().__init__(4)
        self.table.setObjectName("reasonTable")
        self.reasons: tuple[Reason, ...] = ()
        self.retranslate()

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.table.setHorizontalHeaderLabels([tr("Code"), tr("English name"), tr("Chinese name"),
                                              tr("Who is at fault")])
        self.intro.setText(tr("The reasons customers choose from. A reason that is the shop's or the carrier's "
                              "fault waives the restocking fee and final sale, and the shop pays the parcel."))
        self.add.setText(tr("Add reason"))
        self.remove.setText(tr("Remove selected"))
        self.set_reasons(self.read() if self.table.rowCount() else self.reasons)

    def _put(self, row: int, reason: Reason) -> None:
        for col, value in enumerate((reason.code, reason.label_en, reason.label_zh)):
            self.table.setItem(row, col, QTableWidgetItem(value))
        faults = [(text_of(fault_label(f)), f.value) for f in Fault]
        self.table.setCellWidget(row, 3, self.combo(faults, reason.fault.value))

    def set_reasons(self, reasons: tuple[Reason, ...]) -> None:
        """Show a version's reasons without reporting an edit."""
        self.reasons = tuple(reasons)
        self.show_rows(self.reasons)

    def add_row(self) -> None:
        """Add a customer-choice reason and start typing its code."""
        self.append_row(Reason("", "", "", Fault.CUSTOMER))

    def read(self) -> tuple[Reason, ...]:
        """Return the reasons as typed; a missing or repeated code and a missing English name show in red."""
        out = []
        codes = [self.text(row, 0) for row in range(self.table.rowCount())]
        for row in range(self.table.rowCount()):
            box = self.table.cellWidget(row, 3)
            fault = Fault(box.currentData()) if isinstance(box, QComboBox) else Fault.CUSTOMER
            code = codes[row]
            self.mark(row, 0, tr("Every return reason needs a code.") if not code else
                      tr("The reason code {code} is used twice.", code=code) if codes.count(code) > 1 else None)
            self.mark(row, 1, tr("The reason {code} needs an English name.", code=code)
                      if not self.text(row, 1) else None)
            out.append(Reason(code, self.text(row, 1), self.text(row, 2), fault))
        return tuple(out)

    def apply(self, base: PolicyRules) -> PolicyRules:
        """Return `base` with the table's reasons."""
        return base.with_changes(reasons=self.read())
