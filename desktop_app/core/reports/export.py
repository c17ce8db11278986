"""Write the monthly summary as CSV, XLSX (typed cells, one sheet per breakdown) or PDF.

Names in a summary come from customers and imported files, so no text cell may become a formula in the
owner's spreadsheet (OWASP's CSV injection rules): in CSV a text starting with = + - @ tab or carriage
return gets a leading apostrophe; in XLSX every text cell is typed as a string, never a formula.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from desktop_app.core.files.output import write_atomic
from desktop_app.core.i18n import N_, Message, UserFacingError, translate
from desktop_app.core.reports.monthly import DIMENSION_TITLES, TREND_TITLE, MonthlySummary
from desktop_app.core.reports.summary_pdf import write_pdf
from desktop_app.core.reports.summary_rows import HEADERS, PERCENT_FIGURES, comparison_titles, figure_rows

FORMATS = ("pdf", "csv", "xlsx")


class ExportProblem(UserFacingError):
    """The summary cannot be written where or how the user asked."""


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value: object) -> object:
    """Return a CSV cell no spreadsheet evaluates: a text starting like a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _InertWriter:
    """A csv writer whose text cells can never be read as formulas (numbers are written as they are)."""

    def __init__(self, out: io.TextIOBase) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: list[object]) -> None:
        self._writer.writerow([inert(cell) for cell in row])


def write_csv(summary: MonthlySummary, out: io.TextIOBase, lang: str = "en") -> None:
    """Write one CSV: the figures, then each breakdown and the trend, each row naming its section."""
    writer = _InertWriter(out)
    writer.writerow(["section", "key", "name", "value", "previous", "change", "returns", "units", "units_sold",
                     "return_rate", "currency", "change_kind"])
    for figure in figure_rows(summary, lang):
        writer.writerow(["figures", figure.key, figure.title, _text(figure.now), _text(figure.before),
                         _text(figure.change), "", "", "", "", figure.currency or "",
                         "" if figure.change is None else "difference" if figure.in_points else "relative"])
    for dimension, rows in summary.breakdowns.items():
        for row in rows:
            name = summary.label(dimension, row, lang)
            first, *others = row.values.items
            writer.writerow([dimension, row.key, name, _text(first.amount), "", "", row.returns, row.units,
                             _text(row.units_sold), _text(row.return_rate), first.currency])
            for money in others:  # another currency's value of the same row: counts are not repeated
                writer.writerow([dimension, row.key, name, _text(money.amount), "", "", "", "", "", "", money.currency])
    for point in summary.trend:
        first, *others = point.returned_value.items
        writer.writerow(["trend", point.month, point.month, _text(first.amount), "", "", "",
                         point.units_returned, point.units_sold, _text(point.return_rate), first.currency])
        for money in others:
            writer.writerow(["trend", point.month, point.month, _text(money.amount), "", "", "", "", "", "",
                             money.currency])


def _text(value: object) -> object:
    """Return None as an empty cell; a number stays a number (written as its digits, never made inert)."""
    return "" if value is None else value


def _money_format(currency: str) -> str:
    return f'#,##0.00 "{currency}"'


def write_xlsx(summary: MonthlySummary, path: Path, lang: str = "en") -> None:
    """Write a workbook: a Summary sheet and one sheet per breakdown plus the trend, with typed cells."""
    book = Workbook()
    _summary_sheet(book.active, summary, lang)
    currencies = summary.currencies
    value_titles = [translate(N_("Value"), lang) + (f" ({code})" if len(currencies) > 1 else "")
                    for code in currencies]
    for dimension, rows in summary.breakdowns.items():
        part = book.create_sheet(translate(DIMENSION_TITLES[dimension], lang)[:31])
        part.append([*(translate(h, lang) for h in HEADERS[:4]), *value_titles,
                     *(translate(h, lang) for h in HEADERS[5:])])
        for row in rows:
            part.append([row.key, summary.label(dimension, row, lang), row.returns, row.units,
                         *(_cell(row.values.of(code).amount) for code in currencies), row.units_sold,
                         _cell(row.return_rate)])
            _money_columns(part, 5, currencies)
            part.cell(part.max_row, 5 + len(currencies) + 1).number_format = "0.0%"
        _bold_header(part)
    trend = book.create_sheet(translate(TREND_TITLE, lang)[:31])
    trend.append([translate(h, lang) for h in (N_("Month"), N_("Units sold"), N_("Units returned"))]
                 + value_titles + [translate(N_("Return rate"), lang)])
    for point in summary.trend:
        trend.append([point.month, point.units_sold, point.units_returned,
                      *(_cell(point.returned_value.of(code).amount) for code in currencies), _cell(point.return_rate)])
        _money_columns(trend, 4, currencies)
        trend.cell(trend.max_row, 4 + len(currencies)).number_format = "0.0%"
    _bold_header(trend)
    for ws in book.worksheets:
        _strings_only(ws)
        for index, column in enumerate(ws.columns, start=1):
            longest = max((len(str(c.value)) for c in column if c.value is not None), default=8)
            ws.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 10), 60)
    book.save(path)


def _money_columns(sheet: Any, first: int, currencies: tuple[str, ...]) -> None:
    """Give the last row's value cells (one per currency from column `first`) their currency's format."""
    for offset, code in enumerate(currencies):
        sheet.cell(sheet.max_row, first + offset).number_format = _money_format(code)


def _summary_sheet(sheet: Any, summary: MonthlySummary, lang: str) -> None:
    """Fill the Summary sheet: the period, then each key figure with the previous period and the change."""
    sheet.title = translate(N_("Summary"), lang)[:31]
    sheet.append([summary.shop_name])
    if summary.period.is_month:
        sheet.append([translate(N_("Month"), lang), summary.period.start])
        sheet["B2"].number_format = "yyyy-mm"
    else:
        sheet.append([translate(N_("Period"), lang), summary.period.start, summary.period.end])
        sheet["B2"].number_format = sheet["C2"].number_format = "yyyy-mm-dd"
    sheet.append([])
    this, previous = comparison_titles(summary)
    sheet.append([translate(N_("Figure"), lang), translate(this, lang), translate(previous, lang),
                  translate(N_("Change"), lang)])
    for figure in figure_rows(summary, lang):
        points = figure.in_points and figure.change is not None
        change = figure.change * 100 if points and figure.change is not None else figure.change
        sheet.append([figure.title, _cell(figure.now), _cell(figure.before), _cell(change)])
        row = sheet.max_row
        number_format = ("0.0%" if figure.key in PERCENT_FIGURES else _money_format(figure.currency)
                         if figure.currency else "0.0" if figure.key.startswith("days") else "0")
        sheet.cell(row, 2).number_format = sheet.cell(row, 3).number_format = number_format
        sheet.cell(row, 4).number_format = '+0.0 "pp";-0.0 "pp";0.0 "pp"' if points else "+0.0%;-0.0%;0.0%"
    for cell in sheet[4]:
        cell.font = Font(bold=True)


def _cell(value: object) -> object:
    """Excel has no Decimal type: amounts go in as numbers, rounded as they were computed."""
    if isinstance(value, Decimal):
        return float(value)  # openpyxl stores numbers as IEEE doubles; the value is already rounded
    return value


def _strings_only(sheet: Any) -> None:
    """Type every text cell as a string: openpyxl would store a text starting with = as a live formula."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"


def _bold_header(sheet: Any) -> None:
    for cell in sheet[1]:
        cell.font = Font(bold=True)


def export_summary(summary: MonthlySummary, path: str | Path, lang: str = "en") -> Path:
    """Write the summary in the format its file name asks for (.pdf, .csv or .xlsx)."""
    target = Path(path)
    kind = target.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise ExportProblem(Message("Save the summary as .pdf, .csv or .xlsx (not {name}).", {"name": target.name}))
    if not target.parent.exists():
        raise ExportProblem(Message("The folder {folder} does not exist.", {"folder": str(target.parent)}))
    def write(temporary: Path) -> None:
        if kind == "csv":
            with temporary.open("w", newline="", encoding="utf-8-sig") as handle:
                write_csv(summary, handle, lang)
        elif kind == "xlsx":
            write_xlsx(summary, temporary, lang)
        else:
            temporary.write_bytes(write_pdf(summary, lang))

    return write_atomic(target, write)
