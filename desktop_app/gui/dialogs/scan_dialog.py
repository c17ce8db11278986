"""Scan to receive: one field that takes an RMA, a label's QR URL, a return kit or a tracking number."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.documents.scan import parse_scan
from desktop_app.core.i18n import UserFacingError
from desktop_app.core.services.returns import ReturnDetail
from desktop_app.gui.backend import Desk
from desktop_app.gui.i18n import Retranslatable, error_text, tr


class ScanField(QLineEdit):
    """A line edit for a barcode scanner: input methods off so a Chinese IME never swallows the code."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scanField")
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.setInputMethodHints(Qt.InputMethodHint.ImhLatinOnly | Qt.InputMethodHint.ImhNoPredictiveText
                                 | Qt.InputMethodHint.ImhPreferUppercase)


class ScanDialog(Retranslatable, QDialog):
    """Ask for a scan; `found` carries the return, or the dialog says the code is unknown."""

    found = Signal(object)  # ReturnDetail
    find_order = Signal(str)  # the code, to look for the order instead

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scanDialog")
        self.desk = desk
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.field = ScanField()
        self.problem = QLabel()
        self.problem.setObjectName("scanProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b22222")
        self.problem.hide()
        self.find_button = QPushButton()
        self.find_button.setObjectName("findOrder")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.addButton(self.find_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.find_button.hide()  # after addButton, which shows it: offered only for an unknown code
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)  # Enter belongs to the scan field
        self.buttons.rejected.connect(self.reject)
        self.find_button.clicked.connect(self._find_order)
        self.field.returnPressed.connect(self.submit)
        self.field.textEdited.connect(lambda _t: self._clear_problem())
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.field)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.setWindowTitle(tr("Scan a parcel"))
        self.prompt.setText(tr("Scan the return label, the return kit or the carrier's tracking number, "
                               "or type the RMA and press Enter."))
        self.field.setPlaceholderText(tr("R-000123, a label URL or a tracking number"))
        self.find_button.setText(tr("Find the order…"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        if self.isVisible():
            self._fit()

    def _clear_problem(self) -> None:
        self.problem.hide()
        self.find_button.hide()

    def _fit(self) -> None:
        """Grow to show the whole sentence and the offered button (wrapped text needs more height)."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        width = max(self.width(), self.minimumWidth())
        self.resize(width, max(self.height(), self.heightForWidth(width), layout.totalHeightForWidth(width)
                               if layout is not None else 0, self.sizeHint().height()))

    def _say(self, text: str, offer_order: bool) -> None:
        self.problem.setText(text)
        self.problem.show()
        self.find_button.setVisible(offer_order)
        self._fit()
        self.field.selectAll()
        self.field.setFocus()

    def submit(self) -> None:
        """Look the scanned code up and hand the return on, or say what is wrong."""
        code = self.field.text()
        try:
            parsed = parse_scan(code)
        except UserFacingError as error:
            self._say(error_text(error), offer_order=False)
            return
        desk = self.desk
        self.desk.runner.run(lambda _p: desk.find_by_code(code),
                             lambda detail: self._found(detail, parsed.value, parsed.kind),
                             lambda error: self._say(error_text(error), offer_order=False))

    def _found(self, detail: ReturnDetail | None, value: str, kind: str = "rma") -> None:
        if detail is None and kind == "kit":
            self._find_order()  # a return kit names its order: start that order's new return at once
            return
        if detail is None:
            self._say(tr("No return has the code {code}. It may belong to an order whose return was not "
                         "created yet.", code=value), offer_order=True)
            return
        self.accept()
        self.found.emit(detail)

    def _find_order(self) -> None:
        code = self.field.text().strip()
        self.accept()
        self.find_order.emit(code)
