"""The customer-facing policy is generated from the rules in both languages and three formats."""

from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from documents_support import fonts, page_sizes, page_text

from desktop_app.core.documents.policy_pdf import render_policy
from desktop_app.core.documents.policy_text import policy_document, policy_terms, to_html, to_markdown
from desktop_app.core.domain.policy import (
    CategoryRule,
    Condition,
    HolidayExtension,
    PolicyRules,
    Resolution,
    ShippingPayer,
)
from desktop_app.core.domain.presets import PRESETS
from desktop_app.core.i18n import UserFacingError


def shop_rules(**changes) -> PolicyRules:
    """A UK shop's policy with every kind of rule in use."""
    values = dict(
        country="GB", currency="GBP", window_days=30,
        holiday_extension=HolidayExtension((11, 1), (12, 24), (1, 31)),
        category_rules=(CategoryRule("Underwear", final_sale=True),
                        CategoryRule("Electronics", window_days=14, required_condition=Condition.SEALED)),
        restocking_fee_percent=Decimal("10"), return_shipping_cost=Decimal("4.95"),
        store_credit_bonus_percent=Decimal("10"), keep_it_below=Decimal("5"),
        allowed_resolutions=(Resolution.REFUND, Resolution.STORE_CREDIT, Resolution.KEEP_IT),
    )
    values.update(changes)
    return PolicyRules(**values)


def all_text(lang: str, rules: PolicyRules) -> str:
    doc = policy_document(rules, lang, "Maple & Co.")
    return "\n".join([doc.title, doc.intro, *(t for s in doc.sections for t in (s.heading, *s.paragraphs,
                                                                                   *s.bullets))])


def test_the_english_text_states_every_rule_that_is_set():
    text = all_text("en", shop_rules())
    for expected in ("within 30 days of delivery", "November 1", "January 31", "Underwear: final sale",
                     "Electronics: 14 days", "at least like new", "Electronics: at least sealed",
                     "restocking fee of 10%", "£4.95", "Store credit with a 10% bonus", "less than £5.00",
                     "within 5 business days", "Wrong item sent", "Changed my mind"):
        assert expected in text, expected
    assert "exchange" not in text.lower()


def test_the_text_follows_the_rules_when_they_change():
    rules = shop_rules(return_shipping_payer=ShippingPayer.SHOP, restocking_fee_percent=Decimal(0),
                       refund_original_shipping=True, required_condition=None,
                       allowed_resolutions=(Resolution.EXCHANGE,))
    text = all_text("en", rules)
    assert "We pay for the return shipping." in text and "no restocking fee" in text
    assert "original shipping charge." in text and "any condition" in text and "exchange" in text
    assert "Store credit" not in text and "£4.95" not in text


def test_the_chinese_text_is_chinese_with_the_same_numbers():
    text = all_text("zh_CN", shop_rules())
    assert "签收后 30 天内退货" in text and "11月1日" in text and "£4.95" in text and "不想要了" in text
    assert "restocking" not in text and "within" not in text


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_every_legal_preset_produces_a_policy(preset):
    for lang in ("en", "zh_CN"):
        doc = policy_document(PRESETS[preset], lang)
        assert len(doc.sections) == 6 and all(s.heading for s in doc.sections)
    assert len(policy_terms(PRESETS[preset], "zh_CN")) == 5


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_self_contained_and_escapes_the_shops_text():
    page = render_policy(shop_rules(), "html", "zh_CN", "Maple <script>alert(1)</script>",
                         "a&b@maple.example").decode()
    parser = _Collect()
    parser.feed(page)
    names = [t for t, _a in parser.tags]
    assert "script" not in names and "link" not in names and "img" not in names
    assert ("html", {"lang": "zh-CN"}) in parser.tags
    assert "Maple <script>alert(1)</script>退货政策" in "".join(parser.text)
    assert "a&b@maple.example" in "".join(parser.text) and names.count("ol") == 1


def test_markdown_has_headings_lists_and_escaped_names():
    md = render_policy(shop_rules(), "md", "en", "Shop *Best* [1]").decode()
    assert md.startswith("# Shop \\*Best\\* \\[1\\] return policy\n")
    assert "\n## What a return costs\n" in md and "\n- A restocking fee of 10%" in md and "\n1. Ask us" in md


def test_markdown_and_html_come_from_the_same_document():
    doc = policy_document(shop_rules(), "en")
    assert doc.sections[2].bullets[0] in to_markdown(doc) and doc.sections[2].bullets[0] in to_html(doc)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_policy_pdf_has_the_text_and_embeds_the_chinese_font(tmp_path, lang):
    pdf = render_policy(shop_rules(), "pdf", lang, "枫叶小店", effective=date(2026, 11, 1), version=3,
                        size="letter")
    pages = page_sizes(pdf)
    assert set(pages) == {(612.0, 792.0)}
    text = "".join(page_text(pdf, i) for i in range(len(pages)))
    assert "枫叶小店" in text and ("退货政策" in text if lang == "zh_CN" else "return policy" in text)
    assert fonts(pdf, tmp_path)["DroidSansFallback"]


def test_an_unknown_export_format_is_refused():
    with pytest.raises(UserFacingError, match="PDF, HTML or Markdown"):
        render_policy(shop_rules(), "docx")


@pytest.mark.parametrize(("suffix", "start"), [(".pdf", b"%PDF"), (".html", b"<!DOCTYPE html>"), (".md", b"# ")])
def test_the_policy_file_format_follows_the_suffix(tmp_path, suffix, start):
    from desktop_app.core.documents.policy import export_policy

    path = export_policy(shop_rules(), tmp_path / f"policy{suffix}", lang="zh_CN", version=2)
    assert path.read_bytes().startswith(start)


def test_a_policy_file_that_cannot_be_written_is_refused_with_a_sentence(tmp_path):
    from desktop_app.core.documents.policy import export_policy

    with pytest.raises(UserFacingError, match="could not be written"):
        export_policy(shop_rules(), tmp_path / "missing-folder" / "policy.md")
    with pytest.raises(UserFacingError, match="PDF, HTML or Markdown"):
        export_policy(shop_rules(), tmp_path / "policy.docx")
    assert list(tmp_path.iterdir()) == []


def test_category_keys_never_reach_the_customer_only_their_display_names():
    import re

    rules = shop_rules(category_rules=(
        CategoryRule("custom_made", final_sale=True),
        CategoryRule("gift_cards", window_days=7, label_en="Gift cards", label_zh="礼品卡"),
    ))
    english, chinese = all_text("en", rules), all_text("zh_CN", rules)
    assert "Custom made" in english and "Gift cards" in english and "礼品卡" in chinese
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", english + chinese)
    assert "custom_made" not in " ".join(policy_terms(rules, "en"))
