"""Screenshot scenes of the policy editor's inner tabs and its legal warnings (screenshots.py, layout test)."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.gui.tabs.policy.tab import PolicyTab


def _settle(widget: QWidget) -> None:
    widget.show()
    for _ in range(3):
        QApplication.processEvents()


def policy_scenes(window: QWidget, tab: PolicyTab) -> Iterator[tuple[str, QWidget]]:
    """Show the categories, reasons and history, then a preset below the law, and undo it."""
    if tab.rules is None:
        tab.refresh()
    pages = ((tab.categories, "categories"), (tab.reasons, "reasons"), (tab.auto, "auto_approve"),
             (tab.currencies, "currencies"), (tab.history, "history"))
    for page, name in pages:  # by page, not position: a new page must not shift the names
        tab.editors.setCurrentWidget(page)
        if name == "history" and tab.history.list.count():
            tab.history.list.setCurrentRow(0)
        _settle(window)
        yield f"tab_policy_{name}", window
    tab.editors.setCurrentIndex(0)
    if tab.owner and tab.rules is not None:
        tab.preset.setCurrentIndex(max(0, tab.preset.findData("cn")))
        tab.apply_preset("cn")
        _settle(window)
        yield "tab_policy_preset_warnings", window
        tab.undo()
        tab.say("")
