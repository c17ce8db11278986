"""What every format of the summary shows the same way: the key figures' rows, their words and column titles."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import NamedTuple

from desktop_app.core.domain.money import Money, format_money
from desktop_app.core.i18n import N_, translate
from desktop_app.core.reports.figures import RATES
from desktop_app.core.reports.monthly import FIGURE_TITLES, MonthlySummary

PERCENT_FIGURES = RATES
HEADERS = (N_("Key"), N_("Name"), N_("Returns"), N_("Units"), N_("Value"), N_("Units sold"), N_("Return rate"))


class FigureRow(NamedTuple):
    """One key figure as every format shows it; a money figure is one currency's row."""

    key: str
    title: str
    now: Decimal | int | None
    before: Decimal | int | None
    change: Decimal | None
    currency: str | None = None

    @property
    def in_points(self) -> bool:
        """Return True for rates: their change is in percentage points."""
        return self.key in PERCENT_FIGURES


def comparison_titles(summary: MonthlySummary) -> tuple[str, str]:
    """Return the msgids heading the figures of the summary's period and of the one before it."""
    if summary.period.is_month:
        return N_("This month"), N_("Previous month")
    return N_("This period"), N_("Previous period")


def plain(value: Decimal | int | Money | None) -> Decimal | int | None:
    """Return an amount as its Decimal, a count as it is."""
    return value.amount if isinstance(value, Money) else value


def figure_rows(summary: MonthlySummary, lang: str) -> Iterator[FigureRow]:
    """Yield each key figure: counts and rates once, money once per currency (named when there are several)."""
    several = len(summary.currencies) > 1
    for change in summary.changes:
        title = translate(FIGURE_TITLES[change.name], lang)
        if change.currency and several:
            title = f"{title} ({change.currency})"
        yield FigureRow(change.name, title, plain(change.current), plain(change.previous), change.change,
                        change.currency)
    yield FigureRow("open_returns", translate(N_("Open returns now"), lang), summary.figures.open_returns, None, None)
    yield FigureRow("overdue_returns", translate(N_("Overdue returns now"), lang), summary.figures.overdue_returns,
                    None, None)


def value_text(row: FigureRow, value: Decimal | int | None, lang: str) -> str:
    """Return one value of a figure row for people: percent, days, money in the row's currency or a count."""
    if value is None:
        return "—"
    if row.key in PERCENT_FIGURES:
        return f"{Decimal(value) * 100:.1f} %"
    if row.currency is not None:
        return format_money(Money(Decimal(value), row.currency), lang)
    if isinstance(value, Decimal):
        return f"{value:.1f}"
    return str(value)


def change_text(row: FigureRow, lang: str) -> str:
    """Return a row's change: "+12.5 %" for counts and money, "+1.2 pp" (percentage points) for rates."""
    if row.change is None:
        return "—"
    if row.in_points:
        return translate(N_("{points} pp"), lang).format(points=f"{row.change * 100:+.1f}")
    return f"{row.change * 100:+.1f} %"


def amounts_text(amounts: tuple[Money, ...], lang: str) -> str:
    """Return amounts in several currencies side by side ("€12.00 · $3.00"), never added together."""
    return " · ".join(format_money(money, lang) for money in amounts) or "—"
