"""Validation of a policy draft and the differences between two versions, as sentences for the owner."""

from __future__ import annotations

from dataclasses import fields
from decimal import Decimal
from typing import Any

from desktop_app.core.domain.errors import InvalidCurrency
from desktop_app.core.domain.money import exponent
from desktop_app.core.domain.policy import PolicyRules, Resolution
from desktop_app.core.i18n import Message

_MAX_WINDOW_DAYS = 3660
_MAX_TRANSIT_DAYS = 60


def _valid_day(month: int, day: int) -> bool:
    days_in = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    return 1 <= month <= 12 and 1 <= day <= days_in[month - 1]


def _percent_problems(value: Decimal, what: Message) -> list[Message]:
    if value < 0:
        return [Message("{what} cannot be negative.", {"what": what})]
    if value > 100:
        return [Message("{what} cannot be more than 100 %.", {"what": what})]
    return []


def _currency_amount_problems(rules: PolicyRules) -> list[Message]:
    """Return the problems of the amounts for other currencies: known codes, once each, never negative."""
    out: list[Message] = []
    seen = {rules.currency.upper()}
    for amounts in rules.currency_amounts:
        try:
            exponent(amounts.currency)
        except InvalidCurrency as exc:
            out.append(exc.message)
            continue
        if amounts.currency.upper() in seen:
            out.append(Message("The amounts in {currency} are given twice.", {"currency": amounts.currency}))
        seen.add(amounts.currency.upper())
        if min(amounts.return_shipping_cost, amounts.keep_it_below, amounts.restocking_fee_flat,
               amounts.auto_approve_max, amounts.auto_keep_it_max) < 0:
            out.append(Message("The amounts in {currency} cannot be negative.", {"currency": amounts.currency}))
    return out


def _reason_problems(rules: PolicyRules) -> list[Message]:
    """Return the problems of the return reasons: codes missing or used twice, English names missing."""
    out: list[Message] = []
    seen: set[str] = set()
    for reason in rules.reasons:
        if not reason.code.strip():
            out.append(Message("Every return reason needs a code."))
        elif reason.code in seen:
            out.append(Message("The reason code {code} is used twice.", {"code": reason.code}))
        seen.add(reason.code)
        if reason.code.strip() and not reason.label_en.strip():
            out.append(Message("The reason {code} needs an English name.", {"code": reason.code}))
    return out


def _auto_approve_problems(rules: PolicyRules) -> list[Message]:
    """Return the problems of the auto-approve rules: negative limits, unknown reasons, keep-it not offered."""
    auto, out = rules.auto_approve, []
    if auto.refund_max < 0 or auto.keep_it_max < 0:
        out.append(Message("The auto-approve limits cannot be negative."))
    for code in auto.reasons:
        if rules.reason(code) is None:
            out.append(Message("The auto-approve rule names the reason {code}, which the policy does not have.",
                               {"code": code}))
    if len(set(auto.reasons)) != len(auto.reasons):
        out.append(Message("A reason is listed twice in the auto-approve rule."))
    per_currency = any(a.auto_approve_max > 0 for a in rules.currency_amounts)
    if (auto.refund_max > 0 or per_currency) and not auto.reasons:
        out.append(Message("Choose the reasons whose requests are approved at once, or set the auto-approve "
                           "limit to 0."))
    keep_it = auto.keep_it_max > 0 or any(a.auto_keep_it_max > 0 for a in rules.currency_amounts)
    if keep_it and Resolution.KEEP_IT not in rules.allowed_resolutions:
        out.append(Message("Keep-it requests are approved at once but keep-it is not an allowed resolution."))
    return out


def _category_problems(rules: PolicyRules) -> list[Message]:
    """Return the problems of the category rules: names missing or used twice, bad windows or fees."""
    out: list[Message] = []
    cats: set[str] = set()
    for cat in rules.category_rules:
        key = cat.category.strip().casefold()
        if not key:
            out.append(Message("A category rule has no category name."))
        elif key in cats:
            out.append(Message("The category {category} has two rules.", {"category": cat.category}))
        cats.add(key)
        if cat.window_days is not None and cat.window_days < 0:
            out.append(Message("The return window of {category} cannot be negative.",
                               {"category": cat.category}))
        if cat.restocking_fee_percent is not None:
            out += _percent_problems(cat.restocking_fee_percent,
                                     Message("The restocking fee of {category}", {"category": cat.category}))
    return out


def validate_rules(rules: PolicyRules) -> list[Message]:
    """Return the problems of a draft; an empty list means it can be published."""
    out: list[Message] = []
    try:
        exponent(rules.currency)
    except InvalidCurrency as exc:
        out.append(exc.message)
    if not rules.country or len(rules.country) != 2 or not rules.country.isalpha():
        out.append(Message("Choose the shop's country as a two-letter code such as DE, GB or CN."))
    if rules.window_days < 0:
        out.append(Message("The return window cannot be negative."))
    elif rules.window_days > _MAX_WINDOW_DAYS:
        out.append(Message("The return window cannot be longer than {days} days.",
                           {"days": _MAX_WINDOW_DAYS}))
    if not 0 <= rules.assumed_transit_days <= _MAX_TRANSIT_DAYS:
        out.append(Message("The assumed days in transit must be between 0 and {days}.",
                           {"days": _MAX_TRANSIT_DAYS}))
    out += _currency_amount_problems(rules)
    out += _percent_problems(rules.restocking_fee_percent, Message("The restocking fee"))
    if rules.restocking_fee_flat < 0:
        out.append(Message("The flat restocking fee cannot be negative."))
    if rules.return_shipping_cost < 0:
        out.append(Message("The return shipping cost cannot be negative."))
    out += _percent_problems(rules.store_credit_bonus_percent, Message("The store credit bonus"))
    if rules.keep_it_below < 0:
        out.append(Message("The keep-it limit cannot be negative."))
    if rules.refund_promise_business_days < 0:
        out.append(Message("The refund promise cannot be a negative number of business days."))
    if not rules.reasons:
        out.append(Message("Add at least one return reason."))
    out += _reason_problems(rules)
    if not rules.allowed_resolutions:
        out.append(Message("Allow at least one resolution (refund, store credit, exchange...)."))
    if len(set(rules.allowed_resolutions)) != len(rules.allowed_resolutions):
        out.append(Message("A resolution is listed twice."))
    if rules.keep_it_below > 0 and Resolution.KEEP_IT not in rules.allowed_resolutions:
        out.append(Message("A keep-it limit is set but keep-it is not an allowed resolution."))
    if Resolution.KEEP_IT in rules.allowed_resolutions and rules.keep_it_below <= 0:
        out.append(Message("Keep-it is allowed but its value limit is not set."))
    if rules.store_credit_bonus_percent > 0 and Resolution.STORE_CREDIT not in rules.allowed_resolutions:
        out.append(Message("A store credit bonus is set but store credit is not an allowed resolution."))
    out += _category_problems(rules)
    out += _auto_approve_problems(rules)
    ext = rules.holiday_extension
    if ext is not None:
        days = (ext.purchased_from, ext.purchased_to, ext.return_until)
        if not all(len(d) == 2 and _valid_day(int(d[0]), int(d[1])) for d in days):
            out.append(Message("The holiday extension has a day that does not exist."))
    return out


_FIELD_NAMES = {
    "country": Message("Country"),
    "currency": Message("Currency"),
    "window_days": Message("Return window (days)"),
    "window_start": Message("Window starts at"),
    "assumed_transit_days": Message("Assumed days in transit"),
    "holiday_extension": Message("Holiday extension"),
    "category_rules": Message("Category rules"),
    "required_condition": Message("Required condition"),
    "reasons": Message("Return reasons"),
    "restocking_fee_percent": Message("Restocking fee (%)"),
    "restocking_fee_flat": Message("Flat restocking fee"),
    "return_shipping_payer": Message("Return shipping paid by"),
    "return_shipping_cost": Message("Return label cost"),
    "refund_original_shipping": Message("Refund original shipping"),
    "allowed_resolutions": Message("Allowed resolutions"),
    "store_credit_bonus_percent": Message("Store credit bonus (%)"),
    "keep_it_below": Message("Keep-it below"),
    "refund_promise_business_days": Message("Refund promise (business days)"),
    "currency_amounts": Message("Amounts in other currencies"),
    "auto_approve": Message("Auto-approve rules"),
}


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_show(v) if not isinstance(v, dict) else str(v.get("code") or v.get("category") or v)
                         for v in value) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{k}={_show(v)}" for k, v in value.items())
    return str(value)


_AUTO_NAMES = {
    "refund_max": Message("Auto-approve refunds up to"),
    "reasons": Message("Auto-approve reasons"),
    "keep_it_max": Message("Auto-approve keep-it up to"),
}


def _changes(names: dict[str, Message], old: dict[str, Any], new: dict[str, Any]) -> list[Message]:
    """Return one sentence per named value that differs between two JSON objects."""
    return [Message("{field} changed from {old} to {new}.",
                    {"field": label, "old": _show(old.get(key)), "new": _show(new.get(key))})
            for key, label in names.items() if old.get(key) != new.get(key)]


def diff_rules(a: PolicyRules, b: PolicyRules) -> list[Message]:
    """Return one sentence per rule that changed from version `a` to version `b`."""
    da, db = a.to_dict(), b.to_dict()
    out: list[Message] = []
    for f in fields(PolicyRules):
        name = f.name
        if name == "extra" or da.get(name) == db.get(name):
            continue
        label = _FIELD_NAMES.get(name, Message(name))
        if name == "auto_approve":
            out += _changes(_AUTO_NAMES, da[name], db[name])
            continue
        if name in {"reasons", "category_rules"}:
            key = "code" if name == "reasons" else "category"
            old = {item[key]: item for item in da[name]}
            new = {item[key]: item for item in db[name]}
            for k in new.keys() - old.keys():
                out.append(Message("{field}: added {item}.", {"field": label, "item": k}))
            for k in old.keys() - new.keys():
                out.append(Message("{field}: removed {item}.", {"field": label, "item": k}))
            for k in sorted(old.keys() & new.keys()):
                if old[k] != new[k]:
                    out.append(Message("{field}: changed {item}.", {"field": label, "item": k}))
            continue
        out.append(Message("{field} changed from {old} to {new}.",
                           {"field": label, "old": _show(da.get(name)), "new": _show(db.get(name))}))
    return out
