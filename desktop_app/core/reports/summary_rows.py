"""What every format of the summary shows the same way: the key figures' rows and the column titles."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from desktop_app.core.domain.money import Money
from desktop_app.core.i18n import N_, translate
from desktop_app.core.reports.monthly import FIGURE_TITLES, MonthlySummary

PERCENT_FIGURES = ("return_rate", "refunded_within_promise")
HEADERS = (N_("Key"), N_("Name"), N_("Returns"), N_("Units"), N_("Value"), N_("Units sold"), N_("Return rate"))
# (key, title, this period, previous period, change)
FigureRow = tuple[str, str, Decimal | int | None, Decimal | int | None, Decimal | None]


def comparison_titles(summary: MonthlySummary) -> tuple[str, str]:
    """Return the msgids heading the figures of the summary's period and of the one before it."""
    if summary.period.is_month:
        return N_("This month"), N_("Previous month")
    return N_("This period"), N_("Previous period")


def plain(value: Decimal | int | Money | None) -> Decimal | int | None:
    """Return an amount as its Decimal, a count as it is."""
    return value.amount if isinstance(value, Money) else value


def figure_rows(summary: MonthlySummary, lang: str) -> Iterator[FigureRow]:
    """Yield (key, title, this month, previous month, change) for each key figure."""
    for change in summary.changes:
        yield (change.name, translate(FIGURE_TITLES[change.name], lang), plain(change.current),
               plain(change.previous), change.change)
    yield ("open_returns", translate(N_("Open returns now"), lang), summary.figures.open_returns, None, None)
    yield ("overdue_returns", translate(N_("Overdue returns now"), lang), summary.figures.overdue_returns, None, None)
