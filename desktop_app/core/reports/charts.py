"""Chart data (plain values) and its one renderer, matplotlib, shared by the Reports tab and the PDF.

Why matplotlib: Qt Charts is deprecated since Qt 6.10 and its successor Qt Graphs is QML-based and ships in
PySide6-Addons, which we do not otherwise need. matplotlib draws the same `Figure` into the tab (through its
Qt canvas, in the GUI layer) and into the monthly PDF (as a PNG here), so the owner sees one chart in both.
This module uses the Agg renderer only and never imports Qt.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from desktop_app.paths import resource

if TYPE_CHECKING:  # matplotlib is imported on first use: it costs about a second at start-up
    from matplotlib.figure import Figure

PALETTE = ("#2f6f9f", "#e0813a", "#5a9e5a", "#b54a4a", "#7b6aa8", "#8c8c8c")


@dataclass(frozen=True)
class Series:
    """One named row of values, aligned with the chart's categories."""

    name: str
    values: tuple[Decimal | int, ...]


@dataclass(frozen=True)
class ChartData:
    """What a chart shows, without saying how: kind, title, category labels, series, value format."""

    kind: str  # "bar", "barh" or "line"
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    value_format: str = "count"  # "count", "money" or "percent"
    currency: str = ""


@cache
def _font_families() -> tuple[str, ...]:
    """Register the bundled CJK font with matplotlib once and return the fallback list."""
    from matplotlib import font_manager

    path = resource("fonts", "DroidSansFallbackFull.ttf")
    font_manager.fontManager.addfont(str(path))
    cjk = font_manager.FontProperties(fname=str(path)).get_name()
    return ("DejaVu Sans", cjk)


def _label(value: Decimal | int, chart: ChartData) -> str:
    if chart.value_format == "percent":
        return f"{Decimal(value) * 100:.1f} %"
    if chart.value_format == "money":
        return f"{Decimal(value):,.2f}"
    number = Decimal(value)
    return f"{int(number)}" if number == number.to_integral_value() else ""  # counts have no fractions


def build_figure(chart: ChartData, width_in: float = 6.0, height_in: float = 3.2, dpi: int = 100) -> Figure:
    """Draw a chart on a new matplotlib Figure (no pyplot global state, safe off the UI thread)."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_in, height_in), dpi=dpi, layout="constrained")
    axes = figure.add_subplot()
    families = list(_font_families())
    axes.set_title(chart.title, fontfamily=families, fontsize=11)
    positions = list(range(len(chart.categories)))
    if not positions:
        axes.text(0.5, 0.5, "—", ha="center", va="center", transform=axes.transAxes)
        axes.set_axis_off()
        return figure
    count = max(len(chart.series), 1)
    width = 0.8 / count
    for index, series in enumerate(chart.series):
        values = [float(v) for v in series.values]  # drawing only; the figures themselves stay Decimal
        colour = PALETTE[index % len(PALETTE)]
        if chart.kind == "line":
            axes.plot(positions, values, marker="o", color=colour, label=series.name)
        elif chart.kind == "barh":
            offsets = [p + (index - (count - 1) / 2) * width for p in positions]
            axes.barh(offsets, values, height=width, color=colour, label=series.name)
        else:
            offsets = [p + (index - (count - 1) / 2) * width for p in positions]
            axes.bar(offsets, values, width=width, color=colour, label=series.name)
    if chart.kind == "barh":
        axes.set_yticks(positions, list(chart.categories), fontfamily=families, fontsize=8)
        axes.invert_yaxis()
        axes.xaxis.set_major_formatter(lambda value, _pos: _label(Decimal(str(value)), chart))
    else:
        axes.set_xticks(positions, list(chart.categories), fontfamily=families, fontsize=8,
                        rotation=45 if len(positions) > 6 else 0, ha="right" if len(positions) > 6 else "center")
        axes.yaxis.set_major_formatter(lambda value, _pos: _label(Decimal(str(value)), chart))
    if len(chart.series) > 1:
        axes.legend(prop={"family": families, "size": 8})
    axes.spines[["top", "right"]].set_visible(False)
    return figure


def render_png(chart: ChartData, width_in: float = 6.0, height_in: float = 3.2, dpi: int = 150) -> bytes:
    """Render a chart to PNG bytes (for the PDF and the screenshots)."""
    figure = build_figure(chart, width_in, height_in, dpi)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
