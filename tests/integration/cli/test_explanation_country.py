"""`returns show` and the return's detail write the policy's explanation in the shop country's forms."""

from __future__ import annotations

import re

from desktop_app.core.db.engine import Database
from desktop_app.core.services.returns import get_return

GERMAN_DAY, ISO_DAY, US_DAY = r"\b\d\d\.\d\d\.20\d\d\b", r"\b20\d\d-\d\d-\d\d\b", r"\b\d{1,2}/\d{1,2}/20\d\d\b"
GERMAN_AMOUNT, US_AMOUNT = r"\d,\d\d\xa0€", r"€\d[\d,]*\.\d\d"


def _explanations(bench, *lang: str) -> list[str]:
    """Return every explanation sentence of the demo shop's returns that names a day or an amount."""
    rows = bench.read(*lang, "returns", "list", "--limit", "0", "--json").json()
    texts = []
    for row in rows[:4]:
        shown = bench.read(*lang, "returns", "show", row["rma"], "--json")
        assert shown.code == 0, shown.err
        texts += [s for line in shown.json()["lines"] for s in line["explanation"]]
    return texts


def test_a_german_shop_shows_german_days_and_amounts_and_the_forms_follow_its_country(file_bench):
    text = "\n".join(_explanations(file_bench))
    assert re.search(GERMAN_DAY, text) and re.search(GERMAN_AMOUNT, text), text
    assert not re.search(ISO_DAY, text) and not re.search(US_AMOUNT, text), text
    rma = file_bench.read("returns", "list", "--limit", "1", "--json").json()[0]["rma"]
    db = Database(f"sqlite:///{file_bench.path}")
    try:
        detail = " ".join(m.render("en") for line in get_return(db, rma).lines for m in line.explanation)
    finally:
        db.dispose()
    assert re.search(GERMAN_DAY, detail) and not re.search(ISO_DAY, detail), detail
    assert file_bench.owner("settings", "set", "shop.country", "US").code == 0
    text = "\n".join(_explanations(file_bench))
    assert re.search(US_DAY, text) and re.search(US_AMOUNT, text), text
    assert not re.search(GERMAN_DAY, text) and not re.search(GERMAN_AMOUNT, text), text
    chinese = "\n".join(_explanations(file_bench, "--lang", "zh_CN"))
    assert re.search(r"20\d\d年\d{1,2}月\d{1,2}日", chinese) and not re.search(ISO_DAY, chinese), chinese
