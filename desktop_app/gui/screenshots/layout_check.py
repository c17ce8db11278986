"""Find labels and buttons whose text does not fit: the check behind the screenshots and the layout test."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QTableWidget,
    QToolButton,
    QWidget,
)

_MNEMONIC = re.compile(r"&(?!&)")
_TAG = re.compile(r"<[a-zA-Z/][^>]*>")
_BUTTON_SLACK = 2  # pixels of rounding Qt's own size hints allow


def plain(text: str, rich: bool) -> str:
    """Return the text a person sees: tags and mnemonic ampersands removed."""
    if rich:
        doc = QTextDocument()
        doc.setHtml(text)
        return doc.toPlainText()
    return text


def _label_problem(label: QLabel) -> str | None:
    text = label.text()
    if not text or (label.pixmap() is not None and not label.pixmap().isNull()):
        return None
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and _TAG.search(text) is not None)
    shown = plain(text, rich)
    if label.buddy() is not None or not rich:
        shown = _MNEMONIC.sub("", shown).replace("&&", "&")
    rect = label.contentsRect()
    width = rect.width() - 2 * label.margin() - max(0, label.indent())
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height() + 1:
            return f"wrapped text needs {needed}px height, has {label.height()}"
        return None
    metrics = label.fontMetrics()
    widest = max(metrics.horizontalAdvance(line) for line in shown.splitlines() or [""])
    if widest > width + 1:
        return f"needs {widest}px, has {width}"
    lines = max(1, len(shown.splitlines()))
    if metrics.height() * lines > rect.height() + 2:
        return f"needs {metrics.height() * lines}px height, has {rect.height()}"
    return None


def _button_problem(button: QAbstractButton) -> str | None:
    text = _MNEMONIC.sub("", button.text()).replace("&&", "&")
    if not text:
        return None
    metrics = button.fontMetrics()
    needed = metrics.horizontalAdvance(text)
    if isinstance(button, QPushButton | QToolButton):
        hint = button.sizeHint().width()
        if hint > button.width() + _BUTTON_SLACK:
            return f"needs {hint}px, has {button.width()}"
        return None
    if isinstance(button, QCheckBox | QRadioButton):
        option = QStyleOptionButton()
        option.initFrom(button)
        indicator = button.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, option, button)
        spacing = button.style().pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing, option, button)
        needed += indicator + spacing
    if needed > button.width() + _BUTTON_SLACK:
        return f"needs {needed}px, has {button.width()}"
    return None


def _combo_problem(box: QComboBox) -> str | None:
    """A combo box whose chosen text does not fit its field (e.g. after a language switch)."""
    text = box.currentText()
    if not text or box.isEditable():
        return None
    option = QStyleOptionComboBox()
    box.initStyleOption(option)
    field = box.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                       QStyle.SubControl.SC_ComboBoxEditField, box)
    needed = box.fontMetrics().horizontalAdvance(text)
    if needed > field.width() + 1:
        return f"needs {needed}px, has {field.width()}"
    return None


def _table_problem(table: QTableWidget) -> str | None:
    """A table that promises whole cells (property 'wholeCells') with a cell narrower than its text."""
    if not table.property("wholeCells"):
        return None
    metrics = table.fontMetrics()
    for row in range(table.rowCount()):
        for column in range(table.columnCount()):
            item = table.item(row, column)
            if item is None or not item.text():
                continue
            needed = metrics.horizontalAdvance(item.text()) + 8  # the cell's own padding
            if needed > table.columnWidth(column) + 1:
                return f"cell {row},{column} {item.text()!r} needs {needed}px, has {table.columnWidth(column)}"
    return None


def _problem(widget: QWidget) -> str | None:
    if isinstance(widget, QLabel):
        return _label_problem(widget)
    if isinstance(widget, QAbstractButton):
        return _button_problem(widget)
    if isinstance(widget, QComboBox):
        return _combo_problem(widget)
    if isinstance(widget, QTableWidget):
        return _table_problem(widget)
    return None


def clipped(root: QWidget) -> list[str]:
    """Return a line per visible label or button under `root` whose text is elided or clipped."""
    problems = []
    widgets: list[QWidget] = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if not widget.isVisible() or widget.width() <= 0:
            continue
        problem = _problem(widget)
        if problem:
            name = widget.objectName() or type(widget).__name__
            shown = widget.currentText() if isinstance(widget, QComboBox) else \
                "" if isinstance(widget, QTableWidget) else widget.text()  # type: ignore[attr-defined]
            text = shown.replace("\n", " ")[:60]
            problems.append(f"{name} {text!r}: {problem}")
    return problems
