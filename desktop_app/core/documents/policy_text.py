"""Customer-facing return policy text generated from the rules, for the editor's preview and exports.

`policy_document()` returns a structured document (sections of plain-text paragraphs and bullets in
the requested language); `to_markdown()` and `to_html()` render it, `policy_pdf.build_policy_pdf()`
prints it. `policy_terms()` gives the short list printed on customer instructions.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel.dates import format_skeleton

from desktop_app.core.documents.wording import babel_locale, fmt_date, fmt_money, tr
from desktop_app.core.domain.policy import (
    Fault,
    HolidayExtension,
    PolicyRules,
    Resolution,
    ShippingPayer,
    WindowStart,
    condition_label,
)
from desktop_app.core.i18n import N_


@dataclass(frozen=True)
class PolicySection:
    """One section: a heading, paragraphs and bullet points, all plain text."""

    heading: str
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
    numbered: bool = False


@dataclass(frozen=True)
class PolicyDocument:
    """The whole customer-facing policy in one language."""

    lang: str
    title: str
    intro: str
    sections: tuple[PolicySection, ...]
    footer: str = ""


def _pct(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


def _day(month_day: tuple[int, int], lang: str) -> str:
    month, day = month_day
    return format_skeleton("MMMMd", date(2000, month, day), locale=babel_locale(lang))


def _window(rules: PolicyRules, lang: str) -> PolicySection:
    if rules.window_start == WindowStart.DELIVERY:
        text = tr(N_("You can return items within {days} days of delivery. When we do not know the delivery "
                     "date, the days count from the order date."), lang, days=rules.window_days)
    else:
        text = tr(N_("You can return items within {days} days of the order date."), lang,
                  days=rules.window_days)
    paragraphs = [text]
    ext: HolidayExtension | None = rules.holiday_extension
    if ext is not None:
        paragraphs.append(tr(N_("Items bought between {start} and {end} can be returned until {until}, "
                                "or later if the usual window ends later."), lang,
                             start=_day(ext.purchased_from, lang), end=_day(ext.purchased_to, lang),
                             until=_day(ext.return_until, lang)))
    bullets = []
    for rule in rules.category_rules:
        if rule.final_sale:
            bullets.append(tr(N_("{category}: final sale. These items can be returned only when they are "
                                 "faulty, damaged on the way or not what you ordered."), lang,
                              category=rule.label(lang)))
        elif rule.window_days is not None and rule.window_days != rules.window_days:
            bullets.append(tr(N_("{category}: {days} days."), lang, category=rule.label(lang),
                              days=rule.window_days))
    return PolicySection(tr(N_("How long you have"), lang), tuple(paragraphs), tuple(bullets))


def _condition(rules: PolicyRules, lang: str) -> PolicySection:
    paragraphs = []
    if rules.required_condition is None:
        paragraphs.append(tr(N_("We accept returned items in any condition."), lang))
    else:
        paragraphs.append(tr(N_("When you return an item because you changed your mind, it must be at least "
                                "{condition}."), lang, condition=condition_label(rules.required_condition)
                             .render(lang)))
    bullets = [tr(N_("{category}: at least {condition}."), lang, category=rule.label(lang),
                  condition=condition_label(rule.required_condition).render(lang))
               for rule in rules.category_rules
               if rule.required_condition is not None and not rule.final_sale
               and rule.required_condition != rules.required_condition]
    paragraphs.append(tr(N_("If an item is faulty, damaged on the way or not what you ordered, its condition "
                            "does not matter."), lang))
    return PolicySection(tr(N_("Condition of the items"), lang), tuple(paragraphs), tuple(bullets))


def _costs(rules: PolicyRules, lang: str) -> PolicySection:
    cur = rules.currency
    bullets = []
    pct, flat = rules.restocking_fee_percent, rules.restocking_fee_flat
    if pct > 0 and flat > 0:
        bullets.append(tr(N_("A restocking fee of {percent}% plus {amount} is deducted when you return an "
                             "item because you changed your mind."), lang, percent=_pct(pct),
                          amount=fmt_money(flat, cur, lang)))
    elif pct > 0:
        bullets.append(tr(N_("A restocking fee of {percent}% is deducted when you return an item because you "
                             "changed your mind."), lang, percent=_pct(pct)))
    elif flat > 0:
        bullets.append(tr(N_("A restocking fee of {amount} is deducted when you return an item because you "
                             "changed your mind."), lang, amount=fmt_money(flat, cur, lang)))
    else:
        bullets.append(tr(N_("There is no restocking fee."), lang))
    if rules.return_shipping_payer == ShippingPayer.SHOP:
        bullets.append(tr(N_("We pay for the return shipping."), lang))
    elif rules.return_shipping_cost > 0:
        bullets.append(tr(N_("When you return an item because you changed your mind, {amount} for the return "
                             "shipping is deducted from your refund."), lang,
                          amount=fmt_money(rules.return_shipping_cost, cur, lang)))
    else:
        bullets.append(tr(N_("When you return an item because you changed your mind, you pay for the return "
                             "shipping."), lang))
    for rule in rules.category_rules:
        if rule.restocking_fee_percent is not None and not rule.final_sale \
                and rule.restocking_fee_percent != pct:
            bullets.append(tr(N_("{category}: a restocking fee of {percent}% instead."), lang,
                              category=rule.label(lang), percent=_pct(rule.restocking_fee_percent)))
    bullets.append(tr(N_("When the fault is ours or the carrier's, we pay for the return shipping and charge "
                         "no fee."), lang))
    if rules.refund_original_shipping:
        bullets.append(tr(N_("We also refund your share of the original shipping charge."), lang))
    else:
        bullets.append(tr(N_("The original shipping charge is not refunded."), lang))
    return PolicySection(tr(N_("What a return costs"), lang), (), tuple(bullets))


def _resolutions(rules: PolicyRules, lang: str) -> PolicySection:
    cur, offered = rules.currency, rules.allowed_resolutions
    bullets = []
    if Resolution.REFUND in offered:
        bullets.append(tr(N_("A refund to your original payment method."), lang))
    if Resolution.STORE_CREDIT in offered:
        if rules.store_credit_bonus_percent > 0:
            bullets.append(tr(N_("Store credit with a {percent}% bonus."), lang,
                              percent=_pct(rules.store_credit_bonus_percent)))
        else:
            bullets.append(tr(N_("Store credit."), lang))
    if Resolution.EXCHANGE in offered:
        bullets.append(tr(N_("An exchange for another size, colour or item."), lang))
    if Resolution.REPAIR in offered:
        bullets.append(tr(N_("A repair of a faulty item."), lang))
    if Resolution.KEEP_IT in offered and rules.keep_it_below > 0:
        bullets.append(tr(N_("For items worth less than {amount}, you may keep the item and still get your "
                             "money back."), lang, amount=fmt_money(rules.keep_it_below, cur, lang)))
    paragraphs = (tr(N_("We refund within {days} business days after your return arrives."), lang,
                     days=rules.refund_promise_business_days),)
    return PolicySection(tr(N_("What you get back"), lang), paragraphs, tuple(bullets))


def _reasons(rules: PolicyRules, lang: str) -> PolicySection:
    ours = [r.label().render(lang) for r in rules.reasons if r.fault != Fault.CUSTOMER]
    yours = [r.label().render(lang) for r in rules.reasons if r.fault == Fault.CUSTOMER]
    sep = "、" if lang == "zh_CN" else ", "
    bullets = []
    if ours:
        bullets.append(tr(N_("Our fault or the carrier's: {reasons}."), lang, reasons=sep.join(ours)))
    if yours:
        bullets.append(tr(N_("Your choice: {reasons}."), lang, reasons=sep.join(yours)))
    return PolicySection(tr(N_("Reasons for a return"), lang), (), tuple(bullets))


def _approval(rules: PolicyRules, lang: str) -> tuple[str, ...]:
    """Return the sentences saying which requests are approved at once (none when no rule is on)."""
    auto, cur, out = rules.auto_approve, rules.currency, []
    names = [r.label().render(lang) for r in rules.reasons if r.code in auto.reasons]
    if auto.refund_max > 0 and names:
        out.append(tr(N_("Requests for at most {amount} because of {reasons} are approved at once."), lang,
                      amount=fmt_money(auto.refund_max, cur, lang), reasons=("、" if lang == "zh_CN" else ", ")
                      .join(names)))
    if auto.keep_it_max > 0 and Resolution.KEEP_IT in rules.allowed_resolutions:
        out.append(tr(N_("Requests to keep an item for a refund of at most {amount} are approved at once."),
                      lang, amount=fmt_money(auto.keep_it_max, cur, lang)))
    if out:
        out.append(tr(N_("We review every other request ourselves."), lang))
    return tuple(out)


def _how(rules: PolicyRules, lang: str, contact: str) -> PolicySection:
    steps = (
        tr(N_("Ask us for a return. You receive a return number, a label and a packing slip."), lang),
        tr(N_("Pack the items with the packing slip and stick the label on the parcel."), lang),
        tr(N_("Drop the parcel off with the carrier and keep the receipt."), lang),
        tr(N_("We write to you when the parcel arrives and when your refund is on its way."), lang),
    )
    paragraphs = _approval(rules, lang)
    paragraphs += (tr(N_("Contact us: {contact}"), lang, contact=contact),) if contact else ()
    return PolicySection(tr(N_("How to return an item"), lang), paragraphs, steps, numbered=True)


def policy_document(
    rules: PolicyRules, lang: str = "en", shop_name: str = "", contact: str = "",
    effective: date | None = None, version: int | None = None,
) -> PolicyDocument:
    """Return the customer-facing policy for `rules` in `lang` ('en' or 'zh_CN')."""
    title = (tr(N_("{shop} return policy"), lang, shop=shop_name) if shop_name
             else tr(N_("Return policy"), lang))
    intro = tr(N_("If something is not right, you can send it back. This page explains how long you have, "
                  "what it costs and what you get back."), lang)
    footer_parts = []
    if effective is not None:
        footer_parts.append(tr(N_("Valid from {date}."), lang, date=fmt_date(effective, lang)))
    if version is not None:
        footer_parts.append(tr(N_("Policy version {version}."), lang, version=version))
    sections = (_window(rules, lang), _condition(rules, lang), _costs(rules, lang), _resolutions(rules, lang),
                _reasons(rules, lang), _how(rules, lang, contact))
    return PolicyDocument(lang, title, intro, sections, " ".join(footer_parts))


def policy_terms(rules: PolicyRules, lang: str = "en") -> tuple[str, ...]:
    """Return the few policy sentences printed on customer instructions."""
    doc = policy_document(rules, lang)
    window, condition, costs, result = doc.sections[0], doc.sections[1], doc.sections[2], doc.sections[3]
    return (window.paragraphs[0], condition.paragraphs[0], *costs.bullets[:2], result.paragraphs[0])


def _md_escape(text: str) -> str:
    out = text.replace("\\", "\\\\")
    for ch in "*_`[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return out


def to_markdown(doc: PolicyDocument) -> str:
    """Render the policy as Markdown (text escaped so names never turn into markup)."""
    lines = [f"# {_md_escape(doc.title)}", "", _md_escape(doc.intro), ""]
    for section in doc.sections:
        lines += [f"## {_md_escape(section.heading)}", ""]
        lines += [p for para in section.paragraphs for p in (_md_escape(para), "")]
        for number, bullet in enumerate(section.bullets, start=1):
            lines.append(f"{number}. {_md_escape(bullet)}" if section.numbered else f"- {_md_escape(bullet)}")
        if section.bullets:
            lines.append("")
    if doc.footer:
        lines += [f"_{_md_escape(doc.footer)}_", ""]
    return "\n".join(lines)


_CSS = ("body{font-family:system-ui,-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei',"
        "'Noto Sans CJK SC',sans-serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.6;"
        "color:#222}h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.6em}footer{color:#666;"
        "font-size:.9em;margin-top:2em}")


def to_html(doc: PolicyDocument) -> str:
    """Render the policy as one self-contained HTML page (inline style, no scripts, text escaped)."""
    esc = html.escape
    lang = "zh-CN" if doc.lang == "zh_CN" else "en"
    parts = [f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
             f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
             f"<title>{esc(doc.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
             f"<h1>{esc(doc.title)}</h1>\n<p>{esc(doc.intro)}</p>\n"]
    for section in doc.sections:
        parts.append(f"<section>\n<h2>{esc(section.heading)}</h2>\n")
        parts += [f"<p>{esc(p)}</p>\n" for p in section.paragraphs]
        if section.bullets:
            tag = "ol" if section.numbered else "ul"
            items = "".join(f"<li>{esc(b)}</li>\n" for b in section.bullets)
            parts.append(f"<{tag}>\n{items}</{tag}>\n")
        parts.append("</section>\n")
    if doc.footer:
        parts.append(f"<footer>{esc(doc.footer)}</footer>\n")
    parts.append("</main>\n</body>\n</html>\n")
    return "".join(parts)
