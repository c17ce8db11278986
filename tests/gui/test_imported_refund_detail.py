"""An imported refund that names no units shows its money in the return's detail."""

from __future__ import annotations

from desktop_app.core.imports.writer import import_file
from tests.unit.imports.test_partial_refunds import _export


def test_the_detail_of_a_refund_kept_by_amount_shows_its_money(owner_window, shop_db, owner, tmp_path):
    result = import_file(shop_db, _export(tmp_path), "shopify", owner)
    assert result.refunds_by_amount == 2
    pane = owner_window.queue.detail
    pane.show_rma(f"IMP{result.batch_id}-000002")  # order #4002: 12.50 back, either of two lines
    assert pane.detail is not None and pane.detail.order_number == "#4002"
    assert pane.lines.item(0, 2).text() == "0"
    # the demo shop is German: its amounts are written the German way
    assert pane.explanation.text().splitlines()[0] == "Money paid back without units: 12,50\xa0€"
