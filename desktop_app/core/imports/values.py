"""Strict parsers for the text in export cells: amounts, whole numbers and dates, never guessed."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from desktop_app.core.i18n import N_

_AMOUNT = re.compile(r"-?\d+(\.\d+)?")
_PLAIN_AMOUNT = re.compile(r"-?\d{1,9}(\.\d{1,9})?")  # `19.99`: read at once when the decimal mark is a point
_INTEGER = re.compile(r"[+-]?\d+")
_GROUPED = {",": re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?"), ".": re.compile(r"-?\d{1,3}(\.\d{3})+(,\d+)?")}
MAX_WHOLE_NUMBER = 1_000_000  # quantities and line numbers; beyond this a cell is a mistake
MAX_AMOUNT = Decimal(10**9)  # times 10**6 units in 10**3 minor units still fits a 64-bit integer
TEXT_LIMIT = 1_000  # any other imported text (reasons, statuses, address lines)
TEXT_LIMITS = {  # the longest text each imported field may hold: the database column's size
    "order_number": 64, "original_order": 64, "sku": 128, "product_key": 128, "customer_key": 128,
    "line_key": 128, "line_number": 128, "return_key": 128, "customer_name": 256, "ship_name": 256,
    "customer_email": 256, "customer_phone": 64, "ship_city": 128, "ship_zip": 32, "ship_province": 128,
    "country": 64, "channel": 32, "product_name": 512, "name": 512, "category": 128, "comment": 5_000,
}
SINGLE_LINE = frozenset({"order_number", "original_order", "sku", "product_key", "customer_key", "line_key",
                         "line_number", "return_key", "customer_email", "currency", "channel"})
# zero-width characters, text-direction controls, word joiners, soft hyphen and a BOM inside text
INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_NOISE = re.compile(r"[\s\u00a0\u202f$€£¥₹]|[A-Z]{3}$|^[A-Z]{3}")
_MONTH_TOKEN = re.compile(r"[^\W\d_]+\.?")


class BadValue(ValueError):
    """A cell whose text does not fit the field; `reason` is a translatable msgid."""

    def __init__(self, reason: str, **values: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.values = values


@dataclass(frozen=True)
class NumberStyle:
    """How a file writes amounts: its decimal separator and thousands separator."""

    decimal: str = "."
    thousands: str = ""


def parse_amount(text: str, style: NumberStyle) -> Decimal:
    """Parse an amount such as `1.234,50 €` or `$19.99` into a Decimal; refuse anything else."""
    raw = text.strip()
    if style.decimal == "." and _PLAIN_AMOUNT.fullmatch(raw):
        return Decimal(raw)  # what `read_amount` makes of it too, without its steps
    return read_amount(raw, style)


def read_amount(raw: str, style: NumberStyle) -> Decimal:
    """Parse a trimmed amount cell by every rule (separators, currency signs, brackets for negatives)."""
    negative = raw.startswith("(") and raw.endswith(")")
    if negative:
        raw = raw[1:-1]
    raw = _NOISE.sub("", raw)
    if style.thousands and style.thousands in raw:
        whole = raw.split(style.decimal, 1)[0].lstrip("-")
        groups = whole.split(style.thousands)
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            raise BadValue(N_("not an amount written with a decimal comma") if style.decimal == ","
                           else N_("not an amount written with a decimal point"))
        raw = raw.replace(style.thousands, "")
    other = "." if style.decimal == "," else ","
    if other in raw and not style.thousands and _GROUPED[other].fullmatch(raw):
        raise BadValue(N_("looks like a thousands separator: set thousands_separator = \"{separator}\" in the "
                          "profile"), separator=other)
    if style.decimal != ".":
        if "." in raw:
            raise BadValue(N_("not an amount written with a decimal comma"))
        raw = raw.replace(style.decimal, ".")
    elif "," in raw:
        raise BadValue(N_("not an amount written with a decimal point"))
    if not _AMOUNT.fullmatch(raw):
        raise BadValue(N_("not an amount"))
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:  # pragma: no cover - regex already checked
        raise BadValue(N_("not an amount")) from exc
    if abs(value) > MAX_AMOUNT:
        raise BadValue(N_("an amount this large cannot be right"))
    return -value if negative else value


def parse_whole_number(text: str) -> int:
    """Parse a whole number such as `3` or `-1` (a quantity or a line number)."""
    raw = text.strip()
    if raw.endswith(".0"):
        raw = raw[:-2]
    if not _INTEGER.fullmatch(raw):
        raise BadValue(N_("not a whole number"))
    value = int(raw)
    if abs(value) > MAX_WHOLE_NUMBER:
        raise BadValue(N_("a number this large cannot be right"))
    return value


EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)  # no shop export holds an older sale or return
SHOP_ZONE = "shop"  # a profile's time zone meaning "the shop's own time zone setting"


@dataclass(frozen=True)
class DateStyle:
    """The explicit date formats of a file, its time zone, and month names in its language."""

    formats: tuple[str, ...]
    timezone: str = SHOP_ZONE
    month_names: tuple[tuple[str, int], ...] = ()

    def zone(self) -> ZoneInfo:
        """Return the file's time zone ("shop" not yet resolved to the shop's own zone reads as UTC)."""
        return _zone("UTC" if self.timezone == SHOP_ZONE else self.timezone)


_ZONES: dict[str, ZoneInfo] = {}


def _zone(name: str) -> ZoneInfo:
    zone = _ZONES.get(name)
    if zone is None:
        zone = _ZONES[name] = ZoneInfo(name)
    return zone


_FAST_FIELDS = {"Y": r"(?P<Y>\d{4})", "m": r"(?P<m>\d{2})", "d": r"(?P<d>\d{2})", "H": r"(?P<H>\d{2})",
                "M": r"(?P<M>\d{2})", "S": r"(?P<S>\d{2})", "z": r"(?P<zs>[+-])(?P<zh>\d{2})(?P<zm>[0-5]\d)"}
_OFFSETS: dict[str, timezone] = {}


def fast_reader(fmt: str) -> Callable[[str], datetime | None] | None:
    """Return a quick reader for a format of fixed-width numbers (`%Y-%m-%d %H:%M:%S %z`), else None.

    It reads only text written exactly so (two-digit months, `+0400`) and returns None for anything else,
    which strptime then reads as before; where both read a text they give the same moment."""
    parts, seen, at = [], set(), 0
    while at < len(fmt):
        if fmt[at] != "%":
            parts.append(re.escape(fmt[at]))
            at += 1
            continue
        field = fmt[at + 1:at + 2]
        if field not in _FAST_FIELDS or field in seen:
            return None
        seen.add(field)
        parts.append(_FAST_FIELDS[field])
        at += 2
    if not {"Y", "m", "d"} <= seen:
        return None
    match = re.compile("".join(parts)).fullmatch

    def read(text: str) -> datetime | None:
        found = match(text)
        if found is None:
            return None
        g = found.groupdict()
        zone = None
        if "z" in seen:
            offset = g["zs"] + g["zh"] + g["zm"]
            zone = _OFFSETS.get(offset)
            if zone is None:
                minutes = int(g["zh"]) * 60 + int(g["zm"])
                try:
                    zone = timezone(timedelta(minutes=-minutes if g["zs"] == "-" else minutes))
                except ValueError:
                    return None
                _OFFSETS[offset] = zone
        try:
            return datetime(int(g["Y"]), int(g["m"]), int(g["d"]), int(g.get("H", 0)), int(g.get("M", 0)),
                            int(g.get("S", 0)), tzinfo=zone)
        except ValueError:
            return None

    return read


def _with_month_numbers(raw: str, names: dict[str, int]) -> str:
    def swap(match: re.Match[str]) -> str:
        word = match.group(0).rstrip(".").casefold()
        number = names.get(word)
        return f"{number:02d}" if number else match.group(0)

    return _MONTH_TOKEN.sub(swap, raw)


class DateParser:
    """Parse dates with the formats a profile names, in order; a value no format fits is an error."""

    def __init__(self, style: DateStyle) -> None:
        self.style = style
        self.zone = style.zone()
        self.names = {name.casefold(): number for name, number in style.month_names}
        self.formats = tuple(f.replace("%b", "%m") for f in style.formats) if self.names else style.formats
        self._cache: dict[str, datetime] = {}
        self._fast = tuple(fast_reader(f) for f in self.formats)
        self.latest = datetime.now(UTC) + timedelta(days=2 * 366)

    def parse(self, text: str) -> datetime:
        """Return the moment in UTC; a date without a time means local midnight in the file's zone."""
        raw = text.strip()
        hit = self._cache.get(raw)
        if hit is not None:
            return hit
        value = raw if not self.names else _with_month_numbers(raw, self.names)
        for fmt, fast in zip(self.formats, self._fast, strict=True):
            parsed = fast(value) if fast is not None else None
            if parsed is None:
                try:
                    parsed = datetime.strptime(value, fmt)
                except ValueError:
                    continue
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=self.zone)
            try:
                result = parsed.astimezone(UTC)
            except OverflowError:
                raise BadValue(N_("a date before 1970 or more than two years ahead cannot be right")) from None
            if result < EARLIEST or result > self.latest:
                raise BadValue(N_("a date before 1970 or more than two years ahead cannot be right"))
            if len(self._cache) < 50_000:
                self._cache[raw] = result
            return result
        raise BadValue(N_("not a date written like {examples}"), examples=self.examples())

    def examples(self) -> str:
        """Return how the profile's formats write one sample moment (30 April 2022, 14:05:09 +02:00)."""
        sample = datetime(2022, 4, 30, 14, 5, 9, tzinfo=timezone(timedelta(hours=2)))
        month = next((name for name, number in self.style.month_names if number == 4), None)
        shown = []
        for fmt in self.style.formats:
            try:
                text = sample.strftime(fmt.replace("%b", month) if month else fmt)
            except ValueError:
                text = fmt
            if text not in shown:
                shown.append(text)
        return " / ".join(shown)



_SWAP = str.maketrans({"d": "m", "m": "d"})


def ambiguous_formats(formats: tuple[str, ...]) -> tuple[str, str] | None:
    """Return two formats that read the same text as different dates (day and month swapped)."""
    normalised = [re.sub(r"%([dm])", lambda m: "%" + m.group(1).translate(_SWAP), f) for f in formats]
    for i, fmt in enumerate(formats):
        for j in range(i + 1, len(formats)):
            if formats[j] != fmt and normalised[j] == fmt:
                return fmt, formats[j]
    return None
