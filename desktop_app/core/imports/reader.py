"""Stream a delimited export file row by row and find the profile's columns by header name."""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.i18n import Message, UserFacingError
from desktop_app.core.imports.profile import REQUIRED, Profile
from desktop_app.core.imports.records import LineProblem
from desktop_app.core.imports.values import INVISIBLE
from desktop_app.core.services.text_checks import CONTROL_OR_BREAK, printable

csv.field_size_limit(10 * 1024 * 1024)

Progress = Callable[[int, int], "bool | None"]


class ImportCancelled(UserFacingError):
    """The person cancelled the import; nothing was changed."""


class FileRefused(UserFacingError):
    """The file as a whole cannot be read with the chosen profile."""


def normalise_header(text: str) -> str:
    """Return a header name in the form used for matching: no BOM, quotes, case, spaces, `_` or `-`."""
    return "".join(text.replace("\ufeff", "").strip().strip('"').split()).replace("_", "").replace(
        "-", "").casefold()


class ImportRefused(UserFacingError):
    """A file with bad lines (or missing columns), refused whole; `problems` lists every one."""

    def __init__(self, message: Message, problems: list[LineProblem]) -> None:
        super().__init__(message)
        self.problems = problems

    def render(self, lang: str | None = None, limit: int = 50) -> str:
        """Return the summary sentence followed by one line per problem (the first `limit`, then how many more)."""
        lines = [self.message.render(lang)] + [p.message().render(lang) for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(Message("… and {count} more problems.", {"count": len(self.problems) - limit}).render(lang))
        return "\n".join(lines)


@dataclass(frozen=True)
class Layout:
    """The chosen profile variant and delimiter for one file, and where each field's column is."""

    profile: Profile
    delimiter: str
    header: tuple[str, ...]
    positions: dict[str, int]

    def column_name(self, field: str) -> str:
        """Return the file's own header text for a field (for error messages)."""
        index = self.positions.get(field)
        return self.header[index].strip() if index is not None else field


def encoding_name(codec: str) -> str:
    """Return an encoding as people write it (UTF-8, CP1252, GBK)."""
    return "UTF-8" if codec.startswith("utf-8") else codec.upper()


def _read_header(path: Path, encoding: str, delimiter: str) -> list[str] | None:
    """Return the first non-blank row, [] if unreadable as CSV, None if not in this encoding."""
    with open(path, encoding=encoding, newline="") as handle:
        try:
            for row in csv.reader(handle, delimiter=delimiter):
                if any(cell.strip() for cell in row):
                    return row
        except UnicodeDecodeError:
            return None
        except csv.Error:
            return []
    return []


def _positions(profile: Profile, header: list[str] | tuple[str, ...]) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, name in enumerate(header):
        index.setdefault(normalise_header(name), i)
    found: dict[str, int] = {}
    for rule in profile.columns:
        for alias in rule.headers:
            position = index.get(normalise_header(alias))
            if position is not None:
                found[rule.field] = position
                break
    return found


def missing_columns(profile: Profile, header: list[str] | tuple[str, ...]) -> list[tuple[str, str, str]]:
    """Return (field, the profile's header, closest header in the file) for each mapped column not found.

    Fields listed in the profile's `optional_columns` may be absent; a joined field needs every part."""
    positions = _positions(profile, header)
    names = {normalise_header(h): h.replace("\ufeff", "").strip() for h in header}
    missing = []
    for rule in profile.columns:
        if rule.field in profile.optional:
            continue
        wanted = [h for h in rule.join if normalise_header(h) not in names] if rule.join else (
            [] if rule.field in positions else [rule.headers[0]])
        for name in wanted:
            close = difflib.get_close_matches(normalise_header(name), list(names), n=1, cutoff=0.6)
            missing.append((rule.field, name, names[close[0]] if close else ""))
    return missing


def _refuse_missing(path: Path, layout: Layout) -> None:
    """Refuse a file that lacks a column its profile maps (and does not mark optional)."""
    missing = missing_columns(layout.profile, layout.header)
    if not missing:
        return
    problems = [LineProblem(1, name, "", Message(
        "the profile maps the field {field} to this column, but the file has no such column; the closest "
        "header is “{closest}”", {"field": field, "closest": closest}) if closest else Message(
        "the profile maps the field {field} to this column, but the file has no such column",
        {"field": field})) for field, name, closest in missing]
    raise ImportRefused(Message(
        "{file} was not imported: its first line lacks {count} of the columns that the profile {profile} "
        "maps. Correct the column names in the profile, or list the fields the file may lack in "
        "optional_columns. Nothing was changed.",
        {"file": path.name, "count": len(missing), "profile": layout.profile.name}), problems)


def choose_layout(path: Path, profile: Profile, strict: bool = True) -> Layout:
    """Pick the profile variant and delimiter whose header names match this file's header best.

    `strict` refuses a file that lacks a column the chosen variant maps (the preview is not strict)."""
    if not path.is_file():
        raise FileRefused(Message("The file {path} does not exist.", {"path": str(path)}))
    best: tuple[tuple[bool, int], Layout] | None = None
    undecodable: str | None = None
    for candidate in (profile, *profile.variants):
        for delimiter in candidate.delimiters:
            header = _read_header(path, candidate.encoding, delimiter)
            if header is None:
                undecodable = undecodable or candidate.encoding
                continue
            positions = _positions(candidate, header)
            required = REQUIRED[candidate.kind] if not candidate.packed_lines else ()
            if any(f not in positions for f in required):
                continue
            packed = sum(1 for h in header if candidate.packed_lines and
                         normalise_header(h).startswith(normalise_header(candidate.packed_lines.column_prefix)))
            score = (not missing_columns(candidate, header), len(positions) + packed)
            if best is None or score > best[0]:
                best = (score, Layout(candidate, delimiter, tuple(header), positions))
    if best is None and undecodable:
        raise FileRefused(Message("The file is not written in the encoding {encoding} that the profile "
                                  "names.", {"encoding": encoding_name(undecodable)}))
    if best is None:
        names = ", ".join(f"“{h}”" for rule in profile.columns if rule.field in REQUIRED[profile.kind]
                          for h in rule.headers[:1])
        raise FileRefused(Message("This file does not look like a {profile} export: the column {columns} "
                                  "is missing from its first line.",
                                  {"profile": profile.name, "columns": names}))
    layout = best[1]
    missing = _missing_item_columns(layout)
    if missing:
        raise FileRefused(Message("This file does not look like a {profile} export: the column {columns} "
                                  "is missing from its first line.",
                                  {"profile": layout.profile.name, "columns": missing}))
    _refuse_bad_header(layout.header)
    if strict:
        _refuse_missing(path, layout)
    return layout


def _refuse_bad_header(header: tuple[str, ...]) -> None:
    """Refuse a first line whose column name holds a control or invisible character (it could match nothing)."""
    for number, name in enumerate(header, start=1):
        if CONTROL_OR_BREAK.search(name) or INVISIBLE.search(name.lstrip("\ufeff")):
            raise FileRefused(Message(
                "Column {number} of the first line, “{name}”, contains a control character (such as NUL) or an "
                "invisible character, so ReturnDesk cannot tell which column it is. Correct the file's first "
                "line; nothing was changed.", {"number": number, "name": printable(INVISIBLE.sub("\ufffd", name))}))


_IDENTITY = ("sku", "product_key", "product_name")


def _missing_item_columns(layout: Layout) -> str:
    """Name the item columns a file of order lines or returns needs but lacks ('' when complete).

    An orders file with no item column at all is read as order level (orders without lines)."""
    profile = layout.profile
    itemised = profile.kind == "returns" or (profile.kind == "orders" and profile.order_lines
                                              and not profile.packed_lines)
    item_columns = ("quantity", *_IDENTITY)
    if not itemised or (profile.kind == "orders" and not any(f in layout.positions for f in item_columns)):
        return ""  # an order-level file (e.g. eBay's German summary export): orders without lines
    wanted = [f for f in ("quantity",) if f not in layout.positions]
    if not any(f in layout.positions for f in _IDENTITY):
        wanted.append(next((f for f in _IDENTITY if profile.rule(f)), "sku"))
    return ", ".join(f"“{rule.headers[0]}”" for f in wanted if (rule := profile.rule(f)))


def _is_note(row: list[str], phrases: tuple[str, ...]) -> bool:
    """Return whether a row is a note such as eBay's "3 record(s) downloaded" footer, not data."""
    first = next((cell.strip() for cell in row if cell.strip()), "")
    return any(phrase in first for phrase in phrases)


def iter_rows(path: Path, layout: Layout, progress: Progress | None = None,
              every: int = 5000) -> Iterator[tuple[int, list[str]]]:
    """Yield (first line number of the row, cells) for each data row; blank rows are skipped."""
    total = path.stat().st_size
    binary = open(path, "rb")  # noqa: SIM115 - closed below, wrapped for byte progress
    text = io.TextIOWrapper(binary, encoding=layout.profile.encoding, newline="")
    try:
        reader = csv.reader(text, delimiter=layout.delimiter)
        header_seen = False
        skip = layout.profile.skip_rows_containing
        last_line = 0
        count = 0
        try:
            for row in reader:
                start = last_line + 1
                last_line = reader.line_num
                if not header_seen:
                    if any(cell.strip() for cell in row):
                        header_seen = True
                    continue
                if not any(cell.strip() for cell in row):
                    continue
                if skip and _is_note(row, skip):
                    continue
                count += 1
                if progress is not None and count % every == 0 and progress(binary.tell(), total) is False:
                    raise ImportCancelled(Message("The import was cancelled; nothing was changed."))
                yield start, row
        except UnicodeDecodeError as exc:
            raise FileRefused(Message(
                "Line {line} is not written in the encoding {encoding} that the profile names.",
                {"line": last_line + 1, "encoding": encoding_name(layout.profile.encoding)})) from exc
        except csv.Error as exc:
            raise FileRefused(Message("Line {line} cannot be read as CSV: {problem}",
                                      {"line": last_line + 1, "problem": str(exc)})) from exc
        if progress is not None:
            progress(total, total)
    finally:
        text.close()
