"""The mapping editor's plain values: start from a profile (or blank) and turn the choices into a Profile."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from desktop_app.core.i18n import Message
from desktop_app.core.imports.profile import (
    FIELDS,
    REQUIRED,
    ColumnRule,
    Profile,
    ProfileError,
    ReturnRules,
    check_date_formats,
    check_kind,
)
from desktop_app.core.imports.reader import normalise_header
from desktop_app.core.imports.values import DateStyle, NumberStyle

KEEP = "\x00keep"  # a field's choice meaning "keep the starting profile's rule (its column is not in this file)"
ENCODING_CHOICES = ("utf-8", "utf-8-sig", "cp1252", "gbk")
DELIMITER_CHOICES = (",", ";", "\t", "|")


@dataclass
class MappingChoice:
    """Everything the mapping editor lets a person set, as plain values."""

    name: str = ""
    kind: str = "orders"
    source: str = ""
    encoding: str = "utf-8"
    delimiter: str = ","
    date_formats: list[str] = field(default_factory=lambda: ["%Y-%m-%d"])
    timezone: str = "shop"
    decimal: str = "."
    thousands: str = ""
    currency: str = ""
    currency_column: str = ""
    columns: dict[str, str] = field(default_factory=dict)
    negative_quantity: bool = False
    number_prefixes: list[str] = field(default_factory=list)
    return_statuses: list[str] = field(default_factory=list)
    cancel_statuses: list[str] = field(default_factory=list)
    cancelled_at_cancels: bool = False


def ordered_fields(kind: str) -> list[str]:
    """Return a kind's fields, required ones first, then alphabetically."""
    required = list(REQUIRED[kind])
    return required + sorted(f for f in FIELDS[kind] if f not in required and f != "currency")


def _pick(rule: ColumnRule | None, header: list[str]) -> str:
    if rule is None:
        return ""
    names = {normalise_header(h): h for h in header}
    for alias in rule.headers:
        if normalise_header(alias) in names:
            return names[normalise_header(alias)]
    return KEEP


def choice_from(profile: Profile | None, header: list[str]) -> MappingChoice:
    """Return the editor's starting values: a profile's settings and its columns found in this header."""
    if profile is None:
        return MappingChoice(delimiter=",")
    encoding = "utf-8" if profile.encoding == "utf-8-sig" else profile.encoding
    currency_rule = profile.rule("currency")
    rules = profile.rules
    return MappingChoice(
        name=profile.name, kind=profile.kind, source=profile.source, encoding=encoding,
        delimiter=profile.delimiters[0], date_formats=list(profile.dates.formats),
        timezone=profile.dates.timezone, decimal=profile.numbers.decimal, thousands=profile.numbers.thousands,
        currency=profile.currency or "", currency_column=_pick(currency_rule, header),
        columns={f: _pick(profile.rule(f), header) for f in ordered_fields(profile.kind) if profile.rule(f)},
        negative_quantity=rules.negative_quantity, number_prefixes=list(rules.number_prefixes),
        return_statuses=list(rules.return_statuses), cancel_statuses=list(rules.cancel_statuses),
        cancelled_at_cancels=rules.cancelled_at_cancels)


def _rule(name: str, chosen: str, base: Profile | None) -> ColumnRule | None:
    old = base.rule(name) if base is not None and base.kind else None
    if chosen == KEEP:
        return old
    if not chosen:
        return None
    if old is not None and normalise_header(chosen) in {normalise_header(h) for h in old.headers}:
        others = tuple(h for h in old.headers if normalise_header(h) != normalise_header(chosen))
        return replace(old, headers=(chosen, *others))  # keep its value table and other spellings
    return ColumnRule(name, (chosen,), strip_apostrophe=name in ("ship_zip", "customer_phone"))


def custom_profile(choice: MappingChoice, base: Profile | None = None) -> Profile:
    """Return the Profile the choices describe (the base's packed lines, catalogue and variants kept)."""
    name = choice.name.strip()
    if not name:
        raise ProfileError(Message("Give the profile a name."))
    check_kind(choice.kind, name)
    formats = tuple(f.strip() for f in choice.date_formats if f.strip())
    check_date_formats(formats, name)
    same_kind = base if base is not None and base.kind == choice.kind else None
    wanted = dict(choice.columns)
    wanted["currency"] = choice.currency_column if "currency" in FIELDS[choice.kind] else ""
    columns = tuple(rule for f, chosen in wanted.items() if f in FIELDS[choice.kind]
                    if (rule := _rule(f, chosen, same_kind)) is not None)
    if not (same_kind and same_kind.packed_lines):
        missing = [f for f in REQUIRED[choice.kind] if not any(r.field == f for r in columns)]
        if missing:
            raise ProfileError(Message("The profile {profile} must map the field “{field}”.",
                                       {"profile": name, "field": missing[0]}))
    rules = ReturnRules(choice.negative_quantity, tuple(p for p in choice.number_prefixes if p),
                        tuple(s.casefold() for s in choice.return_statuses if s),
                        tuple(s.casefold() for s in choice.cancel_statuses if s), choice.cancelled_at_cancels,
                        same_kind.rules.partial_refund_statuses if same_kind else ())
    months = same_kind.dates.month_names if same_kind else ()
    kept = tuple(f for f, chosen in wanted.items() if chosen == KEEP and any(r.field == f for r in columns))
    optional = tuple(dict.fromkeys((*(same_kind.optional if same_kind else ()), *kept)))
    return Profile(
        name=name, kind=choice.kind, columns=columns, delimiters=(choice.delimiter,),
        encoding="utf-8-sig" if choice.encoding.startswith("utf-8") else choice.encoding,
        dates=DateStyle(formats, choice.timezone.strip() or "shop", months),
        numbers=NumberStyle(choice.decimal, choice.thousands), currency=choice.currency.strip().upper() or None,
        source=choice.source.strip() or name, order_lines=same_kind.order_lines if same_kind else True,
        packed_lines=same_kind.packed_lines if same_kind else None,
        rules=rules if choice.kind == "orders" else ReturnRules(),
        catalogue=same_kind.catalogue if same_kind else None,
        variants=same_kind.variants if same_kind else (),
        skip_rows_containing=same_kind.skip_rows_containing if same_kind else (),
        optional=optional, per_line=same_kind.per_line if same_kind else (),
        description=same_kind.description if same_kind else "")
