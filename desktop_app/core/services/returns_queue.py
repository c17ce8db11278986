"""The working queue of returns: filter, search, sort, count and page by id (imported returns never show)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, column, exists, func, literal_column, or_, select, table, union
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from desktop_app.core.db import search_index
from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Customer, Order, Refund, Return, ReturnLine, utcnow
from desktop_app.core.domain.lifecycle import Status, status_label
from desktop_app.core.domain.money import Money
from desktop_app.core.i18n import Message

from .base import InvalidInput
from .returns_support import SLA_STATUSES, is_overdue
from .returns_views import ReturnFilter, ReturnSummary

_SORTS = {
    "requested_at": Return.requested_at,
    "due_at": Return.due_at,
    "rma": Return.rma,
    "status": Return.status,
    "updated_at": Return.updated_at,
}


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _plain_match(text: str) -> ColumnElement[bool]:
    """Match the text anywhere in RMA, order, customer name or e-mail, tracking number or a line's SKU."""
    like = f"%{_escape(text.lower())}%"
    sku_match = exists().where(
        and_(ReturnLine.return_id == Return.id, func.lower(ReturnLine.sku).like(like, escape="\\"))
    )
    return or_(
        func.lower(Return.rma).like(like, escape="\\"),
        func.lower(Order.number).like(like, escape="\\"),
        func.lower(Customer.name).like(like, escape="\\"),
        func.lower(Customer.email).like(like, escape="\\"),
        func.lower(Return.tracking_number).like(like, escape="\\"),
        sku_match,
    )


def _trgm_ids(text: str) -> Select:
    """Ids of returns matching the text, one indexable LIKE per table (pg_trgm GIN indexes serve each)."""
    like = f"%{_escape(text.lower())}%"
    return union(
        select(Return.id).where(or_(func.lower(Return.rma).like(like, escape="\\"),
                                    func.lower(Return.tracking_number).like(like, escape="\\"))),
        select(Return.id).join(Order, Order.id == Return.order_id)
        .where(func.lower(Order.number).like(like, escape="\\")),
        select(Return.id).join(Customer, Customer.id == Return.customer_id)
        .where(or_(func.lower(Customer.name).like(like, escape="\\"),
                   func.lower(Customer.email).like(like, escape="\\"))),
        select(ReturnLine.return_id).where(func.lower(ReturnLine.sku).like(like, escape="\\")),
    )


def _search_clause(text: str, mode: str) -> ColumnElement[bool]:
    """Return the search condition: FTS5 trigram, pg_trgm-indexed union, or the plain scan."""
    if mode == "fts":
        fts = table(search_index.FTS_TABLE, column("rowid"))
        if len(text) >= search_index.MIN_TRIGRAM:
            query: ColumnElement[str] | str = search_index.fts_phrase(text)
        else:  # 2 characters: the trigrams that start with them, found in the index's vocabulary
            bounds = search_index.term_range(text)
            query = sql_text(search_index.SHORT_QUERY_SQL).bindparams(**bounds).columns(column("q")).scalar_subquery()
        return Return.id.in_(
            select(fts.c.rowid).where(literal_column(search_index.FTS_TABLE).op("MATCH")(query))
        )
    if mode == "trgm":
        return Return.id.in_(_trgm_ids(text))
    return _plain_match(text)


def search_mode(session: Session, text: str | None) -> str:
    """Return how a search runs here: 'fts' (SQLite), 'trgm' (PostgreSQL) or 'plain' (short or no index)."""
    text = (text or "").strip()
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite" and len(text) >= search_index.MIN_SHORT:
        name = search_index.FTS_TABLE if len(text) >= search_index.MIN_TRIGRAM else search_index.TERMS_TABLE
        found = session.execute(sql_text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :n"),
                                {"n": name}).first()
        return "fts" if found else "plain"
    if dialect == "postgresql" and len(text) >= search_index.MIN_TRIGRAM:
        found = session.execute(sql_text("SELECT 1 FROM pg_indexes WHERE indexname = :n"),
                                {"n": next(iter(search_index.TRGM_INDEXES))}).first()
        return "trgm" if found else "plain"
    return "plain"


def _filtered(filter_: ReturnFilter, now: datetime, search_mode: str = "plain") -> Select:
    stmt = (
        select(Return.id)
        .outerjoin(Order, Order.id == Return.order_id)
        .outerjoin(Customer, Customer.id == Return.customer_id)
        .where(Return.imported.is_(False))
    )
    if filter_.status:
        statuses = (filter_.status,) if isinstance(filter_.status, str) else tuple(filter_.status)
        try:
            stmt = stmt.where(Return.status.in_([Status(s).value for s in statuses]))
        except ValueError:
            raise InvalidInput(Message("{value} is not a return status.", {"value": ", ".join(statuses)})) from None
    if filter_.overdue_only:
        stmt = stmt.where(
            Return.due_at.is_not(None),
            Return.due_at < now,
            Return.status.in_([s.value for s in SLA_STATUSES]),
        )
    if filter_.flagged_only:
        stmt = stmt.where(Return.flagged.is_(True))
    text = (filter_.search or "").strip()
    if text:
        stmt = stmt.where(_search_clause(text, search_mode))
    return stmt


def _sorted(stmt: Select, sort: str) -> Select:
    key = (sort or "-requested_at").lstrip("-")
    column = _SORTS.get(key)
    if column is None:
        raise InvalidInput(Message("The queue cannot be sorted by {value}.", {"value": sort}))
    ordering = column.desc() if sort.startswith("-") else column.asc()
    tie = Return.id.desc() if sort.startswith("-") else Return.id
    if not column.nullable:  # no NULLs to put last: an index on the column gives the order without a sort
        return stmt.order_by(ordering, tie)
    return stmt.order_by(column.is_(None), ordering, tie)


def return_ids(
    db: Database, filter_: ReturnFilter | None = None, offset: int = 0, limit: int | None = None
) -> list[int]:
    """Return the ids of the queue's returns in display order (the window's lazy model pages these)."""
    filter_ = filter_ or ReturnFilter()
    with db.read() as session:
        mode = search_mode(session, filter_.search)
        stmt = _sorted(_filtered(filter_, utcnow(), mode), filter_.sort).offset(max(0, offset))
        if limit is not None:
            stmt = stmt.limit(limit)
        return list(session.scalars(stmt))


def count_returns(db: Database, filter_: ReturnFilter | None = None) -> int:
    """Return how many returns the queue holds for a filter."""
    filter_ = filter_ or ReturnFilter()
    with db.read() as session:
        sub = _filtered(filter_, utcnow(), search_mode(session, filter_.search)).subquery()
        return int(session.scalar(select(func.count()).select_from(sub)) or 0)


def status_counts(db: Database) -> dict[str, int]:
    """Return working returns per status (every status present, zero when none; imported excluded)."""
    counts = {s.value: 0 for s in Status}
    with db.read() as session:
        for status, n in session.execute(
            select(Return.status, func.count()).where(Return.imported.is_(False)).group_by(Return.status)
        ):
            counts[status] = int(n)
    return counts


def summaries_by_ids(db: Database, ids: Sequence[int]) -> list[ReturnSummary]:
    """Return queue rows for some returns, in the order of `ids` (unknown ids are skipped)."""
    if not ids:
        return []
    with db.read() as session:
        return _summaries(session, list(ids))


def _summaries(session: Session, ids: list[int]) -> list[ReturnSummary]:
    now = utcnow()
    rows = session.execute(
        select(Return, Order.number, Customer.name)
        .outerjoin(Order, Order.id == Return.order_id)
        .outerjoin(Customer, Customer.id == Return.customer_id)
        .where(Return.id.in_(ids))
    ).all()
    items: dict[int, int] = {}
    reasons: dict[int, list[str]] = {}
    for rid, qty, reason in session.execute(
        select(
            ReturnLine.return_id,
            func.max(ReturnLine.requested_qty, ReturnLine.received_qty)
            if session.get_bind().dialect.name == "sqlite"
            else func.greatest(ReturnLine.requested_qty, ReturnLine.received_qty),
            ReturnLine.reason_code,
        )
        .where(ReturnLine.return_id.in_(ids))
        .order_by(ReturnLine.id)
    ):
        items[rid] = items.get(rid, 0) + int(qty)
        if reason and reason not in reasons.setdefault(rid, []):
            reasons[rid].append(reason)
    refunded = {
        rid: total
        for rid, total in session.execute(
            select(Refund.return_id, func.sum(Refund.amount_minor))
            .where(Refund.return_id.in_(ids), Refund.method != "store_credit")
            .group_by(Refund.return_id)
        )
    }
    by_id = {}
    for ret, order_number, customer_name in rows:
        by_id[ret.id] = ReturnSummary(
            id=ret.id,
            rma=ret.rma,
            order_number=order_number,
            customer_name=customer_name or "",
            status=ret.status,
            status_label=status_label(Status(ret.status)),
            items=items.get(ret.id, 0),
            reason=", ".join(reasons.get(ret.id, [])),
            refunded=Money.from_minor(int(refunded.get(ret.id) or 0), ret.currency),
            requested_at=ret.requested_at,
            age_days=max(0, (now - ret.requested_at).days),
            due_at=ret.due_at,
            overdue=is_overdue(ret.status, ret.due_at, now),
            flagged=ret.flagged,
            tracking_number=ret.tracking_number,
            version=ret.version,
        )
    return [by_id[i] for i in ids if i in by_id]


def list_returns(
    db: Database,
    status: str | tuple[str, ...] | None = None,
    search: str | None = None,
    overdue_only: bool = False,
    sort: str = "-requested_at",
    offset: int = 0,
    limit: int | None = 100,
) -> list[ReturnSummary]:
    """Return one page of the working queue (imported historical returns excluded)."""
    filter_ = ReturnFilter(status=status, search=search, overdue_only=overdue_only, sort=sort)
    ids = return_ids(db, filter_, offset, limit)
    return summaries_by_ids(db, ids)
