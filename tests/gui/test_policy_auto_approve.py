"""The policy editor's auto-approve page: set the limit and the reasons, publish, and the rules are in force."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from desktop_app.core.services import policies
from desktop_app.gui.backend import Desk
from desktop_app.gui.tabs.policy.tab import PolicyTab
from desktop_app.gui.workers import SyncRunner


def _tick(tab: PolicyTab, code: str) -> None:
    items = [tab.auto.reasons.item(i) for i in range(tab.auto.reasons.count())]
    item = next(it for it in items if it.data(Qt.ItemDataRole.UserRole) == code)
    item.setCheckState(Qt.CheckState.Checked)


def test_the_owner_sets_the_limit_and_reasons_and_publishes(qtbot, shop_db, owner):
    tab = PolicyTab(Desk(shop_db, owner, SyncRunner()))
    qtbot.addWidget(tab)
    tab.resize(1200, 800)
    tab.show()
    tab.refresh()
    before = policies.current_policy(shop_db)
    assert not before.rules.auto_approve.active
    tab.editors.setCurrentWidget(tab.auto)
    assert tab.auto.reasons.count() == len(before.rules.reasons)

    tab.auto.refund_max.setValue(25)
    assert any("Choose the reasons" in p for p in tab.problems)  # a limit without reasons cannot be published
    assert not tab.publish_button.isEnabled()
    _tick(tab, "defective")
    _tick(tab, "wrong_item")
    assert tab.rules.auto_approve.reasons == ("defective", "wrong_item") and not tab.problems
    assert "approved at once" in tab.preview.text.toPlainText()  # the customer-facing text says so

    tab.undo()  # one undo step per change: the second tick goes away
    assert tab.rules.auto_approve.reasons == ("defective",)
    tab.redo()
    tab.confirm = lambda _text: True
    tab.publish_button.click()
    now = policies.current_policy(shop_db)
    assert now.number == before.number + 1
    assert now.rules.auto_approve.refund_max == Decimal(25)
    assert now.rules.auto_approve.reasons == ("defective", "wrong_item")
    assert "Auto-approve refunds up to changed from 0 to 25" in tab.history.changes.toPlainText()


def test_a_clerk_cannot_change_the_auto_approve_rules(qtbot, shop_db, clerk):
    tab = PolicyTab(Desk(shop_db, clerk, SyncRunner()))
    qtbot.addWidget(tab)
    tab.refresh()
    assert not tab.auto.isEnabled()
