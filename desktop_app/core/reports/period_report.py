"""Everything the Reports tab shows for one period, computed together as plain data (run off the UI thread)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.core.db.engine import Database
from desktop_app.core.reports.analytics import CustomerToWatch, ProductToFix, customers_to_watch, products_to_fix
from desktop_app.core.reports.breakdowns import DIMENSIONS, BreakdownRow, TrendPoint, breakdown, trend
from desktop_app.core.reports.charts import ChartData
from desktop_app.core.reports.figures import FigureChange, compare, key_figures
from desktop_app.core.reports.monthly import reason_labels_in, row_label, standard_charts
from desktop_app.core.reports.period import Period, month_period
from desktop_app.core.reports.themes import Theme, comment_themes
from desktop_app.core.services.settings import get_settings

BREAKDOWN_ROWS = 200


@dataclass(frozen=True)
class PeriodReport:
    """Figures against the previous period, breakdowns, the 12-month trend and the analytics of one period."""

    period: Period
    currency: str
    changes: tuple[FigureChange, ...]
    breakdowns: dict[str, tuple[BreakdownRow, ...]]
    trend: tuple[TrendPoint, ...]
    products: tuple[ProductToFix, ...]
    customers: tuple[CustomerToWatch, ...]
    themes: dict[str, list[Theme]]
    reason_labels: dict[str, tuple[str, str]]

    def label(self, dimension: str, row: BreakdownRow, lang: str) -> str:
        """Return a breakdown row's words for people."""
        return row_label(dimension, row, self.reason_labels, lang)

    def charts(self, lang: str) -> list[ChartData]:
        """Return the same four charts as the monthly summary PDF."""
        return standard_charts(self.trend, self.breakdowns, self.currency, self.reason_labels, lang)


def period_report(db: Database, start: date, end: date) -> PeriodReport:
    """Compute the Reports tab's data for the local dates [start, end] in the shop's time zone and currency."""
    shop = get_settings(db)
    period = Period(start, end, shop.shop_timezone)
    currency = shop.shop_currency
    now, before = key_figures(db, period, currency), key_figures(db, period.previous(), currency)
    with db.read() as session:
        labels = reason_labels_in(session)
    return PeriodReport(
        period=period, currency=currency, changes=tuple(compare(now, before)),
        breakdowns={d: tuple(breakdown(db, period, currency, d, BREAKDOWN_ROWS)) for d in DIMENSIONS},
        trend=tuple(trend(db, month_period(f"{end:%Y-%m}", shop.shop_timezone), currency)),
        products=tuple(products_to_fix(db, period)), customers=tuple(customers_to_watch(db, period)),
        themes=comment_themes(db, period), reason_labels=labels,
    )
