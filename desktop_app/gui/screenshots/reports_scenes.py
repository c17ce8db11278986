"""Screenshot scenes of the Reports tab: each section on the last full month (the first view), what-if included."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.core.services import policies

SECTIONS = ("figures", "charts", "breakdowns", "analytics", "themes", "whatif")


def reports_scenes(window: Any) -> Iterator[tuple[str, QWidget]]:
    """Show every section of the Reports tab filled with the demo shop's numbers."""
    tab = window.reports
    desk = window.desk
    if desk.user.is_owner and not any(v.status == "draft" for v in policies.list_versions(desk.db)):
        current = policies.current_policy(desk.db).rules
        draft = dataclasses.replace(current, window_days=7, holiday_extension=None,
                                    restocking_fee_percent=Decimal(15))
        policies.save_draft(desk.ctx, draft, title="7 days, 15 % fee")
    window.tabs.setCurrentWidget(tab)
    tab.show_last_month()  # what the owner sees first: the last full month
    for index, name in enumerate(SECTIONS):
        tab.sections.setCurrentIndex(index)
        if name == "whatif" and tab.what_if.drafts.count():
            tab.run_what_if()
        for _ in range(3):
            QApplication.processEvents()
        yield f"tab_reports_{name}", window
    tab.sections.setCurrentIndex(0)
