"""Kept report figures of closed months and the change marks that tell when they are out of date."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.core.db.models.base import Base, UTCDateTime, utcnow


class ReportChange(Base):
    """A change mark of one month (YYYY-MM, or '*' for every month), written by triggers (db/report_marks.py)."""

    __tablename__ = "report_changes"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    mark: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)  # 0, or a transaction id
    changes: Mapped[int] = mapped_column(Integer, default=1)  # how many changes the row counts


class ReportFigures(Base):
    """One part of a closed month's report as computed, valid while the month's marks are `changes`."""

    __tablename__ = "report_figures"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    timezone: Mapped[str] = mapped_column(String(64), primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    part: Mapped[str] = mapped_column(String(32), primary_key=True)  # "figures" or "breakdowns:50"
    changes: Mapped[str] = mapped_column(String(64))  # the month's marks (count:sum) when computed
    data: Mapped[str] = mapped_column(Text)  # JSON; no names of people (labels are read when shown)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
