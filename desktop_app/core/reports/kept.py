"""Figures of closed months kept in the database and served while the month is unchanged.

A month's figures, breakdowns and trend point are computed once and kept in `report_figures` with the
month's change marks (db/report_marks.py: triggers mark a month in the transaction of any write that changes
its figures). The marks are read first, in the report's own read snapshot, so a change that commits while a
report is being computed leaves the kept copy with old marks: it is never served. Only months that ended
more than a day ago (real clock) are kept; the current month is always computed. Open and overdue returns
are figures of today and always counted. Customer names are not kept: breakdown labels are read when shown.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from desktop_app.core.db.engine import BUSY_TIMEOUT_MS, Database
from desktop_app.core.db.models import Customer, ReportChange, ReportFigures
from desktop_app.core.db.report_marks import EVERY_MONTH
from desktop_app.core.reports.amounts import Amounts
from desktop_app.core.reports.breakdowns import DIMENSIONS, BreakdownRow, TrendPoint, breakdown_in, trend_point_in
from desktop_app.core.reports.figures import KeyFigures, key_figures_in
from desktop_app.core.reports.period import Period

log = logging.getLogger(__name__)
KEEP_AFTER = timedelta(days=1)  # a month is kept once it ended this long ago (writers mark only ended months)
LIVE = ("period", "currency", "open_returns", "overdue_returns")
DECIMALS = ("days_to_refund_mean", "days_to_refund_p90", "refunded_within_promise")
_KEPT_FIGURES = tuple(f.name for f in fields(KeyFigures) if f.name not in LIVE)
STORE_BUSY_MS = 200  # keeping is a courtesy: never wait long for another desk's write


def is_kept_month(period: Period, now: datetime | None = None) -> bool:
    """Return True when the period is a calendar month that ended more than a day ago (real clock)."""
    return period.is_month and period.utc_bounds()[1] <= (now or datetime.now(UTC)) - KEEP_AFTER


def month_marks(session: Session, months: list[str]) -> dict[str, str]:
    """Return each month's change fingerprint (rows, sum of marks, sum of changes; the every-month ones added)."""
    rows = session.execute(
        select(ReportChange.month, func.count(), func.coalesce(func.sum(ReportChange.mark), 0),
               func.coalesce(func.sum(ReportChange.changes), 0))
        .where(ReportChange.month.in_([*months, EVERY_MONTH])).group_by(ReportChange.month)
    ).all()
    found = {str(month): (int(count), int(marks), int(changes)) for month, count, marks, changes in rows}
    every = found.get(EVERY_MONTH, (0, 0, 0))
    return {m: ":".join(str(a + b) for a, b in zip(found.get(m, (0, 0, 0)), every, strict=True)) for m in months}


def _encode(value: Any) -> Any:
    if isinstance(value, Amounts):
        return {money.currency: money.to_minor() for money in value}
    return str(value) if isinstance(value, Decimal) else value


def encode_figures(figures: KeyFigures) -> dict[str, Any]:
    """Return a month's figures as JSON-ready values (open and overdue returns are not kept)."""
    return {f.name: _encode(getattr(figures, f.name)) for f in fields(figures) if f.name not in LIVE}


def decode_figures(data: dict[str, Any], period: Period, currency: str, live: tuple[int, int]) -> KeyFigures:
    """Rebuild kept figures with today's open and overdue returns."""
    values: dict[str, Any] = {}
    for name, value in data.items():
        if isinstance(value, dict):
            values[name] = Amounts.from_minor(value, currency)
        elif name in DECIMALS:
            values[name] = None if value is None else Decimal(value)
        else:
            values[name] = value
    return KeyFigures(period=period, currency=currency, open_returns=live[0], overdue_returns=live[1], **values)


def encode_rows(dimension: str, rows: tuple[BreakdownRow, ...]) -> list[list[Any]]:
    """Return breakdown rows as JSON-ready lists; a customer's name is left out."""
    return [[row.key, "" if dimension == "customer" else row.label, row.returns, row.units, _encode(row.values),
             row.units_sold, row.sold_returned] for row in rows]


def decode_rows(rows: list[list[Any]], currency: str) -> tuple[BreakdownRow, ...]:
    """Rebuild kept breakdown rows."""
    return tuple(BreakdownRow(key, label, returns, units, Amounts.from_minor(values, currency), sold, back)
                 for key, label, returns, units, values, sold, back in rows)


def customer_labels(session: Session, rows: tuple[BreakdownRow, ...]) -> tuple[BreakdownRow, ...]:
    """Give kept customer rows the customers' names as they are now."""
    ids = [int(row.key) for row in rows if row.key.isdigit() and int(row.key)]
    names = dict(session.execute(select(Customer.id, Customer.name).where(Customer.id.in_(ids))).all()) if ids else {}
    return tuple(replace(row, label=str(names.get(int(row.key)) or "") if row.key.isdigit() else "")
                 for row in rows)


@dataclass
class Keeper:
    """One report's reads of kept figures in an open read session, and what it computed to keep afterwards."""

    session: Session
    currency: str
    timezone: str
    marks: dict[str, str]
    kept: dict[tuple[str, str], Any]
    fresh: dict[tuple[str, str], Any]

    @classmethod
    def open(cls, session: Session, currency: str, timezone: str, months: list[str]) -> Keeper:
        """Read the marks first (before any figure), then the kept parts whose marks still match.

        `months` are those prepare_keeping allowed; the others are always computed.
        """
        marks = month_marks(session, months) if months else {}
        kept: dict[tuple[str, str], Any] = {}
        if months:
            for row in session.scalars(select(ReportFigures).where(
                    ReportFigures.month.in_(months), ReportFigures.timezone == timezone,
                    ReportFigures.currency == currency, ReportFigures.part != "intent")):
                if row.changes == marks.get(row.month):
                    kept[(row.month, row.part)] = json.loads(row.data)
        return cls(session, currency, timezone, marks, kept, {})

    def _part(self, period: Period, part: str) -> Any:
        key = (period.label, part)
        return self.kept.get(key, self.fresh.get(key)) if period.label in self.marks else None

    def _note(self, period: Period, part: str, data: Any) -> None:
        if period.label in self.marks:
            self.fresh[(period.label, part)] = data

    def figures(self, period: Period, live: tuple[int, int], now: datetime) -> KeyFigures:
        """Return a period's key figures: kept ones for a closed month, else computed."""
        data = self._part(period, "figures")
        if data is None or any(name not in data for name in _KEPT_FIGURES):  # kept before a figure was added
            computed = key_figures_in(self.session, period, self.currency, now, live=live)
            self._note(period, "figures", encode_figures(computed))
            return computed
        return decode_figures(data, period, self.currency, live)

    def trend_point(self, month: Period) -> TrendPoint:
        """Return one month of the 12-month trend (from the month's kept figures when there are)."""
        data = self._part(month, "figures") or self._part(month, "trend")
        if data is None:
            point = trend_point_in(self.session, month, self.currency)
            self._note(month, "trend", {"units_sold": point.units_sold, "units_returned": point.units_returned,
                                        "returned_value": _encode(point.returned_value),
                                        "units_sold_returned": point.sold_returned})
            return point
        return TrendPoint(month.label, data["units_sold"], data["units_returned"],
                          Amounts.from_minor(data["returned_value"], self.currency), data["units_sold_returned"])

    def breakdowns(self, period: Period, limit: int | None) -> dict[str, tuple[BreakdownRow, ...]]:
        """Return the period's breakdowns by every dimension, at most `limit` rows each."""
        part = f"breakdowns:{limit or 'all'}"
        data = self._part(period, part)
        if data is None:
            computed = {d: tuple(breakdown_in(self.session, period, self.currency, d, limit)) for d in DIMENSIONS}
            self._note(period, part, {d: encode_rows(d, rows) for d, rows in computed.items()})
            return computed
        result = {d: decode_rows(data[d], self.currency) for d in DIMENSIONS}
        result["customer"] = customer_labels(self.session, result["customer"])
        return result

    def keep(self, db: Database) -> None:
        """Store what was computed for closed months, with the marks read before computing it (best effort)."""
        if self.fresh:
            rows = [ReportFigures(month=month, timezone=self.timezone, currency=self.currency, part=part,
                                  changes=self.marks[month], data=json.dumps(data))
                    for (month, part), data in self.fresh.items()]
            _short_write(db, rows)


def _short_write(db: Database, rows: list[ReportFigures]) -> bool:
    """Merge rows in one write transaction that waits little for another desk; False when it did not happen."""
    with db.engine.connect() as connection:
        driver = connection.connection.driver_connection if db.is_sqlite else None
        if driver is not None:  # a plain driver call: no transaction is opened by it
            driver.execute(f"PRAGMA busy_timeout={STORE_BUSY_MS}")
        try:
            with Session(bind=connection) as session, session.begin():
                for row in rows:
                    session.merge(row)
            return True
        except SQLAlchemyError as exc:  # read-only file, another desk writing: the next report tries again
            log.info("report figures not kept this time: %s", exc.__class__.__name__)
            return False
        finally:
            if driver is not None:
                driver.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def prepare_keeping(db: Database, periods: list[Period], currency: str) -> list[str]:
    """Return the closed months among `periods` whose figures may be kept by the coming report.

    On SQLite the triggers mark only months with a row in report_figures, so a month without one gets an
    'intent' row first, committed before the report reads its marks.
    """
    months = sorted({p.label for p in periods if is_kept_month(p)})
    if not months or not db.is_sqlite:
        return months
    with db.read() as session:
        have = set(session.scalars(select(ReportFigures.month).where(ReportFigures.month.in_(months)).distinct()))
    missing = [m for m in months if m not in have]
    timezone = periods[0].timezone
    if missing and not _short_write(db, [ReportFigures(month=m, timezone=timezone, currency=currency, part="intent",
                                                       changes="", data="") for m in missing]):
        return [m for m in months if m in have]
    return months
