"""Analytics panels of the Reports tab: products to fix, customers to watch, comment themes, policy what-if."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.domain.auto_rules import rule_label
from desktop_app.core.i18n import current_language
from desktop_app.core.reports.analytics import CustomerToWatch, ProductToFix
from desktop_app.core.reports.summary_rows import amounts_text
from desktop_app.core.reports.themes import Theme
from desktop_app.core.reports.whatif import Outcome, WhatIf
from desktop_app.gui.formatting import money_of, reason_text, text_of
from desktop_app.gui.i18n import tr
from desktop_app.gui.tabs.reports_charts import percent_text


def _table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    table.setSortingEnabled(False)
    return table


def _fit_columns(table: QTableWidget, stretch: int = 0) -> None:
    """Size columns to their text so nothing is cut off; one column takes the space left."""
    header = table.horizontalHeader()
    for column in range(table.columnCount()):
        mode = QHeaderView.ResizeMode.Stretch if column == stretch else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(column, mode)


def _fill(table: QTableWidget, rows: Sequence[Sequence[str]], right_from: int = 1) -> None:
    table.setRowCount(len(rows))
    for r, texts in enumerate(rows):
        for c, text in enumerate(texts):
            item = QTableWidgetItem(text)
            if c >= right_from:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)


class ProductsToFixView(QTableWidget):
    """Products ranked by a return rate smoothed for small samples, with their category and main reasons."""

    HEADERS = ("Product", "Sold", "Returned", "Rate", "Smoothed rate", "Category rate", "Main reasons")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.HEADERS), parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().hide()
        _fit_columns(self)
        self.products: list[ProductToFix] = []
        self.retranslate()

    def retranslate(self) -> None:
        """Set the headers and rows in the current language."""
        self.setHorizontalHeaderLabels([tr(h) for h in self.HEADERS])
        self.show_products(self.products)

    def show_products(self, products: list[ProductToFix]) -> None:
        """Show a ranking; products with too few sales are marked as such."""
        self.products = list(products)
        rows = []
        for p in self.products:
            name = f"{p.name} ({p.sku})" if p.name and p.name != p.sku else p.sku
            if not p.enough_sales:
                name = tr("{name} – too few sales to judge", name=name)
            reasons = ", ".join(f"{reason_text(code)} ×{count}" for code, count in p.main_reasons)
            rows.append((name, str(p.units_sold), str(p.units_returned), percent_text(p.raw_rate),
                         percent_text(p.smoothed_rate), percent_text(p.category_rate), reasons))
        _fill(self, rows)


class CustomersToWatchView(QTableWidget):
    """Customers whose returns stand out, for the owner to look at: never blocked automatically."""

    HEADERS = ("Customer", "Bought", "Returned", "Returns", "Rate", "Value returned", "Why")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.HEADERS), parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        _fit_columns(self)
        self.customers: list[CustomerToWatch] = []
        self.retranslate()

    def retranslate(self) -> None:
        """Set the headers and rows in the current language."""
        self.setHorizontalHeaderLabels([tr(h) for h in self.HEADERS])
        self.show_customers(self.customers)

    def show_customers(self, customers: list[CustomerToWatch]) -> None:
        """Show the flagged customers and why each was flagged."""
        self.customers = list(customers)
        why = {"rate": tr("returns far more than most"), "value": tr("returns a lot of value")}
        _fill(self, [(f"{c.name} <{c.email}>" if c.email else c.name, str(c.units_bought), str(c.units_returned),
                      str(c.returns), percent_text(c.rate),
                      amounts_text(c.returned_value.items, current_language()), why[c.why])
                     for c in self.customers])


class ThemesView(QTableWidget):
    """The words customers use most in their comments, per reason."""

    HEADERS = ("Reason", "Theme", "Comments", "Example")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.HEADERS), parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        _fit_columns(self, stretch=3)
        self.themes: dict[str, list[Theme]] = {}
        self.retranslate()

    def retranslate(self) -> None:
        """Set the headers and rows in the current language."""
        self.setHorizontalHeaderLabels([tr(h) for h in self.HEADERS])
        self.show_themes(self.themes)

    def show_themes(self, themes: dict[str, list[Theme]]) -> None:
        """Show each reason's themes, most common first."""
        self.themes = dict(themes)
        rows = [(reason_text(reason) if reason else tr("(no reason given)"), theme.term, str(theme.comments),
                 theme.example) for reason, found in self.themes.items() for theme in found[:5]]
        _fill(self, rows, right_from=2)
        for row in range(self.rowCount()):  # the example is text, not a number
            example = self.item(row, 3)
            if example is not None:
                example.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def _auto_rows(result: WhatIf) -> list[tuple[str, str, str, str]]:
    """Return one row per auto-approve rule (returns it approves at once) and one for those that wait."""
    was, would = result.auto_before, result.auto_after
    rows = [(tr("Approved at once: {rule}", rule=text_of(rule_label(rule))), str(was.approved_by(rule)),
             str(would.approved_by(rule)), f"{would.approved_by(rule) - was.approved_by(rule):+d}")
            for rule, _n in would.by_rule]
    rows.append((tr("Returns waiting for a person"), str(was.waiting), str(would.waiting),
                 f"{would.waiting - was.waiting:+d}"))
    return rows


class WhatIfView(QWidget):
    """Pick a draft policy, replay the period's returns through it, see what would change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft_label = QLabel()
        self.drafts = QComboBox()
        self.drafts.setObjectName("whatIfDraft")
        self.run_button = QPushButton()
        self.run_button.setObjectName("runWhatIf")
        bar = QHBoxLayout()
        for widget in (self.draft_label, self.drafts, self.run_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        self.totals = QTableWidget(4, 4)
        self.totals.setObjectName("whatIfTotals")
        self.totals.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.totals.verticalHeader().hide()
        self.totals.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.totals.setMaximumHeight(240)
        self.changed = _table(4)
        self.changed.setObjectName("whatIfChanged")
        self.changed.setWordWrap(False)
        _fit_columns(self.changed, stretch=1)
        _fit_columns(self.totals)
        self.hint = QLabel()  # what to do when there is nothing to replay yet
        self.hint.setObjectName("whatIfHint")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.hint)
        layout.addWidget(self.totals)
        layout.addWidget(self.changed, 1)
        self.result: WhatIf | None = None
        self.has_drafts = False
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.draft_label.setText(tr("Draft policy"))
        self.run_button.setText(tr("Replay the period"))
        self.totals.setHorizontalHeaderLabels([tr("Figure"), tr("As it was"), tr("With the draft"), tr("Change")])
        self.changed.setHorizontalHeaderLabels([tr("Return"), tr("Product"), tr("As it was"), tr("With the draft")])
        if self.result is not None:
            self.show_result(self.result)
        else:
            self._hint_for_drafts()

    def say(self, text: str) -> None:
        """Show a sentence above the tables (empty hides it)."""
        self.hint.setText(text)
        self.hint.setVisible(bool(text))

    def _hint_for_drafts(self) -> None:
        if not self.has_drafts:
            self.say(tr("There is no saved policy draft to try yet. In the Policy tab, change a rule and press "
                        "Save draft; then choose the draft here and press Replay the period."))
        else:
            self.say(tr("Choose a draft and press Replay the period to see what it would have changed."))

    def set_drafts(self, drafts: list[tuple[int, str]]) -> None:
        """Offer the policy drafts to replay: (version id, title)."""
        self.drafts.clear()
        for version_id, title in drafts:
            self.drafts.addItem(title, version_id)
        self.run_button.setEnabled(bool(drafts))
        self.has_drafts = bool(drafts)
        self.result = None
        self._fill_empty()
        self._hint_for_drafts()

    def _fill_empty(self) -> None:
        self.totals.setRowCount(0)
        self.changed.setRowCount(0)

    def show_result(self, result: WhatIf) -> None:
        """Show before and after totals and the lines whose outcome changes."""
        self.result = result
        if not result.lines_replayed:
            self.say(tr("No returns were asked for in this period under a published policy, so there is "
                        "nothing to replay. Choose a longer period above, press Show, then replay again."))
        elif not result.changed:
            self.say(tr("The draft changes nothing in this period (return lines replayed: {count}).",
                        count=result.lines_replayed))
        else:
            self.say("")
        before, after = result.before, result.after
        currencies = result.currencies or (before.currency,)

        def trio(title: str, currency: str, index: int) -> tuple[str, str, str, str]:
            was, would = before.money(currency)[index], after.money(currency)[index]
            named = f"{title} ({currency})" if len(currencies) > 1 else title  # as the reports name them
            return (named, money_of(was), money_of(would), money_of(would - was))

        titles = (tr("Refund value"), tr("Restocking fees kept"), tr("Return shipping paid by the shop"))
        _fill(self.totals, [
            (tr("Eligible return lines"), str(before.eligible_lines), str(after.eligible_lines),
             f"{after.eligible_lines - before.eligible_lines:+d}"),
            *(trio(title, currency, index) for index, title in enumerate(titles) for currency in currencies),
            *_auto_rows(result),
        ])
        rows = sum(self.totals.rowHeight(row) for row in range(self.totals.rowCount()))
        frame = self.totals.horizontalHeader().sizeHint().height() + 2 * self.totals.frameWidth()
        self.totals.setMaximumHeight(max(240, min(rows + frame, 480)))  # several currencies: more rows
        self.totals.setMinimumHeight(min(rows + frame, 480))

        def outcome(o: Outcome) -> str:
            return money_of(o.refund) if o.eligible else tr("not eligible")

        _fill(self.changed, [(c.rma, c.sku, outcome(c.before), outcome(c.after)) for c in result.changed], right_from=2)
