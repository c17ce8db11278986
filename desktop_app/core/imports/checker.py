"""Read a whole file once to find every bad line before anything is written (the validation pass)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from desktop_app.core.i18n import Message
from desktop_app.core.imports.parser import Record, RecordParser
from desktop_app.core.imports.profile import Profile, load_profile
from desktop_app.core.imports.reader import FileRefused, ImportRefused, Progress, choose_layout, iter_rows
from desktop_app.core.imports.records import LineProblem, ParsedOrder, ParsedProduct, ParsedReturn


@dataclass
class FileSummary:
    """What a file holds, counted during the validation pass."""

    profile: str = ""
    rows: int = 0
    orders: int = 0
    order_lines: int = 0
    returns: int = 0
    cancellations: int = 0
    products: int = 0
    channels: set[str] = field(default_factory=set)
    problems: list[LineProblem] = field(default_factory=list)
    bad_lines: int = 0
    invisible_removed: int = 0
    invisible_first_line: int = 0
    records: list[Record] | None = None
    catalogue: dict[str, ParsedProduct] | None = None


def _catalogue(profile: Profile, path: Path) -> tuple[dict[str, ParsedProduct], str, list[LineProblem]]:
    """Read the product catalogue beside the file; its problems are reported with the main file's."""
    ref = profile.catalogue
    assert ref is not None
    candidates = [path.parent / ref.file]
    if profile.folder is not None:
        candidates.append(profile.folder / ref.file)
    found = next((c for c in candidates if c.is_file()), None)
    if found is None:
        raise FileRefused(Message("The profile {profile} needs its product catalogue {file} beside the "
                                  "imported file.", {"profile": profile.name, "file": ref.file}))
    beside = profile.folder / ref.profile if profile.folder is not None else None
    catalogue_profile = load_profile(beside if beside is not None and beside.is_file() else ref.profile)
    if catalogue_profile.kind != "products":  # also a profile that names itself as its own catalogue
        raise FileRefused(Message("The profile {profile} names {catalogue} as its product catalogue, but that "
                                  "profile does not read products (kind = \"products\").",
                                  {"profile": profile.name, "catalogue": ref.profile}))
    layout = choose_layout(found, catalogue_profile)
    parser = RecordParser(layout)
    products: dict[str, ParsedProduct] = {}
    for record in parser.records(iter_rows(found, layout)):
        assert isinstance(record, ParsedProduct)
        products[record.key] = record
    problems = [replace(p, file=found.name) for p in parser.problems]
    return products, found.name, problems


def open_records(path: Path, profile: Profile, progress: Progress | None = None
                 ) -> tuple[RecordParser, Iterator[Record]]:
    """Return a parser and the stream of its records for one file (the file is read lazily)."""
    layout = choose_layout(path, profile)
    catalogue, name, problems = (None, "", list[LineProblem]())
    if layout.profile.catalogue is not None:
        catalogue, name, problems = _catalogue(layout.profile, path)
    parser = RecordParser(layout, catalogue, name)
    parser.catalogue_problems = problems
    return parser, parser.records(iter_rows(path, layout, progress))


def check_file(path: str | Path, profile: Profile | str, progress: Progress | None = None,
               keep_rows: int = 0) -> FileSummary:
    """Validate a whole file; raise ImportRefused listing every bad line, or return what it holds.

    The parsed records are kept in `summary.records` when the file has at most `keep_rows` rows, so
    that the write needs no second read; larger files are read again (memory stays bounded).
    """
    path = Path(path)
    profile = profile if isinstance(profile, Profile) else load_profile(profile)
    try:
        return _check(path, profile, progress, keep_rows)
    except OSError as exc:
        raise FileRefused(Message("The file {path} cannot be read: {reason}",
                                  {"path": str(path), "reason": exc.strerror or str(exc)})) from exc


def _check(path: Path, profile: Profile, progress: Progress | None, keep_rows: int) -> FileSummary:
    parser, records = open_records(path, profile, progress)
    summary = FileSummary()
    kept: list[Record] | None = [] if keep_rows > 0 else None
    for record in records:
        if kept is not None:
            if parser.rows <= keep_rows:
                kept.append(record)
            else:
                kept = None
        if isinstance(record, ParsedOrder):
            summary.orders += 1
            summary.order_lines += len(record.lines)
            summary.channels.add(record.channel or parser.profile.source)
            summary.returns += len(record.returns)
            summary.cancellations += record.cancelled
        elif isinstance(record, ParsedReturn):
            summary.returns += 1
        else:
            summary.products += 1
    summary.rows = parser.rows
    summary.profile = parser.profile.name
    summary.records = kept
    summary.catalogue = parser.catalogue
    summary.problems = parser.problems
    summary.bad_lines = parser.bad_lines
    summary.invisible_removed, summary.invisible_first_line = parser.invisible_removed, parser.invisible_first_line
    extra = parser.catalogue_problems
    if extra:
        lines = len({p.line for p in extra})
        raise ImportRefused(Message("{file} was not imported: {catalogue_count} lines of its product catalogue "
                                    "{catalogue} and {count} of its own lines have problems. Nothing was changed.",
                                    {"file": path.name, "count": parser.bad_lines, "catalogue": parser.catalogue_name,
                                     "catalogue_count": lines}), extra + parser.problems)
    if parser.problems:
        raise ImportRefused(Message("{file} was not imported: {count} of its lines have problems. Nothing "
                                    "was changed.", {"file": path.name, "count": parser.bad_lines}),
                            parser.problems)
    return summary
