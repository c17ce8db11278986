"""The monthly figures give the refunds paid without tax and the tax inside them."""

from __future__ import annotations

from desktop_app.core.domain.money import Money
from desktop_app.core.reports.figures import compare, key_figures
from desktop_app.core.reports.monthly import FIGURE_TITLES
from desktop_app.core.reports.period import month_period
from desktop_app.core.services import returns as svc
from tests.integration.services.returns_shop import build_shop


def test_refunds_net_and_tax(database):
    shop = build_shop(database)
    created = svc.create_return(shop.owner, "1001", [(shop.order_lines["1001/MUG-1"], 2, "defective", "", None)])
    line = created.lines[0].id
    svc.approve(shop.owner, created.rma)
    svc.receive(shop.owner, created.rma, {line: (2, 0)})
    done = svc.resolve_line(shop.owner, created.rma, line, "refund", 2)

    [refund] = done.refunds
    figures = key_figures(shop.db, month_period(refund.created_at.strftime("%Y-%m")), "EUR")
    assert figures.refund_value.of("EUR") == Money.of("23.98", "EUR")
    assert figures.refund_tax.of("EUR") == Money.of("3.82", "EUR")  # 2 x 1.91 inside the price paid
    assert figures.refund_net.of("EUR") == Money.of("20.16", "EUR")
    names = [change.name for change in compare(figures, figures)]
    assert {"refund_net", "refund_tax"} <= set(names) and all(name in FIGURE_TITLES for name in names)
