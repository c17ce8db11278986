"""The monthly summary as a PDF: shop header, key figures with the previous month, charts and tables."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from desktop_app.core.documents.fonts import LATIN, LATIN_BOLD, paragraph_runs, register_fonts
from desktop_app.core.i18n import N_, translate
from desktop_app.core.reports.charts import render_png
from desktop_app.core.reports.monthly import DIMENSION_TITLES, MonthlySummary
from desktop_app.core.reports.summary_rows import (
    HEADERS,
    FigureRow,
    amounts_text,
    change_text,
    comparison_titles,
    figure_rows,
    value_text,
)

BODY = ParagraphStyle("body", fontName=LATIN, fontSize=8.5, leading=11, wordWrap="CJK", shaping=1)
TITLE = ParagraphStyle("title", parent=BODY, fontName=LATIN_BOLD, fontSize=16, leading=20)
HEADING = ParagraphStyle("heading", parent=BODY, fontName=LATIN_BOLD, fontSize=11, leading=15,
                         spaceBefore=8, spaceAfter=4)
NUMBER = ParagraphStyle("number", parent=BODY, alignment=2)
ROWS_PER_BREAKDOWN = 10


def _para(text: str, style: ParagraphStyle = BODY, bold: bool = False) -> Paragraph:
    """A paragraph whose runs use the bundled font each character needs, shaped where the script needs it."""
    markup = "".join(f'<font name="{font}">{escape(part)}</font>' for font, part in paragraph_runs(text, bold))
    return Paragraph(markup or "&nbsp;", style)


class _Canvas(Canvas):  # type: ignore[misc]  # reportlab has no type information
    """A canvas whose initial font is the bundled (embedded) one, so no unembedded font is referenced."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("initialFontName", LATIN)
        super().__init__(*args, **kwargs)


def _table(rows: list[list[Any]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f2f4f7")]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
    ]))
    return table


_RATE_ROW = FigureRow("return_rate", "", None, None, None)
_NONE_IN_MONTH, _NONE_IN_PERIOD = N_("No returns in this month."), N_("No returns in this period.")


def _heading(summary: MonthlySummary, lang: str) -> str:
    """Return the summary's heading: a month's wording for a month, a period's otherwise."""
    if summary.period.is_month:
        return translate(N_("Monthly returns summary: {month}"), lang).format(month=summary.period.label)
    return translate(N_("Returns summary: {period}"), lang).format(period=summary.period.label)


def write_pdf(summary: MonthlySummary, lang: str = "en") -> bytes:
    """Render the monthly summary to PDF bytes in English or Chinese."""
    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=16 * mm, rightMargin=16 * mm,
                                 topMargin=14 * mm, bottomMargin=14 * mm,
                                 title=f"{summary.shop_name} {summary.period.label}")

    def t(msgid: str) -> str:  # a short local alias keeps the layout readable
        return translate(msgid, lang)

    story: list[Any] = [
        _para(summary.shop_name or "ReturnDesk", TITLE, bold=True),
        _para(", ".join(summary.shop_address)),
        _para(_heading(summary, lang), HEADING, bold=True),
    ]
    this, previous = comparison_titles(summary)
    figure_table = [[_para(t(N_("Figure")), bold=True), _para(t(this), bold=True),
                     _para(t(previous), bold=True), _para(t(N_("Change")), bold=True)]]
    for row in figure_rows(summary, lang):
        figure_table.append([_para(row.title), _para(value_text(row, row.now, lang), NUMBER),
                             _para(value_text(row, row.before, lang), NUMBER), _para(change_text(row, lang), NUMBER)])
    story.append(_table(figure_table, [80 * mm, 32 * mm, 32 * mm, 30 * mm]))
    story.append(Spacer(1, 4 * mm))
    for chart in summary.charts(lang):
        png = render_png(chart, width_in=6.6, height_in=2.6, dpi=150)
        story.append(KeepTogether([Image(io.BytesIO(png), width=170 * mm, height=67 * mm)]))
    none_text = _NONE_IN_MONTH if summary.period.is_month else _NONE_IN_PERIOD
    for dimension, rows in summary.breakdowns.items():
        header = [_para(t(h), bold=True) for h in HEADERS[1:]]
        body = [[_para(summary.label(dimension, row, lang)), *(_para(cell, NUMBER) for cell in (
                    str(row.returns), str(row.units), amounts_text(row.values.items, lang),
                    "—" if row.units_sold is None else str(row.units_sold),
                    value_text(_RATE_ROW, row.return_rate, lang)))]
                for row in rows[:ROWS_PER_BREAKDOWN]]
        story.append(KeepTogether([
            _para(t(DIMENSION_TITLES[dimension]), HEADING, bold=True),
            _table([header, *(body or [[_para(t(none_text)), "", "", "", "", ""]])],
                   [62 * mm, 20 * mm, 20 * mm, 30 * mm, 22 * mm, 20 * mm]),
        ]))
    document.build(story, canvasmaker=_Canvas)
    return buffer.getvalue()
