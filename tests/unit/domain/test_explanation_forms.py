"""The policy's explanation writes amounts and days in the reader's language and the shop country's form."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desktop_app.core.domain.calendar import BusinessCalendar
from desktop_app.core.domain.eligibility import PurchasedLine, ReturnRequest, evaluate
from desktop_app.core.domain.policy import Condition, PolicyRules, Resolution
from desktop_app.core.i18n.country_forms import all_in_country, day_text, in_country
from desktop_app.core.services.returns.snapshot import decision_to_json, explanation_of, message_from_json

RULES = PolicyRules(country="DE", currency="EUR", window_days=30, required_condition=Condition.LIKE_NEW,
                    restocking_fee_percent=Decimal(10), allowed_resolutions=(Resolution.REFUND,))
LINE = PurchasedLine(1, "COAT-1", "general", "EUR", Decimal("1490.00"), Decimal("237.90"), 1, 0,
                     date(2026, 11, 2), date(2026, 11, 4))
ASKED = ReturnRequest(1, "changed_mind", Condition.UNUSED, date(2026, 11, 20))
DECISION = evaluate(RULES, LINE, ASKED, BusinessCalendar("DE", "Europe/Berlin"))
# The sentences as a snapshot stored them before days were typed values: ISO strings, amounts without a country.
OLD_SNAPSHOT = {"eligible": True, "explanation": [
    {"msgid": "Returns are accepted until {deadline}; {days} days left.",
     "values": {"deadline": "2026-12-04", "days": 14}},
    {"msgid": "Restocking fee: {amount}.", "values": {"amount": {"$message": {"amount": "149.00", "currency": "EUR"}}}},
]}


def _text(messages, lang: str, country: str | None) -> str:
    """Return the sentences as one text, no-break spaces as plain ones."""
    return " ".join(m.render(lang) for m in all_in_country(messages, country)).replace("\xa0", " ")


def test_a_german_shop_reads_german_days_and_amounts_in_english():
    text = _text(DECISION.explanation, "en", "DE")
    assert "until 04.12.2026; 14 days left" in text and "from delivery, 04.11.2026" in text
    assert "Restocking fee: 149,00 €." in text
    assert "2026-" not in text and "€149" not in text


def test_an_american_shop_reads_its_own_forms():
    text = _text(DECISION.explanation, "en", "US")
    assert "until 12/4/2026; 14 days left" in text and "Restocking fee: €149.00." in text


def test_chinese_readers_read_chinese_days():
    text = _text(DECISION.explanation, "zh_CN", "CN")
    assert "2026年12月4日" in text and "2026年11月4日" in text and "€149.00" in text
    assert "2026-12-04" not in text


def test_without_a_country_the_forms_are_the_ones_explanations_always_had():
    text = _text(DECISION.explanation, "en", None)
    assert "until 2026-12-04" in text and "Restocking fee: €149.00." in text


def test_refusals_carry_days_too():
    late = evaluate(RULES, LINE, ReturnRequest(1, "changed_mind", Condition.UNUSED, date(2027, 1, 20)))
    assert _text(late.refusals, "en", "DE").startswith("The return window ended on 04.12.2026.")


def test_a_stored_decision_renders_like_the_live_one_in_every_form():
    stored = explanation_of(decision_to_json(DECISION, 1, 1))
    for lang, country in (("en", "DE"), ("en", "US"), ("zh_CN", "CN"), ("en", None)):
        assert _text(stored, lang, country) == _text(DECISION.explanation, lang, country)


def test_a_snapshot_stored_the_old_way_still_renders_in_the_shops_form():
    old = explanation_of(OLD_SNAPSHOT)
    assert _text(old, "en", "DE") == "Returns are accepted until 04.12.2026; 14 days left. Restocking fee: 149,00 €."
    assert "2026年12月4日" in _text(old, "zh_CN", "CN")
    assert _text(old, "en", None).startswith("Returns are accepted until 2026-12-04;")


def test_binding_reaches_nested_sentences_and_leaves_other_text_alone():
    nested = message_from_json({"msgid": "{reason} ({when})", "values": {
        "reason": {"$message": {"msgid": "Order {order} of {day}",
                                "values": {"order": "2026-12-0X", "day": "2026-12-02"}}},
        "when": {"$message": {"day": "2026-12-03"}}}})
    assert in_country(nested, "DE").render("en") == "Order 2026-12-0X of 02.12.2026 (03.12.2026)"
    assert day_text(date(2026, 12, 2), "US").render("zh_CN") == "2026年12月2日"


def test_the_last_days_of_the_window_read_as_english_counts():
    def left(on: date) -> str:
        decision = evaluate(RULES, LINE, ReturnRequest(1, "changed_mind", Condition.UNUSED, on))
        return _text(decision.explanation, "en", "DE")

    assert "04.12.2026; 1 day left." in left(date(2026, 12, 3))  # not "1 days left"
    assert "04.12.2026; 2 days left." in left(date(2026, 12, 2))
    assert "04.12.2026; 0 days left." in left(date(2026, 12, 4))
    assert "还剩 1 天" in _text(evaluate(RULES, LINE, ReturnRequest(1, "changed_mind", Condition.UNUSED,
                                                                 date(2026, 12, 3))).explanation, "zh_CN", "CN")
