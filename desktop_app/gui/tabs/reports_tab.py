"""The Reports tab: a period and the key figures; counts per status until the reports layer lands."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.core.domain.lifecycle_state import Status
from desktop_app.gui.backend import Desk
from desktop_app.gui.formatting import status_text
from desktop_app.gui.i18n import Retranslatable, error_text, tr
from desktop_app.gui.messages import show_error


class ReportsTab(Retranslatable, QWidget):
    """Key figures for a period; today the working queue's counts (the period applies once reports land)."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.counts: dict[str, int] = {}
        self.period_label = QLabel()
        self.start = QDateEdit(QDate.currentDate().addMonths(-1), calendarPopup=True)
        self.end = QDateEdit(QDate.currentDate(), calendarPopup=True)
        for edit in (self.start, self.end):
            edit.setDisplayFormat("yyyy-MM-dd")
        self.to_label = QLabel()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setObjectName("reportsNote")
        bar = QHBoxLayout()
        bar.addWidget(self.period_label)
        bar.addWidget(self.start)
        bar.addWidget(self.to_label)
        bar.addWidget(self.end)
        bar.addStretch(1)
        self.box = QGroupBox()
        self.form = QFormLayout(self.box)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.values: dict[str, tuple[QLabel, QLabel]] = {}
        for key in ("open", "overdue", *[s.value for s in Status]):
            name, value = QLabel(), QLabel("–")
            value.setObjectName(f"count_{key}")
            self.form.addRow(name, value)
            self.values[key] = (name, value)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.note)
        layout.addWidget(self.box)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.period_label.setText(tr("Period"))
        self.to_label.setText(tr("to"))
        self.note.setText(tr("The monthly figures (return rate, costs, reasons) appear here once the reports "
                             "module is installed. Until then these are the returns being worked on now."))
        self.box.setTitle(tr("Returns now"))
        for key, (name, _value) in self.values.items():
            if key == "open":
                name.setText(tr("Open"))
            elif key == "overdue":
                name.setText(tr("Overdue"))
            else:
                name.setText(status_text(key))

    def refresh(self) -> None:
        """Load the figures in the background."""
        desk = self.desk
        self.desk.runner.run(lambda _p: desk.status_counts(), self.show_counts,
                             lambda error: show_error(self, error_text(error)))

    def show_counts(self, counts: dict[str, Any]) -> None:
        """Show the counts."""
        self.counts = dict(counts)
        for key, (_name, value) in self.values.items():
            value.setText(str(self.counts.get(key, 0)))
