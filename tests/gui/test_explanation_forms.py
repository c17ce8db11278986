"""The detail pane's "What the policy says" writes days and amounts in the shop country's form, in both languages."""

from __future__ import annotations

import re

from sqlalchemy import select

from desktop_app.core.db.models import Return, ReturnLine
from tests.gui.conftest import make_window

GERMAN_DAY, ISO_DAY = r"\b\d{2}\.\d{2}\.\d{4}\b", r"\b\d{4}-\d{2}-\d{2}\b"
GERMAN_AMOUNT = r"\d,\d{2}\xa0€"


def _old_style(shop_db) -> tuple[str, str]:
    """Rewrite one return's stored explanation as snapshots were written before (ISO days); return it and another."""
    with shop_db.write() as session:
        explained = [ln for ln in session.scalars(select(ReturnLine).order_by(ReturnLine.id).limit(200))
                     if (ln.decision or {}).get("explanation")]
        line, other = explained[0], next(ln for ln in explained if ln.return_id != explained[0].return_id)
        decision = dict(line.decision)
        decision["explanation"] = [
            {"msgid": "Returns are accepted until {deadline}; {days} days left.",
             "values": {"deadline": "2026-12-04", "days": 9}},
            {"msgid": "Restocking fee: {amount}.",
             "values": {"amount": {"$message": {"amount": "149.00", "currency": "EUR"}}}},
        ]
        line.decision = decision
        return session.get(Return, line.return_id).rma, session.get(Return, other.return_id).rma


def test_the_policys_explanation_is_written_as_a_german_shop_writes_in_english_and_chinese(qtbot, shop_db, owner):
    rma, fresh = _old_style(shop_db)
    window = make_window(qtbot, shop_db, owner)  # the demo shop is in Germany
    pane = window.queue.detail
    pane.show_rma(rma)
    text = pane.explanation.text()
    assert "until 04.12.2026; 9 days left" in text and "Restocking fee: 149,00\xa0€." in text, text
    assert not re.search(ISO_DAY, text), text
    window.menus.language_actions["zh_CN"].trigger()
    pane.show_rma(rma)
    chinese = pane.explanation.text()
    assert "2026年12月4日" in chinese and not re.search(ISO_DAY, chinese), chinese
    window.menus.language_actions["en"].trigger()
    pane.show_rma(fresh)  # a return whose snapshot was written by this program
    text = pane.explanation.text()
    assert re.search(GERMAN_DAY, text) and not re.search(ISO_DAY, text), text
