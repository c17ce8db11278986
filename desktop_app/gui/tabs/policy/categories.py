"""The policy editor's per-category table (window, final sale, fee, condition) and its editable-table base."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
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

from desktop_app.core.domain.policy import CategoryRule, Condition, PolicyRules
from desktop_app.gui.formatting import condition_text
from desktop_app.gui.i18n import tr

BAD = QBrush(QColor("#f8d7da"))


class EditableTable(QWidget):
    """A table with Add and Remove buttons; `edited` fires on any change made by the person."""

    edited = Signal()

    def __init__(self, columns: int) -> None:
        super().__init__()
        self.table = QTableWidget(0, columns)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.add = QPushButton()
        self.remove = QPushButton()
        self.add.clicked.connect(self.add_row)
        self.remove.clicked.connect(self.remove_rows)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.table.itemChanged.connect(lambda _item: self._changed())
        self._quiet = False

    def _changed(self) -> None:
        if not self._quiet:
            self.edited.emit()

    def combo(self, items: Sequence[tuple[str, str | None]], value: str | None) -> QComboBox:
        """Return a cell's drop-down that reports edits."""
        box = QComboBox()
        for text, data in items:
            box.addItem(text, data)
        box.setCurrentIndex(max(0, box.findData(value)))
        box.currentIndexChanged.connect(lambda _i: self._changed())
        return box

    def text(self, row: int, col: int) -> str:
        """Return a cell's text, stripped."""
        item = self.table.item(row, col)
        return item.text().strip() if item else ""

    def mark(self, row: int, col: int, problem: str | None) -> None:
        """Colour a cell that cannot be read, with the reason as its tooltip."""
        item = self.table.item(row, col)
        if item is None:
            return
        self._quiet = True
        item.setBackground(BAD if problem else QBrush())
        item.setToolTip(problem or "")
        self._quiet = False

    def add_row(self) -> None:  # pragma: no cover - overridden
        """Add an empty row."""

    def _put(self, row: int, value: Any) -> None:  # pragma: no cover - overridden
        """Show one value in a row."""

    def show_rows(self, values: Sequence[Any]) -> None:
        """Show one row per value without reporting an edit."""
        self._quiet = True
        self.table.setRowCount(0)
        self.table.setRowCount(len(values))
        for row, value in enumerate(values):
            self._put(row, value)
        self._quiet = False

    def append_row(self, blank: Any) -> None:
        """Add a row showing `blank`, start typing in its first cell, and report the edit."""
        row = self.table.rowCount()
        self._quiet = True
        self.table.insertRow(row)
        self._put(row, blank)
        self._quiet = False
        self.table.setCurrentCell(row, 0)
        first = self.table.item(row, 0)
        if first is not None:
            self.table.editItem(first)
        self.edited.emit()

    def remove_rows(self) -> None:
        """Remove the selected rows."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)
        if rows:
            self.edited.emit()

    def set_editable(self, on: bool) -> None:
        """Allow or forbid changes (a clerk only reads the policy)."""
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers if on
                                   else QAbstractItemView.EditTrigger.NoEditTriggers)
        self.add.setVisible(on)
        self.remove.setVisible(on)
        for row in range(self.table.rowCount()):
            for col in range(self.table.columnCount()):
                widget = self.table.cellWidget(row, col)
                if widget is not None:
                    widget.setEnabled(on)


def _number(text: str, kind: type) -> object:
    if not text:
        return None
    try:
        value = kind(text.replace(",", "."))
    except (ValueError, InvalidOperation):
        raise ValueError(text) from None
    return value


class CategoryTable(EditableTable):
    """One row per category override; an empty cell keeps the general rule."""

    def __init__(self) -> None:
        super().__init__(7)
        self.table.setObjectName("categoryTable")
        self.rules: tuple[CategoryRule, ...] = ()
        self.retranslate()

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.table.setHorizontalHeaderLabels([tr("Category"), tr("Window (days)"), tr("Final sale"),
                                              tr("Restocking fee (%)"), tr("Required condition"),
                                              tr("Customers read (English)"), tr("Customers read (Chinese)")])
        self.intro.setText(tr("Overrides per product category. Leave a cell empty to keep the general rule. "
                              "Final sale never blocks a return the shop or the carrier is at fault for. "
                              "Customers read the category's name in their language, never its key."))
        self.add.setText(tr("Add category"))
        self.remove.setText(tr("Remove selected"))
        self.set_rules(self.read()[0] if self.table.rowCount() else self.rules)

    def _conditions(self) -> list[tuple[str, str | None]]:
        return [(tr("as the general rule"), None), *[(condition_text(c.value), c.value) for c in Condition]]

    def _put(self, row: int, rule: CategoryRule) -> None:
        values = [rule.category, "" if rule.window_days is None else str(rule.window_days), "",
                  "" if rule.restocking_fee_percent is None else str(rule.restocking_fee_percent)]
        items = [QTableWidgetItem(value) for value in values]
        for col, item in enumerate(items):
            self.table.setItem(row, col, item)
        final = items[2]
        final.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        final.setCheckState(Qt.CheckState.Checked if rule.final_sale else Qt.CheckState.Unchecked)
        cond = rule.required_condition.value if rule.required_condition else None
        self.table.setCellWidget(row, 4, self.combo(self._conditions(), cond))
        self.table.setItem(row, 5, QTableWidgetItem(rule.label_en))
        self.table.setItem(row, 6, QTableWidgetItem(rule.label_zh))

    def set_rules(self, rules: tuple[CategoryRule, ...]) -> None:
        """Show a version's category rules without reporting an edit."""
        self.rules = tuple(rules)
        self.show_rows(self.rules)

    def add_row(self) -> None:
        """Add a category with no overrides yet and start typing its name."""
        self.append_row(CategoryRule(category=""))

    def read(self) -> tuple[tuple[CategoryRule, ...], list[str]]:
        """Return the rules as typed and one sentence per cell that cannot be read (marked in red)."""
        out, problems = [], []
        for row in range(self.table.rowCount()):
            name = self.text(row, 0)
            try:
                days = _number(self.text(row, 1), int)
                self.mark(row, 1, None)
            except ValueError:
                days = None
                problems.append(tr("Category {category}: the window must be a whole number of days.",
                                   category=name))
                self.mark(row, 1, problems[-1])
            try:
                fee = _number(self.text(row, 3), Decimal)
                self.mark(row, 3, None)
            except ValueError:
                fee = None
                problems.append(tr("Category {category}: the restocking fee must be a number.", category=name))
                self.mark(row, 3, problems[-1])
            item = self.table.item(row, 2)
            final = item is not None and item.checkState() == Qt.CheckState.Checked
            box = self.table.cellWidget(row, 4)
            cond = box.currentData() if isinstance(box, QComboBox) else None
            out.append(CategoryRule(category=name, window_days=days, final_sale=final,  # type: ignore[arg-type]
                                    restocking_fee_percent=fee,  # type: ignore[arg-type]
                                    required_condition=Condition(cond) if cond else None,
                                    label_en=self.text(row, 5), label_zh=self.text(row, 6)))
        return tuple(out), problems

    def apply(self, base: PolicyRules) -> tuple[PolicyRules, list[str]]:
        """Return `base` with the table's category rules, and the cells that could not be read."""
        rules, problems = self.read()
        return base.with_changes(category_rules=rules), problems
