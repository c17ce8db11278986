"""The policy editor's Other currencies page: amounts per currency are edited, checked and published."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop_app.core.services import policies
from desktop_app.gui.backend import Desk
from desktop_app.gui.i18n import install_language
from desktop_app.gui.tabs.policy.tab import PolicyTab
from desktop_app.gui.workers import SyncRunner


def _tab(qtbot, db, user) -> PolicyTab:
    tab = PolicyTab(Desk(db, user, SyncRunner()))
    qtbot.addWidget(tab)
    tab.resize(1200, 800)
    tab.show()
    tab.refresh()
    tab.editors.setCurrentWidget(tab.currencies)
    return tab


def _type(tab: PolicyTab, row: int, values: list[str]) -> None:
    for col, value in enumerate(values):
        tab.currencies.table.item(row, col).setText(value)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_owner_adds_dollar_amounts_and_publishes(qtbot, shop_db, owner, lang):
    install_language(lang)
    tab = _tab(qtbot, shop_db, owner)
    before = policies.current_policy(shop_db)
    assert before.rules.amounts_for("USD") is None
    tab.currencies.add_button.click()
    _type(tab, 0, ["usd", "6.00", "8", "0", "0", "3"])
    amounts = tab.rules.amounts_for("USD")
    assert amounts is not None and amounts.return_shipping_cost == Decimal("6.00")
    assert amounts.keep_it_below == Decimal(8) and amounts.auto_keep_it_max == Decimal(3)
    assert not tab.problems

    tab.confirm = lambda _text: True
    tab.publish_button.click()
    now = policies.current_policy(shop_db)
    assert now.number == before.number + 1 and now.rules.amounts_for("USD") == amounts
    tab.grab().save(str(qtbot_path(lang)))


def qtbot_path(lang):
    import tempfile
    from pathlib import Path

    return Path(tempfile.gettempdir()) / f"policy_currencies_{lang}.png"


def test_unreadable_cells_are_named_and_block_saving(qtbot, shop_db, owner):
    install_language("en")
    tab = _tab(qtbot, shop_db, owner)
    before = tab.rules
    tab.currencies.add_button.click()
    _type(tab, 0, ["XYZ", "6", "0", "0", "0", "0"])
    assert any("not a currency code" in p for p in tab.problems)
    _type(tab, 0, ["USD", "lots", "0", "0", "0", "0"])
    assert any("Row 1, Label cost" in p for p in tab.problems)
    assert not tab.publish_button.isEnabled() and not tab.save_button.isEnabled()
    _type(tab, 0, ["EUR", "1", "0", "0", "0", "0"])
    assert any("policy's own currency" in p for p in tab.problems)
    tab.currencies.table.setCurrentCell(0, 0)
    tab.currencies.remove_button.click()
    assert not tab.problems and tab.rules.currency_amounts == before.currency_amounts


def test_a_clerk_sees_but_cannot_change_them(qtbot, shop_db, clerk):
    tab = _tab(qtbot, shop_db, clerk)
    assert not tab.currencies.add_button.isEnabled()
