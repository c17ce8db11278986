"""The forms of the keyboard-first flow: receive, inspect and resolve, each prefilled so Enter confirms."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.domain.policy import Condition, Resolution
from desktop_app.core.i18n import N_
from desktop_app.core.services.returns import ExchangeQuote, ReturnDetail, ReturnLineView
from desktop_app.gui.customer_words import photos_label, product_label
from desktop_app.gui.dialogs.exchange_box import ExchangeBox
from desktop_app.gui.formatting import condition_text, resolution_text, sentences_text, text_of
from desktop_app.gui.i18n import tr

CONDITIONS = [c.value for c in Condition]
RESOLUTIONS = [r.value for r in Resolution]


class StepDialog(QDialog):
    """A form about the lines of one return; OK is the default button, so Enter confirms."""

    def __init__(self, parent: QWidget | None, detail: ReturnDetail, title: str, intro: str) -> None:
        super().__init__(parent)
        self.detail = detail
        self.setWindowTitle(f"{title} — {detail.rma}")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.grid = QGridLayout()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(title)
        self.ok.setDefault(True)
        self.ok.setAutoDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        photos = photos_label(detail)
        if photos is not None:
            layout.addWidget(photos)
        layout.addLayout(self.grid)
        layout.addWidget(self.buttons)

    def _head(self, *titles: str) -> None:
        for col, text in enumerate(titles):
            label = QLabel(f"<b>{text}</b>")
            self.grid.addWidget(label, 0, col)

    def showEvent(self, event: QShowEvent) -> None:
        """Put the keyboard on the confirm button so Enter does the prefilled step."""
        super().showEvent(event)
        self.ok.setFocus(Qt.FocusReason.ActiveWindowFocusReason)


def _condition_box(current: str | None) -> QComboBox:
    box = QComboBox()
    for value in CONDITIONS:
        box.addItem(condition_text(value), value)
    box.setCurrentIndex(max(0, box.findData(current or Condition.LIKE_NEW.value)))
    return box


class ReceiveDialog(StepDialog):
    """Units arriving per line: prefilled with what is still expected, none damaged."""

    def __init__(self, parent: QWidget | None, detail: ReturnDetail) -> None:
        super().__init__(parent, detail, tr("Receive"),
                         tr("Check the parcel against the lines. Change a number only if it differs."))
        self._head(tr("Product"), tr("Received"), tr("Damaged"), tr("Condition"))
        self.rows: list[tuple[ReturnLineView, QSpinBox, QSpinBox, QComboBox]] = []
        for row, line in enumerate((ln for ln in detail.lines if ln.requested_qty > ln.received_qty), 1):
            left = line.requested_qty - line.received_qty
            qty = QSpinBox(maximum=left, value=left)
            damaged = QSpinBox(maximum=left, value=0)
            qty.valueChanged.connect(damaged.setMaximum)
            condition = _condition_box(line.condition)
            self.grid.addWidget(product_label(line), row, 0)
            self.grid.addWidget(qty, row, 1)
            self.grid.addWidget(damaged, row, 2)
            self.grid.addWidget(condition, row, 3)
            self.rows.append((line, qty, damaged, condition))

    def receipts(self) -> dict[int, tuple[int, int]]:
        """Return line id -> (units received, of which damaged), skipping lines with none."""
        return {line.id: (qty.value(), damaged.value())
                for line, qty, damaged, _c in self.rows if qty.value()}

    def conditions(self) -> dict[int, str]:
        """Return the condition chosen per line (carried to the inspection form)."""
        return {line.id: box.currentData() for line, _q, _d, box in self.rows}


class InspectDialog(StepDialog):
    """Inspection per received line: condition, damaged units and passed, prefilled from the receipt."""

    def __init__(self, parent: QWidget | None, detail: ReturnDetail, conditions: dict[int, str] | None = None) -> None:
        super().__init__(parent, detail, tr("Inspect"),
                         tr("Record what you found. A failed line can be sent back to the customer."))
        self._head(tr("Product"), tr("Condition"), tr("Damaged"), tr("Passed"))
        self.rows: list[tuple[ReturnLineView, QComboBox, QSpinBox, QCheckBox]] = []
        conditions = conditions or {}
        for row, line in enumerate((ln for ln in detail.lines if ln.received_qty > 0), 1):
            condition = _condition_box(conditions.get(line.id, line.condition))
            damaged = QSpinBox(maximum=line.received_qty, value=line.damaged_qty)
            passed = QCheckBox()
            passed.setChecked(line.inspection != "failed")
            self.grid.addWidget(product_label(line), row, 0)
            self.grid.addWidget(condition, row, 1)
            self.grid.addWidget(damaged, row, 2)
            self.grid.addWidget(passed, row, 3, Qt.AlignmentFlag.AlignCenter)
            self.rows.append((line, condition, damaged, passed))

    def findings(self) -> dict[int, tuple[str, int, bool]]:
        """Return line id -> (condition, damaged units, passed)."""
        found: dict[int, tuple[str, int, bool]] = {}
        for line, box, dmg, ok in self.rows:
            condition: str = box.currentData()
            found[line.id] = (condition, dmg.value(), ok.isChecked())
        return found


def open_units(line: ReturnLineView) -> int:
    """Return the units of a line still waiting for a resolution."""
    return max(line.requested_qty, line.received_qty) - line.resolved_qty


def preselected_resolution(line: ReturnLineView) -> str:
    """Return the resolution the policy points to: refund when eligible, else send back or keep it."""
    if line.inspection == "failed":
        return Resolution.SEND_BACK.value
    if line.eligible is False:
        return Resolution.SEND_BACK.value if line.received_qty else Resolution.REFUND.value
    return Resolution.REFUND.value


class ResolveDialog(StepDialog):
    """Resolution per open line with the policy's choice preselected and its explanation shown."""

    def __init__(self, parent: QWidget | None, detail: ReturnDetail,
                 options: dict[int, tuple[ExchangeQuote, ...]] | None = None) -> None:
        super().__init__(parent, detail, tr("Resolve"),
                         tr("The policy's choice is preselected; the refund follows the policy version "
                            "the return was judged under."))
        self._head(tr("Product"), tr("Resolution"), tr("Reference"), tr("Exchange for"))
        self.rows: list[tuple[ReturnLineView, QComboBox, QLineEdit, ExchangeBox]] = []
        row = 1
        for line in (ln for ln in detail.lines if open_units(ln) > 0):
            box = QComboBox()
            for value in RESOLUTIONS:
                box.addItem(resolution_text(value), value)
            box.setCurrentIndex(max(0, box.findData(preselected_resolution(line))))
            reference = QLineEdit()
            reference.setPlaceholderText(tr("refund id (optional)"))
            reference.setMinimumWidth(140)
            exchange = ExchangeBox((options or {}).get(line.id, ()))
            for col, widget in enumerate((product_label(line), box, reference, exchange)):
                self.grid.addWidget(widget, row, col)
            box.currentIndexChanged.connect(lambda _i, b=box, x=exchange: x.setEnabled(b.currentData() == "exchange"))
            exchange.setEnabled(box.currentData() == "exchange")
            why = sentences_text([text_of(m) for m in line.explanation])
            if why:
                note = QLabel(why)
                note.setWordWrap(True)
                self.grid.addWidget(note, row + 1, 0, 1, 4)
                row += 1
            row += 1
            self.rows.append((line, box, reference, exchange))

    def choices(self) -> list[tuple[int, str, int, str, str]]:
        """Return (line id, resolution, units, external reference, exchange SKU) per line."""
        return [(line.id, box.currentData(), open_units(line), ref.text().strip(),
                 exchange.sku() if box.currentData() == "exchange" else "")
                for line, box, ref, exchange in self.rows]


NOTE_CHANNELS = {"phone": N_("Phone call"), "chat": N_("Chat"), "email": N_("E-mail"), "note": N_("Note")}


class NoteDialog(StepDialog):
    """Ask for a reason (reject, close early) or a note with where it came from."""

    def __init__(self, parent: QWidget | None, detail: ReturnDetail, title: str, prompt: str,
                 channels: bool = False) -> None:
        super().__init__(parent, detail, title, prompt)
        self.note = QLineEdit()
        self.note.setMinimumWidth(360)
        self.channels = QComboBox()
        for key, label in NOTE_CHANNELS.items():
            self.channels.addItem(tr(label), key)
        self.channels.setVisible(channels)
        self.grid.addWidget(self.channels, 0, 0)
        self.grid.addWidget(self.note, 0, 1)

    def channel(self) -> str:
        """Return where the note came from."""
        return str(self.channels.currentData())

    def showEvent(self, event: QShowEvent) -> None:
        """Start typing the reason at once."""
        QDialog.showEvent(self, event)
        self.note.setFocus()

    def text(self) -> str:
        """Return the reason typed."""
        return self.note.text().strip()
