"""Find labels and buttons whose text does not fit: the check behind the screenshots and the layout test."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
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


def clipped(root: QWidget) -> list[str]:
    """Return a line per visible label or button under `root` whose text is elided or clipped."""
    problems = []
    widgets: list[QWidget] = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if not widget.isVisible() or widget.width() <= 0:
            continue
        if isinstance(widget, QLabel):
            problem = _label_problem(widget)
        elif isinstance(widget, QAbstractButton):
            problem = _button_problem(widget)
        else:
            continue
        if problem:
            name = widget.objectName() or type(widget).__name__
            text = widget.text().replace("\n", " ")[:60]
            problems.append(f"{name} {text!r}: {problem}")
    return problems
