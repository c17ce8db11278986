"""Read one export row's cells as the profile says: mapped text, amounts, counts, dates, currency; bad cells noted."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from operator import itemgetter

from desktop_app.core.domain.money import exponent
from desktop_app.core.i18n import N_, Message, UserFacingError
from desktop_app.core.imports.profile import Profile
from desktop_app.core.imports.reader import Layout, normalise_header
from desktop_app.core.imports.records import LineProblem
from desktop_app.core.imports.values import (
    INVISIBLE,
    SINGLE_LINE,
    TEXT_LIMIT,
    TEXT_LIMITS,
    BadValue,
    DateParser,
    parse_amount,
    parse_whole_number,
)
from desktop_app.core.services.text_checks import CONTROL_OR_BREAK, text_problem

Cells = dict[str, str]
MAX_PROBLEMS = 10_000
SUSPECT = re.compile(f"{CONTROL_OR_BREAK.pattern}|{INVISIBLE.pattern}")  # either, in one pass over a row
SHORTEST_LIMIT = min(TEXT_LIMITS.values())  # rows whose cells are all this short need no length check


class CellReader:
    """The cell half of the record parser: one row's fields as text or values; bad cells go to `problems`."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.profile: Profile = layout.profile
        self.pos = layout.positions
        self.maps = {r.field: dict(r.mapping) for r in self.profile.columns if r.mapping}
        self.keep_unmapped = {r.field for r in self.profile.columns if r.keep_unmapped}
        self.apostrophe = {r.field for r in self.profile.columns if r.strip_apostrophe}
        self.dates = DateParser(self.profile.dates)
        self.problems: list[LineProblem] = []
        self.bad_lines = 0
        self.invisible_removed = 0  # free-text cells that had zero-width or direction characters taken out
        self.invisible_first_line = 0
        self._line_bad = False
        wanted = {normalise_header(h): i for i, h in reversed(list(enumerate(layout.header)))}
        self.joins = {r.field: [wanted[normalise_header(h)] for h in r.join if normalise_header(h) in wanted]
                      for r in self.profile.columns if r.join}
        self._currencies: set[str] = set()
        special = set(self.maps) | self.apostrophe | set(self.joins)
        self._plain = [(f, i) for f, i in self.pos.items() if f not in special]
        self._special = [(f, i) for f, i in self.pos.items() if f in special]
        self._width = max(self.pos.values(), default=0) + 1
        self._plain_names = tuple(f for f, _i in self._plain)
        self._pick = itemgetter(*(i for _f, i in self._plain)) if len(self._plain) > 1 else None
        self._raw: list[str] = []
        self._amounts: dict[str, Decimal] = {}
        self._counts: dict[str, int] = {}

    # -- cells -----------------------------------------------------------------------------------
    def _problem(self, line: int, field: str, value: str, reason: str, **values: object) -> None:
        if not self._line_bad:
            self._line_bad = True
            self.bad_lines += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(LineProblem(line, self.layout.column_name(field), value,
                                             Message(reason, dict(values))))

    def cells(self, row: list[str], line: int) -> Cells:
        """Return the trimmed text of every mapped field of one row, mapped if the profile says so."""
        self._raw = row
        size = len(row)
        if size >= self._width and self._pick is not None:
            cells = dict(zip(self._plain_names, map(str.strip, self._pick(row)), strict=True))
        elif size >= self._width:
            cells = {field: row[index].strip() for field, index in self._plain}
        else:
            cells = {field: row[index].strip() for field, index in self._plain if index < size}
        for field, index in self._special:
            if index >= size:
                continue
            if field in self.joins:
                cells[field] = " ".join(row[i].strip() for i in self.joins[field] if i < size and row[i].strip())
                continue
            value = row[index].strip()
            if field in self.apostrophe and value.startswith("'"):
                value = value[1:]
            table = self.maps.get(field)
            if table is not None and value:
                mapped = table.get(value)
                if mapped is None and field in self.keep_unmapped:
                    mapped = value
                elif mapped is None:
                    self._problem(line, field, value, N_("the profile does not know this value"))
                    mapped = ""
                value = mapped
            cells[field] = value
        values = cells.values()
        if values:
            joined = "".join(values)
            if max(map(len, values)) > SHORTEST_LIMIT or SUSPECT.search(joined):
                self._check_texts(cells, line)
        return cells

    def _check_texts(self, cells: Cells, line: int) -> None:
        """Note every cell with a control character or more text than its field may hold.

        Zero-width and text-direction characters are refused in keys (numbers, SKUs, e-mail addresses) and
        taken out of free text, counted for the summary."""
        for field, value in cells.items():
            if INVISIBLE.search(value):
                if field in SINGLE_LINE:
                    self._problem(line, field, INVISIBLE.sub("\ufffd", value), N_(
                        "it contains an invisible character (a zero-width space or a text-direction mark) that "
                        "would make it look like another value"))
                    continue
                value = cells[field] = INVISIBLE.sub("", value)
                self.invisible_removed += 1
                self.invisible_first_line = self.invisible_first_line or line
            problem = text_problem(value, TEXT_LIMITS.get(field, TEXT_LIMIT), multiline=field not in SINGLE_LINE)
            if problem is not None:
                self._problem(line, field, value, problem.msgid, **problem.values)

    @staticmethod
    def text(cells: Cells, field: str, line: int = 0) -> str:
        """Return one field's text from a row's cells ('' when the file has no such column)."""
        return cells.get(field, "")

    def _amount(self, row: Cells, field: str, line: int, raw: str | None = None) -> Decimal | None:
        raw = row.get(field, "") if raw is None else raw
        if not raw:
            return None
        cached = self._amounts.get(raw)
        if cached is not None:
            return cached
        try:
            value = parse_amount(raw, self.profile.numbers)
            if len(self._amounts) < 100_000:
                self._amounts[raw] = value
            return value
        except BadValue as exc:
            self._problem(line, field, raw, exc.reason, **exc.values)
            return None

    def _count(self, row: Cells, field: str, line: int, raw: str | None = None) -> int | None:
        raw = row.get(field, "") if raw is None else raw
        cached = self._counts.get(raw)
        if cached is not None:
            return cached
        if not raw:
            self._problem(line, field, raw, N_("a quantity is needed here"))
            return None
        try:
            value = parse_whole_number(raw)
            if len(self._counts) < 10_000:
                self._counts[raw] = value
            return value
        except BadValue as exc:
            self._problem(line, field, raw, exc.reason, **exc.values)
            return None

    def _date(self, row: Cells, field: str, line: int, required: bool) -> datetime | None:
        raw = self.text(row, field, line)
        if not raw:
            if required:
                self._problem(line, field, raw, N_("a date is needed here"))
            return None
        try:
            return self.dates.parse(raw)
        except BadValue as exc:
            self._problem(line, field, raw, exc.reason, **exc.values)
            return None

    def _currency(self, row: Cells, line: int, required: bool = True) -> str | None:
        code = self.text(row, "currency", line).upper() or (self.profile.currency or "")
        if not code and not required:
            return None
        if not code:
            self._problem(line, "currency", "", N_("the file names no currency and the profile sets none"))
            return None
        if code not in self._currencies:
            try:
                exponent(code)
            except UserFacingError:
                self._problem(line, "currency", code, N_("not a currency code ReturnDesk knows, such as EUR"))
                return None
            self._currencies.add(code)
        return code
