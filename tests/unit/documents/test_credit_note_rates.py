"""The credit note shows net, the tax of each rate, and the gross total; rates are never made up."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop_app.core.documents.credit_note import build_credit_note, tax_by_rate
from desktop_app.core.documents.data import CreditNoteLine
from desktop_app.core.domain.tax import rate_percent
from tests.unit.documents.documents_support import credit_note_data, page_text


@pytest.mark.parametrize(("ppm", "price", "tax", "rate"), [
    (190000, 0, 0, "19"),      # recorded by the import
    (55000, 0, 0, "5.5"),
    (None, 1199, 191, "19"),   # 19 % inside a rounded gross price (1199 / 1.19 = 1007.56)
    (None, 1055, 55, "5.5"),
    (None, 1000, 0, "0"),
    (None, 1000, 97, None),    # no half percent gives 0.97 of 10.00: unknown, not "10.7 %"
    (None, 0, 0, None),
])
def test_rate_percent(ppm, price, tax, rate):
    found = rate_percent(ppm, price, tax)
    assert (None if found is None else str(found)) == rate


def test_two_rates_get_a_tax_row_each_and_add_up_to_the_total():
    lines = (CreditNoteLine("Shirt", 1, Decimal("100.00"), Decimal("19.00"), Decimal("119.00"), Decimal(19)),
             CreditNoteLine("Book", 2, Decimal("20.00"), Decimal("1.40"), Decimal("21.40"), Decimal(7)),
             CreditNoteLine("Mug", 1, Decimal("10.00"), Decimal("1.90"), Decimal("11.90"), Decimal(19)))
    data = credit_note_data("en", lines=lines, country="IE")
    assert tax_by_rate(data) == [(Decimal(19), Decimal("20.90")), (Decimal(7), Decimal("1.40"))]
    text = page_text(build_credit_note(data))
    for words in ("Net", "€130.00", "Tax 19 %", "€20.90", "Tax 7 %", "€1.40", "Total credited", "€152.30"):
        assert words in text, words
    zh = page_text(build_credit_note(credit_note_data("zh_CN", lines=lines)))
    assert "税 19%" in zh and "税 7%" in zh


def test_an_unknown_rate_keeps_the_plain_tax_row():
    text = page_text(build_credit_note(credit_note_data("en")))
    assert "Tax" in text and "Tax 19" not in text
