"""The summary of a month or of the Reports tab's period: figures, breakdowns, trend and charts, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import PolicyVersion, utcnow
from desktop_app.core.domain.lifecycle_labels import channel_label
from desktop_app.core.domain.open_returns import OPEN_MEANING
from desktop_app.core.i18n import N_, Message, translate
from desktop_app.core.reports.breakdowns import BreakdownRow, TrendPoint
from desktop_app.core.reports.charts import ChartData, Series
from desktop_app.core.reports.figures import FigureChange, KeyFigures, compare, open_and_overdue
from desktop_app.core.reports.kept import Keeper, prepare_keeping
from desktop_app.core.reports.period import Period, last_months, month_period
from desktop_app.core.services.settings import get_settings

FIGURE_TITLES = {
    "returns": N_("Returns received"),
    "units_returned": N_("Units returned"),
    "units_sold": N_("Units sold"),
    "return_rate": N_("Return rate (by month of sale)"),
    "received_rate": N_("Returns received per unit sold"),
    "returned_value": N_("Value of returned goods"),
    "refund_value": N_("Refunds paid"),
    "refund_net": N_("Refunds paid, without tax"),
    "refund_tax": N_("Tax in refunds paid"),
    "store_credit_issued": N_("Store credit issued"),
    "exchanges": N_("Exchanges"),
    "exchange_asked": N_("Exchange differences asked of customers"),
    "exchange_paid": N_("Exchange differences paid"),
    "exchange_waived": N_("Exchange differences waived"),
    "exchange_rests": N_("Exchange rests paid back"),
    "restocking_fees": N_("Restocking fees kept"),
    "shop_paid_shipping": N_("Return shipping paid by the shop"),
    "labels_charged": N_("Return labels taken from refunds"),
    "written_off_value": N_("Written off (damaged)"),
    "days_to_refund_mean": N_("Days from receipt to refund (mean)"),
    "days_to_refund_p90": N_("Days from receipt to refund (90th percentile)"),
    "refunded_within_promise": N_("Refunded within the promise"),
}
FIGURE_HINTS = {  # what a figure means, for a tooltip (the README's Reports section says the same)
    "returns": N_("Returns asked for in the period, whatever their currency; rejected and cancelled ones are left "
                  "out."),
    "return_rate": N_("Of the units sold in the period, the share that came back so far. Returns are counted "
                      "against the month the goods were sold, so the rate never passes 100 %."),
    "received_rate": N_("Units returned in the period divided by units sold in the same period. After a busy "
                        "month it can pass 100 %; the return rate above is the fair comparison."),
    "open_returns": OPEN_MEANING,
}
DIMENSION_TITLES = {
    "reason": N_("By reason"),
    "category": N_("By category"),
    "product": N_("By product"),
    "channel": N_("By channel"),
    "customer": N_("By customer"),
}
TREND_TITLE = N_("Last 12 months")


@dataclass(frozen=True)
class MonthlySummary:
    """Everything the monthly summary shows, ready for the tab, the command, the PDF, the CSV and the XLSX."""

    shop_name: str
    shop_address: tuple[str, ...]
    currency: str
    period: Period
    figures: KeyFigures
    changes: tuple[FigureChange, ...]
    breakdowns: dict[str, tuple[BreakdownRow, ...]]
    trend: tuple[TrendPoint, ...]
    reason_labels: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (English, Chinese)

    @property
    def currencies(self) -> tuple[str, ...]:
        """Return every currency the summary has money in, the shop's first."""
        found = list(self.figures.currencies)
        for rows in self.breakdowns.values():
            found += [code for code in _currencies(rows, self.currency) if code not in found]
        return tuple(found)

    def label(self, dimension: str, row: BreakdownRow, lang: str = "en") -> str:
        """Return a row's label for people: reason codes become the catalogue's words."""
        return row_label(dimension, row, self.reason_labels, lang)

    def charts(self, lang: str = "en") -> list[ChartData]:
        """Return the summary's charts: units and rate per month, value by reason, units by category."""
        return standard_charts(self.trend, self.breakdowns, self.currency, self.reason_labels, lang)


def row_label(dimension: str, row: BreakdownRow, reason_labels: dict[str, tuple[str, str]], lang: str) -> str:
    """Return a breakdown row's words for people: reason codes become the reason catalogue's names."""
    if dimension == "reason":
        if not row.key:
            return translate(N_("(no reason given)"), lang)
        english, chinese = reason_labels.get(row.key, (row.key, row.key))
        return chinese if lang == "zh_CN" and chinese else english
    if dimension == "channel" and row.key:
        label = channel_label(row.key)
        return label.render(lang) if isinstance(label, Message) else label
    return row.label or "—"


def standard_charts(
    trend: tuple[TrendPoint, ...], breakdowns: dict[str, tuple[BreakdownRow, ...]], currency: str,
    reason_labels: dict[str, tuple[str, str]], lang: str,
) -> list[ChartData]:
    """The four charts the Reports tab and the monthly PDF both show, from one set of plain data."""
    months = tuple(point.month for point in trend)
    by_reason = breakdowns.get("reason", ())[:8]
    by_category = breakdowns.get("category", ())[:8]
    return [
        ChartData("bar", translate(N_("Units sold and returned per month"), lang), months, (
            Series(translate(N_("Units sold"), lang), tuple(p.units_sold for p in trend)),
            Series(translate(N_("Units returned"), lang), tuple(p.units_returned for p in trend)),
        )),
        ChartData("line", translate(N_("Return rate per month"), lang), months, (
            Series(translate(N_("Return rate"), lang), tuple(p.return_rate or 0 for p in trend)),
        ), value_format="percent"),
        ChartData("barh", translate(N_("Value of returned goods by reason"), lang),
                  tuple(row_label("reason", row, reason_labels, lang) for row in by_reason),
                  tuple(Series(code, tuple(row.values.of(code).amount for row in by_reason))
                        for code in _currencies(by_reason, currency)),
                  value_format="money", currency=currency),
        ChartData("barh", translate(N_("Units returned by category"), lang),
                  tuple(row.label or "—" for row in by_category),
                  (Series(translate(N_("Units returned"), lang), tuple(row.units for row in by_category)),)),
    ]


def _currencies(rows: tuple[BreakdownRow, ...], first: str) -> tuple[str, ...]:
    """Return the currencies the rows' values are in, `first` first (a chart draws one series per currency)."""
    found = [first]
    for row in rows:
        found += [code for code in row.values.currencies if code not in found]
    return tuple(found)


def build_monthly_summary(
    db: Database, month: str | Period, currency: str | None = None, breakdown_limit: int | None = 50
) -> MonthlySummary:
    """Compute the summary of a month (YYYY-MM) or of a period in one read snapshot."""
    settings = get_settings(db)
    currency = currency or settings.shop_currency
    period = month if isinstance(month, Period) else month_period(month, settings.shop_timezone)
    now = utcnow()
    months = last_months(month_period(f"{period.end:%Y-%m}", period.timezone), 12)
    keepable = prepare_keeping(db, [*months, period, period.previous()], currency)
    with db.read() as session:  # closed months' kept figures; the marks are read before anything else
        keeper = Keeper.open(session, currency, period.timezone, keepable)
        live = open_and_overdue(session, now)
        figures = keeper.figures(period, live, now)
        previous = keeper.figures(period.previous(), live, now)
        breakdowns = keeper.breakdowns(period, breakdown_limit)
        trend = tuple(keeper.trend_point(one) for one in months)
        reason_labels = reason_labels_in(session)
    keeper.keep(db)
    return MonthlySummary(
        shop_name=settings.shop_name, shop_address=tuple(settings.shop_address), currency=currency,
        period=period, figures=figures, changes=tuple(compare(figures, previous)), breakdowns=breakdowns,
        trend=trend, reason_labels=reason_labels,
    )


def build_period_summary(db: Database, start: date, end: date) -> MonthlySummary:
    """Compute the summary of the local dates [start, end] in the shop's time zone (the Reports tab's period)."""
    return build_monthly_summary(db, Period(start, end, get_settings(db).shop_timezone))


def reason_labels_in(session: Session) -> dict[str, tuple[str, str]]:
    """Collect reason labels from every policy version, newest last so current wording wins."""
    labels: dict[str, tuple[str, str]] = {}
    for rules in session.execute(select(PolicyVersion.rules).order_by(PolicyVersion.id)).scalars():
        for reason in (rules or {}).get("reasons", []) or []:
            if isinstance(reason, dict) and reason.get("code"):
                labels[reason["code"]] = (str(reason.get("label_en") or reason["code"]),
                                          str(reason.get("label_zh") or ""))
    return labels
