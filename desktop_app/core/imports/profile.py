"""Import profiles: how one export format maps its columns to ReturnDesk's fields (TOML files)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfoNotFoundError

from desktop_app.core.i18n import Message, UserFacingError
from desktop_app.core.imports.values import SHOP_ZONE, DateStyle, NumberStyle, ambiguous_formats

DEFAULT_DATES = DateStyle(("%Y-%m-%d",))
DEFAULT_NUMBERS = NumberStyle()
PROFILES_DIR = Path(__file__).resolve().parent / "profiles"
KINDS = ("orders", "returns", "products")
ENCODINGS = {"utf-8": "utf-8-sig", "utf-8-sig": "utf-8-sig", "cp1252": "cp1252", "gbk": "gbk",
             "gb18030": "gb18030", "latin-1": "latin-1"}

ORDER_FIELDS = frozenset({
    "order_number", "order_date", "status", "cancelled_at", "currency", "customer_key", "customer_name",
    "customer_email", "customer_phone", "ship_name", "ship_address1", "ship_address2", "ship_city",
    "ship_zip", "ship_province", "country", "channel", "line_number", "line_key", "sku", "product_key",
    "product_name", "quantity", "unit_price", "line_total", "original_order", "order_total",
    "shipping_total", "discount_total", "line_discount", "refunded_total", "refunds", "line_refunded",
    "tax_total", "tax_name", "line_tax", "shipping_tax",
})
RETURN_FIELDS = frozenset({
    "return_date", "order_number", "sku", "product_key", "product_name", "quantity", "unit_price",
    "reason", "condition", "comment", "status", "channel", "country", "currency", "return_key",
})
PRODUCT_FIELDS = frozenset({"product_key", "sku", "name", "price", "cost", "category", "currency"})
FIELDS = {"orders": ORDER_FIELDS, "returns": RETURN_FIELDS, "products": PRODUCT_FIELDS}
REQUIRED = {
    "orders": ("order_number",),
    "returns": ("return_date", "quantity"),
    "products": ("product_key",),
}


SETTINGS = ("name", "description", "kind", "source", "encoding", "delimiter", "date_formats", "timezone",
            "month_names", "decimal_separator", "thousands_separator", "order_lines", "currency",
            "skip_rows_containing", "optional_columns", "per_line_columns", "columns", "packed_lines", "rules",
            "catalogue", "variant", "prices_include_tax")


class ProfileError(UserFacingError):
    """A profile file that cannot be used, with a sentence saying why."""


@dataclass(frozen=True)
class ColumnRule:
    """One field: the header names that may hold it and an optional table turning values into others."""

    field: str
    headers: tuple[str, ...]
    mapping: tuple[tuple[str, str], ...] = ()
    strip_apostrophe: bool = False
    join: tuple[str, ...] = ()
    keep_unmapped: bool = False


@dataclass(frozen=True)
class PackedLines:
    """Line items packed into cells such as WooCommerce's `line_item_1` (`name:X|quantity:2|total:9`)."""

    column_prefix: str
    item_separator: str = "|"
    pair_separator: str = ":"
    keys: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ReturnRules:
    """Which rows of an order file are returns or cancellations."""

    negative_quantity: bool = False
    number_prefixes: tuple[str, ...] = ()
    return_statuses: tuple[str, ...] = ()
    cancel_statuses: tuple[str, ...] = ()
    cancelled_at_cancels: bool = False
    partial_refund_statuses: tuple[str, ...] = ()  # the order-level refunded amount names the lines it can


@dataclass(frozen=True)
class CatalogueRef:
    """A product file joined to the rows by a key column (found beside the imported file)."""

    file: str
    profile: str
    key: str = "product_key"


@dataclass(frozen=True)
class Profile:
    """Everything needed to read one export format; built-in or loaded from a TOML file."""

    name: str
    kind: str
    columns: tuple[ColumnRule, ...]
    delimiters: tuple[str, ...] = (",",)
    encoding: str = "utf-8-sig"
    dates: DateStyle = DEFAULT_DATES
    numbers: NumberStyle = DEFAULT_NUMBERS
    currency: str | None = None
    source: str = ""
    order_lines: bool = True
    packed_lines: PackedLines | None = None
    rules: ReturnRules = ReturnRules()
    catalogue: CatalogueRef | None = None
    variants: tuple[Profile, ...] = ()
    skip_rows_containing: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()  # mapped fields whose column a file may lack
    per_line: tuple[str, ...] = ()  # order-level fields whose value may differ between an order's rows
    description: str = ""
    folder: Path | None = None
    prices_include_tax: bool | None = None  # None: the shop's setting; WooCommerce's line totals are before tax

    def rule(self, name: str) -> ColumnRule | None:
        """Return the column rule of one field, if the profile maps it."""
        for rule in self.columns:
            if rule.field == name:
                return rule
        return None


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _column_rules(kind: str, table: dict[str, Any], where: str) -> tuple[ColumnRule, ...]:
    rules = []
    for name, spec in table.items():
        if name not in FIELDS[kind]:
            raise ProfileError(Message(
                "The profile {profile} names an unknown field “{field}” for {kind} files.",
                {"profile": where, "field": name, "kind": kind}))
        join: tuple[str, ...] = ()
        keep = False
        if isinstance(spec, dict):
            keep = spec.get("unmapped", "error") == "keep"
            join = _as_tuple(spec.get("join"))
            headers = _as_tuple(spec.get("column") or spec.get("columns")) or join[:1]
            mapping = tuple((str(k), str(v)) for k, v in (spec.get("map") or {}).items())
            strip = bool(spec.get("strip_apostrophe", False))
        else:
            headers, mapping, strip = _as_tuple(spec), (), False
        if not headers:
            raise ProfileError(Message("The profile {profile} gives no column for the field “{field}”.",
                                       {"profile": where, "field": name}))
        strip = strip or name in ("ship_zip", "customer_phone")
        rules.append(ColumnRule(name, headers, mapping, strip, join, keep))
    return tuple(rules)


def check_kind(kind: Any, profile: str) -> None:
    """Refuse a profile whose kind is not orders, returns or products."""
    if kind not in KINDS:
        raise ProfileError(Message("The profile {profile} must say kind = \"orders\", \"returns\" or "
                                   "\"products\".", {"profile": profile}))


DATE_FORMAT_MAX = 64


def _check_one_format(form: str, profile: str) -> None:
    """Refuse a date format that is too long or that Python cannot use (e.g. the year twice)."""
    problem = len(form) > DATE_FORMAT_MAX
    if not problem:
        try:
            datetime.strptime("", form)
        except re.error:
            problem = True
        except ValueError:
            pass
    if problem:
        shown = form[:DATE_FORMAT_MAX] + ("…" if len(form) > DATE_FORMAT_MAX else "")
        raise ProfileError(Message("The profile {profile} has a date format that cannot be used: {format}. A date "
                                   "format is short and names each part once, e.g. %d.%m.%Y.",
                                   {"profile": profile, "format": shown}))


def check_date_formats(formats: tuple[str, ...], profile: str) -> None:
    """Refuse a profile with no date formats, or with two that read the same date two ways."""
    if not formats:
        raise ProfileError(Message("The profile {profile} must list its date formats.", {"profile": profile}))
    for form in formats:
        _check_one_format(form, profile)
    clash = ambiguous_formats(formats)
    if clash:
        raise ProfileError(Message("The profile {profile} lists the date formats {first} and {second}, "
                                   "which read the same date two ways; keep only one.",
                                   {"profile": profile, "first": clash[0], "second": clash[1]}))


def check_settings(data: dict[str, Any], profile: str) -> None:
    """Refuse a profile with a setting ReturnDesk does not know (a typo would otherwise go unnoticed)."""
    unknown = sorted(key for key in data if key not in SETTINGS)
    if unknown:
        raise ProfileError(Message("The profile {profile} has settings ReturnDesk does not know: {unknown}. "
                                   "The settings are: {known}.",
                                   {"profile": profile, "unknown": ", ".join(unknown), "known": ", ".join(SETTINGS)}))


def _date_formats(value: Any, where: str) -> tuple[str, ...]:
    if value is None or isinstance(value, str):
        return _as_tuple(value)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ProfileError(Message("The profile {profile} must list its date formats as text, such as "
                                   "date_formats = [\"%Y-%m-%d\"].", {"profile": where}))
    if not value:
        raise ProfileError(Message("The profile {profile} must list its date formats.", {"profile": where}))
    return tuple(value)


def _skip_phrases(data: dict[str, Any], where: str, base: Profile | None) -> tuple[str, ...]:
    """Return the note-row phrases; an empty phrase would skip every row, so it is refused."""
    if "skip_rows_containing" not in data:
        return base.skip_rows_containing if base else ()
    phrases = _as_tuple(data["skip_rows_containing"])
    if any(not phrase.strip() for phrase in phrases):
        raise ProfileError(Message("The profile {profile} lists an empty text in skip_rows_containing, which "
                                   "would skip every row; remove it.", {"profile": where}))
    return phrases


def _date_style(data: dict[str, Any], where: str, base: Profile | None) -> DateStyle:
    """Return the profile's date formats, month names and time zone, or refuse a zone that does not exist."""
    formats = _date_formats(data.get("date_formats"), where) or (base.dates.formats if base else ())
    check_date_formats(formats, where)
    months = data.get("month_names")
    month_names = (tuple((str(k), int(v)) for k, v in months.items()) if months is not None
                   else (base.dates.month_names if base else ()))
    dates = DateStyle(formats, str(data.get("timezone", base.dates.timezone if base else SHOP_ZONE)), month_names)
    try:
        dates.zone()
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ProfileError(Message("The profile {profile} names an unknown time zone: {zone}.",
                                   {"profile": where, "zone": dates.timezone})) from exc
    return dates


def _number_style(data: dict[str, Any], where: str, base: Profile | None) -> NumberStyle:
    """Return the profile's decimal and thousands separators, or refuse a pair that cannot be told apart."""
    numbers = NumberStyle(
        str(data.get("decimal_separator", base.numbers.decimal if base else ".")),
        str(data.get("thousands_separator", base.numbers.thousands if base else "")),
    )
    if numbers.decimal == numbers.thousands or len(numbers.decimal) != 1:
        raise ProfileError(Message("The profile {profile} needs one decimal separator different from the "
                                   "thousands separator.", {"profile": where}))
    return numbers


def _include_tax(data: dict[str, Any], where: str, base: Profile | None) -> bool | None:
    """Return whether the file's prices hold their tax: true, false or "shop" (the shop's setting)."""
    value = data.get("prices_include_tax", base.prices_include_tax if base else "shop")
    if value is None or value == "shop":
        return None
    if not isinstance(value, bool):
        raise ProfileError(Message("The profile {profile} must set prices_include_tax to true, false or "
                                   "\"shop\".", {"profile": where}))
    return value


def _check_profile(profile: Profile, kind: str, where: str, base: Profile | None) -> None:
    """Refuse unknown fields, a delimiter longer than a character, a bad currency or an unmapped required field."""
    unknown = [f for f in (*profile.optional, *profile.per_line) if f not in FIELDS[kind]]
    if unknown:
        raise ProfileError(Message(
            "The profile {profile} names an unknown field “{field}” for {kind} files.",
            {"profile": where, "field": unknown[0], "kind": kind}))
    if any(not isinstance(d, str) or len(d) != 1 for d in profile.delimiters):
        raise ProfileError(Message("The profile {profile} needs a delimiter of exactly one character.",
                                   {"profile": where}))
    if profile.currency is not None and not (isinstance(profile.currency, str) and len(profile.currency) == 3
                                             and profile.currency.isalpha()):
        raise ProfileError(Message("The profile {profile} names a currency that is not a three-letter code "
                                   "such as EUR.", {"profile": where}))
    if base is None and not profile.packed_lines:
        missing = [f for f in REQUIRED[kind] if profile.rule(f) is None]
        if missing:
            raise ProfileError(Message("The profile {profile} must map the field “{field}”.",
                                       {"profile": where, "field": missing[0]}))


def _build(data: dict[str, Any], where: str, folder: Path | None, base: Profile | None = None) -> Profile:
    check_settings(data, where)
    kind = data.get("kind", base.kind if base else None)
    check_kind(kind, where)
    kind = str(kind)
    encoding_name = str(data.get("encoding", "utf-8")).lower() if "encoding" in data or not base else None
    if encoding_name is not None and encoding_name not in ENCODINGS:
        raise ProfileError(Message("The profile {profile} names an encoding ReturnDesk does not read: "
                                   "{encoding}.", {"profile": where, "encoding": encoding_name}))
    dates, numbers = _date_style(data, where, base), _number_style(data, where, base)
    columns = _column_rules(kind, data["columns"], where) if "columns" in data else (
        base.columns if base else ())
    packed = data.get("packed_lines")
    rules = data.get("rules")
    catalogue = data.get("catalogue")
    profile = Profile(
        name=str(data.get("name", base.name if base else where)),
        kind=kind,
        columns=columns,
        delimiters=_as_tuple(data.get("delimiter")) or (base.delimiters if base else (",",)),
        encoding=ENCODINGS[encoding_name] if encoding_name else (base.encoding if base else "utf-8-sig"),
        dates=dates,
        numbers=numbers,
        currency=data.get("currency", base.currency if base else None),
        source=str(data.get("source", base.source if base else data.get("name", ""))),
        order_lines=bool(data.get("order_lines", base.order_lines if base else True)),
        packed_lines=PackedLines(
            str(packed["column_prefix"]), str(packed.get("item_separator", "|")),
            str(packed.get("pair_separator", ":")),
            tuple((str(k), str(v)) for k, v in packed.get("keys", {}).items()),
        ) if packed else (base.packed_lines if base else None),
        rules=ReturnRules(
            bool(rules.get("negative_quantity", False)), _as_tuple(rules.get("number_prefixes")),
            tuple(s.casefold() for s in _as_tuple(rules.get("return_statuses"))),
            tuple(s.casefold() for s in _as_tuple(rules.get("cancel_statuses"))),
            bool(rules.get("cancelled_at_cancels", False)),
            tuple(s.casefold() for s in _as_tuple(rules.get("partial_refund_statuses"))),
        ) if rules else (base.rules if base else ReturnRules()),
        catalogue=CatalogueRef(str(catalogue["file"]), str(catalogue["profile"]),
                               str(catalogue.get("key", "product_key")))
        if catalogue else (base.catalogue if base else None),
        description=str(data.get("description", base.description if base else "")),
        skip_rows_containing=_skip_phrases(data, where, base),
        optional=_as_tuple(data["optional_columns"]) if "optional_columns" in data else (
            base.optional if base else ()),
        per_line=_as_tuple(data["per_line_columns"]) if "per_line_columns" in data else (
            base.per_line if base else ()),
        folder=folder,
        prices_include_tax=_include_tax(data, where, base),
    )
    _check_profile(profile, kind, where, base)
    if base is None:
        variants = tuple(_build(v, where, folder, profile) for v in data.get("variant", []))
        profile = replace(profile, variants=variants)
    return profile


def in_shop_zone(profile: Profile, zone: str) -> Profile:
    """Return the profile with "shop" time zones (its own and its variants') set to the shop's zone."""
    def fix(p: Profile) -> Profile:
        return replace(p, dates=replace(p.dates, timezone=zone)) if p.dates.timezone == SHOP_ZONE else p

    return replace(fix(profile), variants=tuple(fix(v) for v in profile.variants))


def builtin_names() -> list[str]:
    """Return the names of the profiles that ship with ReturnDesk."""
    return sorted(p.stem for p in PROFILES_DIR.glob("*.toml"))


def load_profile(name_or_path: str | Path) -> Profile:
    """Load a built-in profile by name (`shopify`, `ebay`, ...) or a custom profile from a TOML file."""
    text = str(name_or_path)
    path = Path(text)
    if not text.endswith(".toml") and (PROFILES_DIR / f"{text}.toml").is_file():
        path = PROFILES_DIR / f"{text}.toml"
    if not path.is_file():
        raise ProfileError(Message("There is no import profile called {name}. Built-in profiles: {names}.",
                                   {"name": text, "names": ", ".join(builtin_names())}))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProfileError(Message("The file {path} cannot be read: {reason}",
                                   {"path": str(path), "reason": exc.strerror or str(exc)})) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise ProfileError(Message("The profile file {path} is not valid TOML: {problem}",
                                   {"path": str(path), "problem": str(exc)})) from exc
    try:
        return _build(data, path.name, path.parent)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ProfileError(Message("The profile file {path} has a setting of the wrong kind: {problem}",
                                   {"path": str(path), "problem": repr(exc)})) from exc
