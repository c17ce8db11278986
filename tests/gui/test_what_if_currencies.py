"""The what-if table shows each currency's money on its own rows, named as the reports name them."""

from __future__ import annotations

from desktop_app.core.domain.money import Money
from desktop_app.core.reports.period import month_period
from desktop_app.core.reports.whatif import Outcome, Totals, WhatIf
from desktop_app.gui.tabs.reports_insights import WhatIfView


def _totals(*outcomes: Outcome) -> Totals:
    totals = Totals("EUR")
    for outcome in outcomes:
        totals.add(outcome)
    return totals


def _outcome(amount: str, currency: str, eligible: bool = True, shipping: str = "0.00") -> Outcome:
    zero = Money.of("0.00", currency)
    return Outcome(eligible, Money.of(amount, currency) if eligible else zero, zero,
                   Money.of(shipping, currency) if eligible else zero)


def test_money_of_every_currency_is_shown_on_its_own_rows(qtbot):
    view = WhatIfView()
    qtbot.addWidget(view)
    before = _totals(_outcome("95.00", "EUR"), _outcome("0.00", "USD", eligible=False))
    after = _totals(_outcome("95.00", "EUR"), _outcome("83.00", "USD", shipping="7.00"))
    view.show_result(WhatIf(month_period("2026-10"), 2, before, after, ()))
    rows = [[view.totals.item(r, c).text() for c in range(4)] for r in range(view.totals.rowCount())]
    titles = [row[0] for row in rows]
    assert titles[:7] == ["Eligible return lines", "Refund value (EUR)", "Refund value (USD)",
                          "Restocking fees kept (EUR)", "Restocking fees kept (USD)",
                          "Return shipping paid by the shop (EUR)", "Return shipping paid by the shop (USD)"]
    assert rows[0][1:] == ["1", "2", "+1"]
    assert "83.00" in rows[2][2] and "$" in rows[2][2] and "€" not in rows[2][2]
    assert "7.00" in rows[6][3] and "$" in rows[6][3]
