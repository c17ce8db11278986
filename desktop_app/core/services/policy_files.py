"""A policy draft from a TOML file: the rules it names over the published ones, every key checked."""

from __future__ import annotations

import tomllib
from dataclasses import fields
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop_app.core.domain.policy import PolicyRules
from desktop_app.core.i18n import Message
from desktop_app.core.services import policies
from desktop_app.core.services.base import InvalidInput, ServiceContext, require_owner

RULE_KEYS = tuple(f.name for f in fields(PolicyRules))
_BAD_VALUE = (KeyError, ValueError, TypeError, AttributeError, InvalidOperation)


def _table(text: str) -> tuple[dict[str, Any], str, str]:
    """Return (rules, title, note) of a TOML text: rules at the top or under [rules]."""
    try:
        data = tomllib.loads(text, parse_float=Decimal)  # amounts and percentages never pass through float
    except tomllib.TOMLDecodeError as error:
        raise InvalidInput(Message("The policy file is not valid TOML: {problem}", {"problem": str(error)})) from None
    title, note = str(data.pop("title", "") or ""), str(data.pop("note", "") or "")
    rules = data.pop("rules") if isinstance(data.get("rules"), dict) else {}
    rules = {**data, **rules}
    unknown = sorted(set(rules) - set(RULE_KEYS))
    if unknown:
        raise InvalidInput(Message("The policy file names rules that do not exist: {keys}. The rules are: {known}.",
                                   {"keys": ", ".join(unknown), "known": ", ".join(RULE_KEYS[:-1])}))
    if not rules:
        raise InvalidInput(Message("The policy file names no rules."))
    return rules, title, note


def rules_from_toml(text: str, base: PolicyRules | None = None) -> PolicyRules:
    """Return the rules a TOML text names over `base` (country and currency needed without one)."""
    rules, _title, _note = _table(text)
    start = base.to_dict() if base is not None else {}
    try:
        return PolicyRules.from_dict({**start, **rules})
    except _BAD_VALUE:
        for key, value in rules.items():  # name the first rule whose value cannot be read
            try:
                PolicyRules.from_dict({**start, "country": "DE", "currency": "EUR", key: value})
            except _BAD_VALUE:
                raise InvalidInput(Message("The policy file's value for {key} cannot be used: {value}.",
                                           {"key": key, "value": repr(value)[:80]})) from None
        raise InvalidInput(Message("A policy file for a shop without a published policy must name its "
                                   "country and currency.")) from None


def draft_from_toml(ctx: ServiceContext, text: str, title: str = "") -> policies.PolicyVersionInfo:
    """Save a new policy draft from a TOML text over the published rules (owner); publishing is separate."""
    require_owner(ctx, Message("edit the return policy"))
    _rules, file_title, note = _table(text)
    base = policies.current_policy(ctx.db).rules if policies.has_published_policy(ctx.db) else None
    rules = rules_from_toml(text, base)
    return policies.save_draft(ctx, rules, title=title or file_title, note=note)
