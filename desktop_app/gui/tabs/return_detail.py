"""The selected return: header, lines with quantities, the policy's explanation, timeline and actions."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.i18n import N_
from desktop_app.core.notify.outbox import OutboxEntry
from desktop_app.core.services.returns import ReturnDetail
from desktop_app.gui.backend import Desk
from desktop_app.gui.customer_words import customer_says_html
from desktop_app.gui.formatting import (
    condition_text,
    local_date,
    local_time,
    money_of,
    reason_text,
    resolution_text,
    sentences_text,
    status_title_text,
    text_of,
)
from desktop_app.gui.i18n import Retranslatable, error_text, tr
from desktop_app.gui.messages import show_error
from desktop_app.gui.return_flow import ReturnFlow
from desktop_app.gui.timeline import timeline_entries

# Action buttons in the order shown; the service says which ones this user may use now.
ACTIONS = (
    ("approve_request", N_("Approve the refund"), ""),
    ("decline_request", N_("Decline the refund…"), ""),
    ("approve", N_("&Approve"), "Ctrl+Shift+A"),
    ("receive", N_("&Receive…"), "Ctrl+Shift+R"),
    ("inspect", N_("&Inspect…"), "Ctrl+Shift+I"),
    ("resolve_line", N_("Re&solve…"), "Ctrl+Shift+S"),
    ("settle_exchange", N_("Exchange &paid…"), ""),
    ("waive_exchange", N_("&Waive difference…"), ""),
    ("reject", N_("Re&ject…"), ""),
    ("close", N_("&Close return"), ""),
    ("add_note", N_("Add &note…"), "Ctrl+Shift+M"),
    ("attach_file", N_("A&ttach file…"), ""),
)
LINE_HEADERS = (N_("SKU"), N_("Product"), N_("Asked"), N_("Received"), N_("Damaged"), N_("Refunded"),
                N_("Reason"), N_("Resolution"))


class ReturnDetailPane(Retranslatable, QWidget):
    """Everything about one return and the buttons for what the state and the user's role allow."""

    changed = Signal(int)  # return id, after an action succeeded

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.detail: ReturnDetail | None = None
        self.messages: tuple[str, list[OutboxEntry]] = ("", [])
        self.flow = ReturnFlow(self, desk)
        self.flow.done.connect(self._after_flow)
        self.header = QLabel()
        self.header.setObjectName("detailHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.lines = QTableWidget(0, len(LINE_HEADERS))
        self.lines.setObjectName("detailLines")
        self.lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines.verticalHeader().hide()
        self.lines.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.lines.horizontalHeader().setStretchLastSection(True)  # every cell whole; scroll when too wide
        self.lines.setWordWrap(False)
        self.lines.setProperty("wholeCells", True)
        self.explanation_title = QLabel()
        self.explanation = QLabel()
        self.explanation.setObjectName("explanation")
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.customer_title, self.customer_says = self._customer_part()
        self.timeline_title = QLabel()
        self.timeline = QListWidget()
        self.timeline.setObjectName("timeline")
        self.timeline.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        self.button_grid = QGridLayout()
        for name, _label, keys in ACTIONS:
            button = QPushButton()
            button.setObjectName(f"action_{name}")
            button.setAutoDefault(True)  # Enter on a focused action runs it
            if keys:
                button.setShortcut(QKeySequence(keys))
            button.clicked.connect(lambda _c=False, n=name: self.run_action(n))
            self.buttons[name] = button
        self.empty = QLabel()
        self.empty.setObjectName("detailEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.header)
        layout.addLayout(self.button_grid)
        layout.addWidget(self.lines)
        layout.addWidget(self.customer_title)
        layout.addWidget(self.customer_says)
        layout.addWidget(self.explanation_title)
        layout.addWidget(self.explanation)
        layout.addWidget(self.timeline_title)
        layout.addWidget(self.timeline, 3)
        self.retranslate()
        self.show_detail(None)

    @staticmethod
    def _customer_part() -> tuple[QLabel, QLabel]:
        """Return the title and the text of what the customer said (comments, photos)."""
        says = QLabel()
        says.setObjectName("customerSays")
        says.setWordWrap(True)
        says.setTextFormat(Qt.TextFormat.RichText)
        says.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return QLabel(), says

    @property
    def return_id(self) -> int | None:
        """Return the id of the return shown, if any."""
        return self.detail.id if self.detail is not None else None

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        for name, label, _keys in ACTIONS:
            self.buttons[name].setText(tr(label))
        self.lines.setHorizontalHeaderLabels([tr(h) for h in LINE_HEADERS])
        self.explanation_title.setText(tr("What the policy says"))
        self.customer_title.setText(tr("What the customer says"))
        self.timeline_title.setText(tr("Timeline"))
        self.empty.setText(tr("Choose a return in the list, or press F2 and scan a parcel."))
        self.show_detail(self.detail)

    # -- loading -----------------------------------------------------------------------------------
    def show_rma(self, rma: str, focus_receive: bool = False) -> None:
        """Load one return (in the background) and show it."""
        desk = self.desk
        self.desk.runner.run(lambda _p: desk.get_return(rma),
                             lambda detail: self.show_detail(detail, focus_receive),
                             lambda error: show_error(self, error_text(error)))

    def reload(self) -> None:
        """Load the shown return again."""
        if self.detail is not None:
            self.show_rma(self.detail.rma)

    def show_detail(self, detail: ReturnDetail | None, focus_receive: bool = False) -> None:
        """Show a ReturnDetail (None: nothing chosen)."""
        self.detail = detail
        has = detail is not None
        self.empty.setVisible(not has)
        for widget in (self.header, self.lines, self.explanation_title, self.explanation,
                       self.timeline_title, self.timeline, self.customer_title, self.customer_says):
            widget.setVisible(has)
        self._place_buttons(set(detail.allowed_actions) if detail is not None else set())
        if detail is None:
            return
        self._fill_header(detail)
        self._fill_lines(detail)
        says = customer_says_html(detail)
        self.customer_says.setText(says)
        self.customer_title.setVisible(bool(says))
        self.customer_says.setVisible(bool(says))
        self._fill_timeline(detail)
        self._load_messages(detail.rma)
        if focus_receive and "receive" in detail.allowed_actions:
            self.buttons["receive"].setDefault(True)
            self.buttons["receive"].setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _place_buttons(self, allowed: set[str]) -> None:
        """Lay out only the actions allowed now, three to a row, in the usual order."""
        for button in self.buttons.values():
            self.button_grid.removeWidget(button)
            button.hide()
        shown = [name for name, _label, _keys in ACTIONS if name in allowed]
        for i, name in enumerate(shown):
            self.button_grid.addWidget(self.buttons[name], i // 3, i % 3)
            self.buttons[name].show()

    def _fill_header(self, d: ReturnDetail) -> None:
        zone = d.shop_timezone
        due = local_date(d.due_at, zone)
        due_html = (f"<b style='color:#b22222'>{tr('Overdue since {date}', date=due)}</b>" if d.overdue
                    else tr("Due {date}", date=due) if due else "")
        who = " · ".join(x for x in (d.customer_name, tr("Order {number}", number=d.order_number)
                                     if d.order_number else "") if x)
        req = d.owner_request
        asked = tr("Waiting for the owner: a refund of {amount} asked by {name}",
                   amount=money_of(req.amount), name=req.requested_by) if req is not None else ""
        waiting = f"<br><b style='color:#b22222'>{asked}</b>" if asked else ""
        if d.customer_flag:
            flag = escape(tr("Customer flagged by the owner: {reason}", reason=d.customer_flag))
            waiting += f"<br><b style='color:#8a5a00'>{flag}</b>"
        self.header.setText(
            f"<span style='font-size:large'><b>{d.rma}</b></span> — {status_title_text(d.status)}<br>"
            f"{who}<br>{tr('Requested {time}', time=local_time(d.requested_at, zone))} {due_html}{waiting}")

    def _fill_lines(self, d: ReturnDetail) -> None:
        self.lines.setRowCount(len(d.lines))
        row_height = self.lines.verticalHeader().defaultSectionSize()
        self.lines.setFixedHeight(self.lines.horizontalHeader().height() + row_height * min(6, len(d.lines))
                                  + self.lines.horizontalScrollBar().sizeHint().height() + 6)
        for row, line in enumerate(d.lines):
            reason = reason_text(line.reason_code, line.reason)
            values = (line.sku, line.name, line.requested_qty, line.received_qty, line.damaged_qty,
                      line.refunded_qty + line.credited_qty, reason, resolution_text(line.resolution))
            for col, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if isinstance(value, int):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.lines.setItem(row, col, item)
        parts = []
        for line in d.lines:
            sentences = sentences_text([text_of(m) for m in line.explanation])
            condition = condition_text(line.condition)
            extra = f" ({condition})" if condition else ""
            if sentences or line.sku:
                parts.append(f"{line.sku}{extra}: {sentences}" if sentences else f"{line.sku}{extra}")
            if not line.requested_qty and line.value.amount:  # an imported refund that names no units
                parts.append(tr("Money paid back without units: {amount}", amount=money_of(line.value)))
        if d.policy_version_number:
            parts.append(tr("Judged under policy version {number}.", number=d.policy_version_number))
        self.explanation.setText("\n".join(parts))

    def _load_messages(self, rma: str) -> None:
        desk = self.desk

        def loaded(messages: list[OutboxEntry]) -> None:
            self.messages = (rma, messages)
            if self.detail is not None and self.detail.rma == rma:
                self._fill_timeline(self.detail)

        self.desk.runner.run(lambda _p: desk.messages(rma), loaded, lambda _error: None)

    def _fill_timeline(self, d: ReturnDetail) -> None:
        rma, messages = self.messages
        self.timeline.clear()
        for text in timeline_entries(d, messages if rma == d.rma else []):
            self.timeline.addItem(text)

    # -- actions -----------------------------------------------------------------------------------
    def run_action(self, name: str) -> None:
        """Start one action on the shown return (a form first when it needs values)."""
        if self.detail is not None and name in self.detail.allowed_actions:
            self.flow.start(name, self.detail)

    def _after_flow(self, detail: ReturnDetail | None) -> None:
        if detail is not None:
            self.show_detail(detail)
            self.changed.emit(detail.id)
