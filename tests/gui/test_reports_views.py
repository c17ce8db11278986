"""The Reports tab's chart, breakdown table and analytics panels show the core's plain data."""

from __future__ import annotations

from decimal import Decimal

from desktop_app.core.domain.money import Money
from desktop_app.core.reports.amounts import Amounts
from desktop_app.core.reports.analytics import CustomerToWatch, ProductToFix
from desktop_app.core.reports.breakdowns import BreakdownRow
from desktop_app.core.reports.charts import ChartData, Series
from desktop_app.core.reports.period import month_period
from desktop_app.core.reports.themes import Theme
from desktop_app.core.reports.whatif import ChangedLine, Outcome, Totals, WhatIf
from desktop_app.gui.i18n import install_language
from desktop_app.gui.tabs.reports_charts import BreakdownTable, ChartView
from desktop_app.gui.tabs.reports_insights import CustomersToWatchView, ProductsToFixView, ThemesView, WhatIfView


def eur(text: str) -> Money:
    return Money(Decimal(text), "EUR")


ROWS = [
    BreakdownRow("wrong_size", "wrong_size", 12, 15, Amounts((eur("450.00"), Money(Decimal("20.00"), "USD"))), 100, 9),
    BreakdownRow("defective", "defective", 30, 31, Amounts((eur("1200.50"),)), 90, 31),
    BreakdownRow("changed_mind", "changed_mind", 3, 3, Amounts((eur("80.00"),)), None),
]


def test_chart_view_draws_the_core_chart(qtbot):
    view = ChartView()
    qtbot.addWidget(view)
    chart = ChartData("bar", "退货件数", ("2026-09", "2026-10"), (Series("Units", (3, 7)),))
    view.set_chart(chart)
    view.resize(600, 300)
    view.show()
    axes = view.canvas.figure.axes[0]
    assert axes.get_title() == "退货件数"
    assert [round(bar.get_height()) for bar in axes.patches] == [3, 7]
    assert not view.grab().isNull()


def test_breakdown_table_sorts_and_opens_a_row(qtbot, qtmodeltester):
    table = BreakdownTable()
    qtbot.addWidget(table)
    table.source.set_rows(ROWS, lambda row: {"defective": "Defective"}.get(row.key, row.key))
    qtmodeltester.check(table.source)

    model = table.model()
    assert model.index(0, 0).data() == "Defective"  # largest value first by default
    assert model.index(0, 3).data() == "€1,200.50"
    assert model.index(2, 5).data() == "–"  # no sales known for that row
    assert model.index(1, 3).data() == "€450.00 · $20.00"  # each currency apart, never added
    assert model.index(1, 5).data() == "9.0 %"  # 9 of the 100 units sold came back
    table.sortByColumn(2, table.horizontalHeader().sortIndicatorOrder().AscendingOrder)
    assert [model.index(r, 2).data() for r in range(3)] == ["3", "15", "31"]

    with qtbot.waitSignal(table.open_row) as opened:
        table.activated.emit(model.index(1, 0))
    assert opened.args[0].key == "wrong_size"


def test_products_customers_and_themes_fill_in_both_languages(qtbot):
    products = ProductsToFixView()
    customers = CustomersToWatchView()
    themes = ThemesView()
    for widget in (products, customers, themes):
        qtbot.addWidget(widget)
    products.show_products([
        ProductToFix("TEE-M", "T-shirt M", "Shirts", 1000, 300, Decimal("0.3"), Decimal("0.2972"),
                     Decimal("0.1562"), (("wrong_size", 300),), True),
        ProductToFix("TINY", "Tiny", "Shirts", 4, 3, Decimal("0.75"), Decimal("0.2552"), Decimal("0.1562"), (), False),
    ])
    customers.show_customers([CustomerToWatch(1, "Serial Returner", "s@example.com", 6, 6, 3, Amounts((eur("120.00"),)),
                                              Decimal(1), "rate")])
    themes.show_themes({"wrong_size": [Theme("尺码偏小", 3, "尺码偏小，穿着太紧")]})

    assert products.item(0, 4).text() == "29.7 %"
    assert "too few sales" in products.item(1, 0).text()
    assert customers.item(0, 6).text() == "returns far more than most"
    assert themes.item(0, 1).text() == "尺码偏小" and themes.item(0, 2).text() == "3"

    install_language("zh_CN")
    for widget in (products, customers, themes):
        widget.retranslate()
    assert products.horizontalHeaderItem(0).text() == "商品"
    assert "销量太少" in products.item(1, 0).text()
    assert customers.item(0, 6).text() == "退货远多于大多数客户"


def test_what_if_view_shows_totals_and_changed_lines(qtbot):
    view = WhatIfView()
    qtbot.addWidget(view)
    view.set_drafts([(7, "Draft: 30 days, 10 % fee")])
    before, after = Totals("EUR"), Totals("EUR")
    yes = Outcome(True, eur("100.00"), eur("0.00"), eur("0.00"))
    fee = Outcome(True, eur("90.00"), eur("10.00"), eur("0.00"))
    no = Outcome(False, eur("0.00"), eur("0.00"), eur("0.00"))
    before.add(yes)
    after.add(fee)
    after.add(yes)
    result = WhatIf(month_period("2026-10"), 2, before, after,
                    (ChangedLine("R-000001", "COAT", 1, "wrong_size", yes, fee),
                     ChangedLine("R-000002", "COAT", 1, "wrong_size", no, yes)))
    view.show_result(result)

    assert view.totals.item(0, 3).text() == "+1"
    assert view.totals.item(1, 3).text() == "€90.00"
    assert view.changed.item(1, 2).text() == "not eligible"
    assert view.drafts.currentData() == 7 and view.run_button.isEnabled()
