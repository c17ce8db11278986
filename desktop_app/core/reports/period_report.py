"""Everything the Reports tab shows for one period, computed together as plain data (run off the UI thread).

The figures, breakdowns and trend are the summary the exports and the command write (one computation);
the tab adds the analytics.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.core.db.engine import Database
from desktop_app.core.reports.analytics import CustomerToWatch, ProductToFix, customers_to_watch, products_to_fix
from desktop_app.core.reports.breakdowns import BreakdownRow, TrendPoint
from desktop_app.core.reports.charts import ChartData
from desktop_app.core.reports.figures import FigureChange
from desktop_app.core.reports.monthly import MonthlySummary, build_monthly_summary
from desktop_app.core.reports.period import Period
from desktop_app.core.reports.themes import Theme, comment_themes
from desktop_app.core.services.settings import get_settings

BREAKDOWN_ROWS = 200


@dataclass(frozen=True)
class PeriodReport:
    """The period's summary (figures against the previous period, breakdowns, trend) and its analytics."""

    summary: MonthlySummary
    products: tuple[ProductToFix, ...]
    customers: tuple[CustomerToWatch, ...]
    themes: dict[str, list[Theme]]

    @property
    def period(self) -> Period:
        """Return the period reported on."""
        return self.summary.period

    @property
    def currency(self) -> str:
        """Return the shop's currency (listed first in every amount)."""
        return self.summary.currency

    @property
    def changes(self) -> tuple[FigureChange, ...]:
        """Return each figure against the previous period."""
        return self.summary.changes

    @property
    def breakdowns(self) -> dict[str, tuple[BreakdownRow, ...]]:
        """Return the breakdowns by dimension."""
        return self.summary.breakdowns

    @property
    def trend(self) -> tuple[TrendPoint, ...]:
        """Return the 12 months ending with the period's last month."""
        return self.summary.trend

    def label(self, dimension: str, row: BreakdownRow, lang: str) -> str:
        """Return a breakdown row's words for people."""
        return self.summary.label(dimension, row, lang)

    def charts(self, lang: str) -> list[ChartData]:
        """Return the same four charts as the monthly summary PDF."""
        return self.summary.charts(lang)


def period_report(db: Database, start: date, end: date) -> PeriodReport:
    """Compute the Reports tab's data for the local dates [start, end] in the shop's time zone."""
    period = Period(start, end, get_settings(db).shop_timezone)
    summary = build_monthly_summary(db, period, breakdown_limit=BREAKDOWN_ROWS)
    return PeriodReport(
        summary=summary, products=tuple(products_to_fix(db, period)),
        customers=tuple(customers_to_watch(db, period)), themes=comment_themes(db, period),
    )
