"""Write a Profile back as TOML that `load_profile` reads identically, and keep custom profiles on disk."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from desktop_app.core.i18n import Message
from desktop_app.core.imports.profile import ColumnRule, Profile, ProfileError, ReturnRules, load_profile

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_IMPLIED_STRIP = ("ship_zip", "customer_phone")


def _string(text: str) -> str:
    """Return a TOML basic string (JSON's escapes are TOML's, except DEL must be escaped too)."""
    return json.dumps(str(text), ensure_ascii=False).replace("\x7f", "\\u007f")


def _key(name: str) -> str:
    return name if _BARE_KEY.fullmatch(name) else _string(name)


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }" if value else "{}"
    return _string(str(value))


def _headers(headers: tuple[str, ...]) -> object:
    return headers[0] if len(headers) == 1 else list(headers)


def _column(rule: ColumnRule) -> object:
    implied = rule.field in _IMPLIED_STRIP
    if not (rule.mapping or rule.join or rule.keep_unmapped or (rule.strip_apostrophe and not implied)):
        return _headers(rule.headers)
    spec: dict[str, object] = {"column": _headers(rule.headers)}
    if rule.join:
        spec["join"] = list(rule.join)
    if rule.mapping:
        spec["map"] = dict(rule.mapping)
    if rule.keep_unmapped:
        spec["unmapped"] = "keep"
    if rule.strip_apostrophe and not implied:
        spec["strip_apostrophe"] = True
    return spec


def _settings(profile: Profile, variant: bool) -> list[tuple[str, object]]:
    items: list[tuple[str, object]] = [
        ("name", profile.name), ("description", profile.description), ("kind", profile.kind),
        ("source", profile.source), ("encoding", profile.encoding), ("delimiter", _headers(profile.delimiters)),
        ("date_formats", list(profile.dates.formats)), ("timezone", profile.dates.timezone)]
    if profile.dates.month_names or variant:  # a variant's empty table overrides its base's names
        items.append(("month_names", dict(profile.dates.month_names)))
    items += [("decimal_separator", profile.numbers.decimal),
              ("thousands_separator", profile.numbers.thousands), ("order_lines", profile.order_lines)]
    if profile.currency is not None:
        items.append(("currency", profile.currency))
    if profile.skip_rows_containing:
        items.append(("skip_rows_containing", list(profile.skip_rows_containing)))
    if profile.optional:
        items.append(("optional_columns", list(profile.optional)))
    if profile.per_line:
        items.append(("per_line_columns", list(profile.per_line)))
    if profile.prices_include_tax is not None:
        items.append(("prices_include_tax", profile.prices_include_tax))
    return items


def _tables(profile: Profile, prefix: str) -> list[str]:
    lines = [f"{_key(k)} = {_value(v)}" for k, v in _settings(profile, bool(prefix))]
    if profile.columns:
        lines += ["", f"[{prefix}columns]"]
        lines += [f"{_key(r.field)} = {_value(_column(r))}" for r in profile.columns]
    if profile.packed_lines:
        packed = profile.packed_lines
        lines += ["", f"[{prefix}packed_lines]", f"column_prefix = {_string(packed.column_prefix)}",
                  f"item_separator = {_string(packed.item_separator)}",
                  f"pair_separator = {_string(packed.pair_separator)}", f"keys = {_value(dict(packed.keys))}"]
    rules = profile.rules
    if rules != ReturnRules() or prefix:
        lines += ["", f"[{prefix}rules]", f"negative_quantity = {_value(rules.negative_quantity)}",
                  f"number_prefixes = {_value(rules.number_prefixes)}",
                  f"return_statuses = {_value(rules.return_statuses)}",
                  f"cancel_statuses = {_value(rules.cancel_statuses)}",
                  f"cancelled_at_cancels = {_value(rules.cancelled_at_cancels)}",
                  f"partial_refund_statuses = {_value(rules.partial_refund_statuses)}"]
    if profile.catalogue:
        ref = profile.catalogue
        lines += ["", f"[{prefix}catalogue]", f"file = {_string(ref.file)}", f"profile = {_string(ref.profile)}",
                  f"key = {_string(ref.key)}"]
    return lines


def dump_profile(profile: Profile) -> str:
    """Return the profile as TOML text that `load_profile` reads back to an equal Profile."""
    lines = ["# ReturnDesk import profile (written by the mapping editor; see the import guide)."]
    lines += _tables(profile, "")
    for variant in profile.variants:
        lines += ["", "[[variant]]", *_tables(variant, "variant.")]
    return "\n".join(lines) + "\n"


def profiles_dir() -> Path:
    """Return the folder of the person's saved profiles (`RETURNDESK_PROFILES` overrides it)."""
    override = os.environ.get("RETURNDESK_PROFILES")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("ReturnDesk")) / "profiles"


def saved_profiles() -> list[Path]:
    """Return the saved custom profiles, sorted by file name."""
    folder = profiles_dir()
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


def file_name(name: str) -> str:
    """Return a safe file name for a profile name (letters, digits, dashes)."""
    stem = re.sub(r"[^\w-]+", "-", name.strip(), flags=re.UNICODE).strip("-") or "profile"
    return f"{stem[:60]}.toml"


def save_profile(profile: Profile, overwrite: bool = False) -> Path:
    """Check the profile by reading it back, then write it to the profiles folder; return its path."""
    folder = profiles_dir()
    path = folder / file_name(profile.name)
    if path.exists() and not overwrite:
        raise ProfileError(Message("A saved profile called {name} already exists.", {"name": profile.name}))
    text = dump_profile(profile)
    try:
        with tempfile.TemporaryDirectory() as scratch:  # read back under its own name before it is kept
            trial = Path(scratch) / path.name
            trial.write_text(text, encoding="utf-8")
            load_profile(trial)
        folder.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".toml.part")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    except OSError as exc:
        raise ProfileError(Message("The profile cannot be saved in {folder}: {reason}",
                                   {"folder": str(folder), "reason": exc.strerror or str(exc)})) from exc
    return path
