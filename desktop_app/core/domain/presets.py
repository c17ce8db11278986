"""Legal presets (EU, UK, China) and the check that lists where a draft falls below the legal minimum."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from desktop_app.core.domain.policy import (
    CategoryRule,
    Condition,
    PolicyRules,
    Resolution,
    ShippingPayer,
    WindowStart,
    condition_label,
)
from desktop_app.core.i18n import Message

# Member states of the EU plus the EEA states that apply Directive 2011/83/EU (IS, LI, NO).
EU_COUNTRIES = frozenset({
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT",
    "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
})

# Category keys that the law lets a shop exclude from the no-reason withdrawal.
CUSTOM_MADE = "custom_made"
PERISHABLE = "perishable"
SEALED_HYGIENE = "sealed_hygiene"
SEALED_MEDIA = "sealed_media"
DIGITAL = "digital"
NEWSPAPERS = "newspapers"


@dataclass(frozen=True)
class LegalMinimum:
    """What the law of a country requires of a distance sale, at the least, for a no-reason return."""

    country: str
    law: str
    window_days: int
    window_start: WindowStart
    refund_original_shipping: bool
    refund_within_business_days: int
    max_required_condition: Condition | None
    fees_allowed: bool
    exempt_categories: frozenset[str]


# EU: Directive 2011/83/EU on consumer rights.
#  art. 9(1)  14 days to withdraw without giving any reason;
#  art. 9(2)(b) for sales the period runs from the day the consumer acquires physical possession (delivery);
#  art. 13(1) the trader reimburses all payments including the costs of (standard) delivery, no later than
#             14 days after being informed (13(2): only the least expensive standard delivery);
#  art. 14(1) the consumer bears the direct cost of returning only if informed of it -> payer may be customer;
#  art. 14(2) handling beyond what is needed to establish the goods' nature lowers the refund but never
#             voids the withdrawal -> no required condition, no restocking fee;
#  art. 16    exceptions: (c) made to the consumer's specifications, (d) liable to deteriorate rapidly,
#             (e) sealed goods unsealed for health/hygiene, (i) sealed audio/video/software unsealed,
#             (j) newspapers and periodicals; (m) digital content once supply began with consent.
# 14 calendar days contain 10 business days in an ordinary fortnight, hence 10 below (an approximation:
# public holidays inside the fortnight make 10 business days run past 14 calendar days).
_EU = LegalMinimum(
    country="EU", law="Directive 2011/83/EU", window_days=14, window_start=WindowStart.DELIVERY,
    refund_original_shipping=True, refund_within_business_days=10, max_required_condition=None,
    fees_allowed=False,
    exempt_categories=frozenset({CUSTOM_MADE, PERISHABLE, SEALED_HYGIENE, SEALED_MEDIA, NEWSPAPERS, DIGITAL}),
)

# UK: Consumer Contracts (Information, Cancellation and Additional Charges) Regulations 2013 (SI 2013/3134).
#  reg. 29-30 14 days to cancel, for goods ending 14 days after the goods come into physical possession;
#  reg. 34    reimbursement of all payments including standard delivery, within 14 days;
#  reg. 34(9)-(12) deductions only for diminished value from excessive handling, so no restocking fee;
#  reg. 35    the consumer bears return costs only if told so;
#  reg. 28    exceptions: personalised, perishable, sealed hygiene, sealed media, newspapers, digital.
_UK = LegalMinimum(
    country="GB", law="Consumer Contracts Regulations 2013", window_days=14,
    window_start=WindowStart.DELIVERY, refund_original_shipping=True, refund_within_business_days=10,
    max_required_condition=None, fees_allowed=False,
    exempt_categories=frozenset({CUSTOM_MADE, PERISHABLE, SEALED_HYGIENE, SEALED_MEDIA, NEWSPAPERS, DIGITAL}),
)

# China: Consumer Rights Protection Law (消费者权益保护法, 2013 revision), art. 25:
#  goods bought online, by TV, phone or mail may be returned within 7 days of receipt without a reason;
#  exempt: custom-made goods, fresh/live/perishable goods, digital goods downloaded or unsealed by the
#  consumer (audio/video, software), delivered newspapers and periodicals;
#  the goods must be returned intact (完好) -> Interim Measures for 7-day No-reason Returns of Online
#  Purchases (网络购买商品七日无理由退货暂行办法, SAIC Order No. 90, 2017) art. 8: opening the package to
#  inspect or reasonably trying the goods keeps them "intact", so at most "like new" may be required;
#  the seller refunds the price within 7 days of receiving the goods back (5 business days in an ordinary
#  week; a promise in business days is an approximation of the calendar-day limit around Golden Weeks);
#  the consumer bears return shipping unless agreed otherwise; the law speaks of the price paid, not the
#  original delivery charge, so refunding original shipping is not a minimum.
_CN = LegalMinimum(
    country="CN", law="Consumer Rights Protection Law art. 25", window_days=7,
    window_start=WindowStart.DELIVERY, refund_original_shipping=False, refund_within_business_days=5,
    max_required_condition=Condition.LIKE_NEW, fees_allowed=False,
    exempt_categories=frozenset({CUSTOM_MADE, PERISHABLE, DIGITAL, SEALED_MEDIA, NEWSPAPERS}),
)


def legal_minimum(country: str) -> LegalMinimum | None:
    """Return the legal minimum for a shop's country (ISO code; "EU" and "UK" accepted), or None."""
    code = (country or "").upper()
    if code == "EU" or code in EU_COUNTRIES:
        return _EU
    if code in {"GB", "UK"}:
        return _UK
    if code == "CN":
        return _CN
    return None


def _exempt_rules(keys: frozenset[str]) -> tuple[CategoryRule, ...]:
    return tuple(CategoryRule(category=k, final_sale=True) for k in sorted(keys))


PRESETS: dict[str, PolicyRules] = {
    "eu": PolicyRules(
        country="DE", currency="EUR", window_days=14, window_start=WindowStart.DELIVERY,
        category_rules=_exempt_rules(_EU.exempt_categories), required_condition=None,
        restocking_fee_percent=Decimal(0), restocking_fee_flat=Decimal(0),
        return_shipping_payer=ShippingPayer.CUSTOMER, return_shipping_cost=Decimal(0),
        refund_original_shipping=True,
        allowed_resolutions=(Resolution.REFUND, Resolution.STORE_CREDIT, Resolution.EXCHANGE),
        refund_promise_business_days=10,
    ),
    "uk": PolicyRules(
        country="GB", currency="GBP", window_days=14, window_start=WindowStart.DELIVERY,
        category_rules=_exempt_rules(_UK.exempt_categories), required_condition=None,
        restocking_fee_percent=Decimal(0), restocking_fee_flat=Decimal(0),
        return_shipping_payer=ShippingPayer.CUSTOMER, return_shipping_cost=Decimal(0),
        refund_original_shipping=True,
        allowed_resolutions=(Resolution.REFUND, Resolution.STORE_CREDIT, Resolution.EXCHANGE),
        refund_promise_business_days=10,
    ),
    "cn": PolicyRules(
        country="CN", currency="CNY", window_days=7, window_start=WindowStart.DELIVERY,
        category_rules=_exempt_rules(_CN.exempt_categories), required_condition=Condition.LIKE_NEW,
        restocking_fee_percent=Decimal(0), restocking_fee_flat=Decimal(0),
        return_shipping_payer=ShippingPayer.CUSTOMER, return_shipping_cost=Decimal(0),
        refund_original_shipping=False,
        allowed_resolutions=(Resolution.REFUND, Resolution.EXCHANGE),
        refund_promise_business_days=5,
    ),
}


def preset_for_country(country: str) -> PolicyRules | None:
    """Return the preset that matches a country's law, or None."""
    code = (country or "").upper()
    if code == "EU" or code in EU_COUNTRIES:
        return PRESETS["eu"]
    if code in {"GB", "UK"}:
        return PRESETS["uk"]
    if code == "CN":
        return PRESETS["cn"]
    return None


def legal_shortfalls(rules: PolicyRules, country: str | None = None) -> list[Message]:
    """Return one sentence per rule where a draft is less generous than the law of the shop's country."""
    minimum = legal_minimum(country or rules.country)
    if minimum is None:
        return []
    law = minimum.law
    out: list[Message] = []
    if rules.window_days < minimum.window_days:
        out.append(Message("The return window of {days} days is shorter than the {minimum} days required by "
                           "{law}.", {"days": rules.window_days, "minimum": minimum.window_days, "law": law}))
    if rules.window_start == WindowStart.ORDER and minimum.window_start == WindowStart.DELIVERY:
        out.append(Message("The return window starts at the order date; {law} counts from delivery.",
                           {"law": law}))
    for cat in rules.category_rules:
        if cat.final_sale and cat.category.casefold() not in minimum.exempt_categories:
            out.append(Message("Category {category} is final sale, but {law} exempts only: {exempt}.",
                               {"category": cat.category, "law": law,
                                "exempt": ", ".join(sorted(minimum.exempt_categories))}))
        elif not cat.final_sale and cat.window_days is not None and cat.window_days < minimum.window_days:
            out.append(Message("Category {category} has a {days}-day window, shorter than the {minimum} days "
                               "required by {law}.", {"category": cat.category, "days": cat.window_days,
                                                      "minimum": minimum.window_days, "law": law}))
        if not minimum.fees_allowed and cat.restocking_fee_percent:
            out.append(Message("Category {category} charges a restocking fee; {law} does not allow a fee on "
                               "a no-reason return.", {"category": cat.category, "law": law}))
    if not minimum.fees_allowed and (rules.restocking_fee_percent > 0 or rules.restocking_fee_flat > 0):
        out.append(Message("The policy charges a restocking fee; {law} does not allow a fee on a no-reason "
                           "return.", {"law": law}))
    if minimum.refund_original_shipping and not rules.refund_original_shipping:
        out.append(Message("{law} requires refunding the original standard delivery charge.", {"law": law}))
    if rules.refund_promise_business_days > minimum.refund_within_business_days:
        out.append(Message("Refunds promised within {days} business days; {law} requires at most {minimum}.",
                           {"days": rules.refund_promise_business_days,
                            "minimum": minimum.refund_within_business_days, "law": law}))
    strictest = minimum.max_required_condition
    required = rules.required_condition
    if required is not None and (strictest is None or required.rank < strictest.rank):
        out.append(Message("Requiring items to be {condition} is stricter than {law} allows.",
                           {"condition": condition_label(required), "law": law}))
    if Resolution.REFUND not in rules.allowed_resolutions:
        out.append(Message("{law} gives the customer their money back; allow the refund resolution.",
                           {"law": law}))
    if not any(r.fault == "customer" for r in rules.reasons):
        out.append(Message("{law} allows returns without a reason; add a customer-choice reason such as "
                           "\"Changed my mind\".", {"law": law}))
    return out


def default_rules(country: str, currency: str) -> PolicyRules:
    """Return a sensible starting policy for a shop: the legal preset of its country when there is one."""
    preset = preset_for_country(country)
    if preset is not None:
        return replace(preset, country=country.upper(), currency=currency.upper())
    return PolicyRules(country=country.upper(), currency=currency.upper())
