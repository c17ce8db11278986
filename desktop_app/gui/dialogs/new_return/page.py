"""A wizard page whose Next button follows `ready()` through a hidden mandatory field.

Qt's own `isComplete()` reads the field, so no Python override is called while a wizard is torn down
(PySide warns when a half-destroyed page's override answers there).
"""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWizardPage


class ReadyPage(QWizardPage):
    """Call `update_ready()` whenever `ready()` may have changed."""

    def __init__(self, field: str) -> None:
        super().__init__()
        self._ready_field = QLineEdit(self)
        self._ready_field.hide()
        self.registerField(f"{field}*", self._ready_field)

    def ready(self) -> bool:
        """Return True when the person may go on (pages override this)."""
        return True

    def update_ready(self) -> None:
        """Enable or disable Next (or Finish) to match `ready()`."""
        self._ready_field.setText("1" if self.ready() else "")
