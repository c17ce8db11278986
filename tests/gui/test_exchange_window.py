"""The resolve form offers the replacements with what each costs; a difference due is settled from the detail."""

from __future__ import annotations

import pytest

from desktop_app.core.services import returns
from desktop_app.gui.dialogs.exchange_dialogs import SettleExchangeDialog
from desktop_app.gui.dialogs.step_dialogs import ResolveDialog
from desktop_app.gui.i18n import install_language, tr


def _exchangeable(window, db):
    """Return (rma, row index, quote) for an open line with a dearer replacement in stock."""
    for status in ("inspected", "received"):
        for summary in returns.summaries_by_ids(db, returns.return_ids(db, returns.ReturnFilter(status=status))):
            detail = returns.get_return(db, summary.rma)
            options = window.desk.exchange_options(detail)
            for line_id, quotes in options.items():
                dearer = [q for q in quotes if not q.customer_pays.is_zero()]
                if dearer and all(ln.inspection != "failed" for ln in detail.lines if ln.id == line_id):
                    return summary.rma, line_id, dearer[0]
    raise AssertionError("the demo has no line to exchange")


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_exchange_for_a_dearer_item_then_record_the_payment(owner_window, shop_db, lang):
    install_language(lang)
    rma, line_id, quote = _exchangeable(owner_window, shop_db)
    pane = owner_window.queue.detail
    pane.show_rma(rma)
    pane.run_action("resolve_line")
    dialog = pane.flow.dialog
    assert isinstance(dialog, ResolveDialog)
    dialog.rows = [r for r in dialog.rows if r[0].id == line_id]  # only the chosen line: the others stay open
    _line, box, _reference, exchange = dialog.rows[0]
    assert not exchange.isEnabled()
    box.setCurrentIndex(box.findData("exchange"))
    assert exchange.isEnabled()
    exchange.combo.setCurrentIndex(exchange.combo.findData(quote.sku))
    shown = exchange.difference.text()
    assert shown == tr("Customer pays {amount}", amount=_money(quote.customer_pays))
    dialog.accept()

    detail = returns.get_return(shop_db, rma)
    (made,) = detail.exchanges
    assert made.sku == quote.sku and made.status == "payment_due" and made.difference == quote.customer_pays
    assert {"settle_exchange", "waive_exchange"} <= set(detail.allowed_actions)
    assert pane.buttons["settle_exchange"].isVisible()
    assert any(quote.sku in pane.timeline.item(i).text() for i in range(pane.timeline.count()))

    pane.run_action("settle_exchange")
    settle = pane.flow.dialog
    assert isinstance(settle, SettleExchangeDialog)
    settle.reference.setText("bank 4711")
    settle.accept()
    after = returns.get_return(shop_db, rma)
    assert after.exchanges[0].status == "paid" and after.exchanges[0].payment_reference == "bank 4711"
    assert not pane.buttons["settle_exchange"].isVisible()


def _money(amount):
    from desktop_app.gui.formatting import money_of

    return money_of(amount)
