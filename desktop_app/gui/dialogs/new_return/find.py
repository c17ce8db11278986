"""Wizard page 1: find the order by number, e-mail or name (with completion), or from a scanned return kit."""

from __future__ import annotations

from PySide6.QtCore import QDate, QStringListModel, Qt, QTimer
from PySide6.QtWidgets import (
    QCompleter,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.documents.scan import parse_scan
from desktop_app.core.i18n import UserFacingError
from desktop_app.core.services.orders import OrderSummary, find_orders
from desktop_app.gui.dialogs.new_return.page import ReadyPage
from desktop_app.gui.dialogs.new_return.state import WizardData, WizardHost, load_order
from desktop_app.gui.formatting import local_date, local_day, money_of
from desktop_app.gui.i18n import error_text, tr, trn

SEARCH_DELAY_MS = 200
ORDER_ROLE = Qt.ItemDataRole.UserRole


def _scan_kind(text: str) -> str | None:
    """Return what a typed or scanned code is ("kit", "rma", "tracking"), or None for a name or e-mail."""
    try:
        return parse_scan(text.strip()).kind if text.strip() else None
    except UserFacingError:
        return None


class FindOrderPage(ReadyPage):
    """Type part of an order number, e-mail or name and pick the order; or scan a return kit."""

    def __init__(self, wizard: WizardHost) -> None:
        super().__init__("order")
        self.wiz = wizard
        self.search = QLineEdit()
        self.search.setObjectName("orderSearch")
        self.search.setClearButtonEnabled(True)
        self.completions = QStringListModel(self)
        self.completer = QCompleter(self.completions, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.search.setCompleter(self.completer)
        self.kit = QLineEdit()
        self.kit.setObjectName("kitScan")
        self.results = QListWidget()
        self.results.setObjectName("orderResults")
        self.status = QLabel()
        self.status.setObjectName("findStatus")
        self.status.setWordWrap(True)
        self.search_label, self.kit_label = QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.search_label, self.search)
        form.addRow(self.kit_label, self.kit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        layout.addWidget(self._delivery_row())
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.find_now)
        self.search.textEdited.connect(lambda _t: self._typed())
        self.search.returnPressed.connect(self._enter)
        self.completer.activated.connect(self._completed)
        self.kit.returnPressed.connect(lambda: self.use_scan(self.kit.text()))
        self.results.currentItemChanged.connect(lambda item, _old: self._picked(item))
        self.results.itemActivated.connect(lambda _item: self.wiz.next())
        self._found: list[OrderSummary] = []
        self._asked: tuple[str, str | None] | None = None  # the order asked for last; older answers are dropped
        self._searched = ""  # the search text whose matches are wanted; older matches are dropped
        self._enter_pending = False  # Enter was pressed: the first match of the text typed is the order
        self.retranslate()

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.setTitle(tr("Find the order"))
        self.setSubTitle(tr("Type part of the order number, the customer's e-mail or name, or scan the "
                            "return kit that came with the order."))
        self.search_label.setText(tr("&Order, e-mail or name:"))
        self.search_label.setBuddy(self.search)
        self.kit_label.setText(tr("Return &kit scan:"))
        self.kit_label.setBuddy(self.kit)
        self.search.setPlaceholderText(tr("e.g. 10042, anna@example.com or Anna"))
        self.kit.setPlaceholderText(tr("Scan the return kit's barcode here"))
        self.delivery_label.setText(tr("&Delivered on:"))
        self.set_delivery.setText(tr("Save delivery date"))
        self._fill_results()
        self._show_status()

    def _delivery_row(self) -> QWidget:
        """Build the row where the delivery day of the loaded order is typed (hidden until an order is loaded)."""
        self.delivery_row = QWidget()
        self.delivery_label = QLabel()
        self.delivery = QDateEdit()
        self.delivery.setObjectName("deliveryDate")
        self.delivery.setCalendarPopup(True)
        self.delivery.setDisplayFormat("yyyy-MM-dd")
        self.delivery.setMaximumDate(QDate.currentDate())
        self.set_delivery = QPushButton()
        self.set_delivery.setObjectName("setDelivery")
        self.set_delivery.clicked.connect(self.save_delivery)
        self.delivery_label.setBuddy(self.delivery)
        row = QHBoxLayout(self.delivery_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.delivery_label)
        row.addWidget(self.delivery)
        row.addWidget(self.set_delivery)
        row.addStretch(1)
        self.delivery_row.setVisible(False)
        return self.delivery_row

    def save_delivery(self) -> None:
        """Record the typed delivery day for the loaded order, then judge the order again with it."""
        data = self.wiz.data
        if data is None:
            return
        desk, order = self.wiz.desk, data.order
        day = self.delivery.date().toString("yyyy-MM-dd")
        desk.runner.run(lambda _p: desk.set_delivered(order.number, day, order.channel),
                        lambda _done: self.choose(order.number, order.channel),
                        lambda error: self._set_status(error_text(error)))

    def initializePage(self) -> None:
        """Look up a code the wizard was opened with (a scanned kit or order number) at once."""
        if self.search.text().strip() and self.wiz.data is None:
            self._enter()

    # -- searching ---------------------------------------------------------------------------------
    def _typed(self) -> None:
        """Forget the order picked before: what is typed now decides the order (never a stale one)."""
        self._asked = None
        if self.wiz.data is not None:
            self.wiz.set_data(None)
            self._set_status("")
            self._show_status()
        self.results.clearSelection()
        self.update_ready()
        self._timer.start()

    def find_now(self) -> None:
        """Look up orders matching the search text in the background."""
        self._timer.stop()
        text = self.search.text().strip()
        self._searched = text
        if not text:
            self._found, self._enter_pending = [], False
            self._fill_results()
            return
        db = self.wiz.desk.db
        self.wiz.desk.runner.run(lambda _p: find_orders(db, text, 20), lambda found: self._show_found(text, found),
                                 lambda error: self._set_status(error_text(error)))

    def _show_found(self, text: str, found: list[OrderSummary]) -> None:
        if text != self._searched:
            return  # the person typed on meanwhile
        self._found = list(found)
        self.completions.setStringList([self._entry(o) for o in self._found])
        if self._found and self.search.hasFocus():
            self.completer.setCompletionPrefix(self.search.text().strip())
            self.completer.complete()  # offer the matches now, not only at the next key
        self._fill_results()
        if not self._found:
            self._set_status(tr("No order matches “{text}”.", text=self.search.text().strip()))
        elif self.wiz.data is None and self._asked is None and (len(self._found) == 1 or self._enter_pending):
            self.results.setCurrentRow(0)  # the only match (or Enter pressed): load the order meant
        self._enter_pending = False

    @staticmethod
    def _entry(order: OrderSummary) -> str:
        email = f" <{order.customer_email}>" if order.customer_email else ""
        return f"{order.number} — {order.customer_name}{email}"

    def _fill_results(self) -> None:
        self.results.blockSignals(True)
        self.results.clear()
        for order in self._found:
            text = trn("{entry} · {date} · %n item · {total}", "{entry} · {date} · %n items · {total}",
                       order.item_count, entry=self._entry(order), date=local_date(order.ordered_at),
                       total=money_of(order.total))
            item = QListWidgetItem(text)
            item.setData(ORDER_ROLE, (order.number, order.channel))
            self.results.addItem(item)
        self.results.blockSignals(False)

    def _enter(self) -> None:
        if _scan_kind(self.search.text()) == "kit":
            self.use_scan(self.search.text())
            return
        self._enter_pending = True  # take the first match of THIS text once it is found
        self.find_now()

    def _completed(self, text: str) -> None:
        number = text.split(" — ", 1)[0]
        match = next((o for o in self._found if o.number == number), None)
        if match is not None:
            self.choose(match.number, match.channel)

    def _picked(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            number, channel = item.data(ORDER_ROLE)
            self.choose(number, channel)

    def use_scan(self, text: str) -> None:
        """Open the order a scanned return kit names (RDKIT:<order>); a plain number works too."""
        try:
            code = parse_scan(text.strip())
        except UserFacingError as error:
            self._set_status(error_text(error))
            return
        if code.kind == "rma":
            self._set_status(tr("{code} is a return number; a new return starts from an order or a return "
                                "kit.", code=code.value))
            return
        self.choose(code.value, None)

    # -- choosing ----------------------------------------------------------------------------------
    def choose(self, number: str, channel: str | None) -> None:
        """Load an order with the policy that judges it; the page is complete once it is loaded."""
        desk = self.wiz.desk
        asked = self._asked = (number, channel)
        self.wiz.set_data(None)
        self.update_ready()
        self._set_status(tr("Loading order {number}…", number=number))
        desk.runner.run(lambda _p: load_order(desk, number, channel), lambda data: self._loaded(asked, data),
                        lambda error: self._failed(asked, error))

    def _loaded(self, asked: tuple[str, str | None], data: WizardData) -> None:
        if asked != self._asked:
            return  # another order was typed or picked meanwhile
        self.wiz.set_data(data)
        self._show_status()
        self.update_ready()

    def _failed(self, asked: tuple[str, str | None], error: BaseException) -> None:
        if asked != self._asked:
            return
        self.wiz.set_data(None)
        self._set_status(error_text(error))
        self.update_ready()

    def _set_status(self, text: str) -> None:
        self._status_text = text
        self.status.setText(text)

    def _show_status(self) -> None:
        data = self.wiz.data
        self.delivery_row.setVisible(data is not None)
        if data is None:
            self.status.setText(getattr(self, "_status_text", ""))
            return
        order = data.order
        shown = order.delivered_at or order.ordered_at
        shown_day = local_day(shown)
        self.delivery.setDate(QDate(shown_day.year, shown_day.month, shown_day.day))
        name = order.customer.name if order.customer else order.ship_to.name
        delivered = local_date(order.delivered_at) if order.delivered_at else tr("not recorded")
        self.status.setText(tr("Order {number} of {name}: ordered {ordered}, delivered {delivered}. "
                               "Judged by policy version {version}.", number=order.number, name=name,
                               ordered=local_date(order.ordered_at), delivered=delivered,
                               version=data.policy.number))

    def ready(self) -> bool:
        """Return True once an order is loaded."""
        return self.wiz.data is not None
