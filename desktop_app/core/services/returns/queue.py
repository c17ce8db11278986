"""The working queue of returns: filter, search, sort, count and page by id (imported returns never show)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    and_,
    bindparam,
    column,
    exists,
    func,
    literal_column,
    or_,
    select,
    table,
    union,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from desktop_app.core.db import search_index
from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Customer, Order, Refund, Return, ReturnEvent, ReturnLine, utcnow
from desktop_app.core.domain.lifecycle import Status, status_label
from desktop_app.core.domain.money import Money
from desktop_app.core.i18n import Message
from desktop_app.core.services.base import InvalidInput
from desktop_app.core.services.returns.deadlines import SLA_STATUSES, is_overdue
from desktop_app.core.services.returns.views import ReturnFilter, ReturnSummary

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


def _trgm_ids(text: str, *more: Select[*tuple[Any, ...]]) -> CompoundSelect[*tuple[Any, ...]]:
    """Ids of returns matching the text, one indexable LIKE per table (pg_trgm GIN indexes serve each)."""
    like = f"%{_escape(text.lower())}%"
    return union(*more,
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
    """Return the search condition (or an imported return's source document number, exactly).

    With an index the document number joins the index's ids in one UNION: an OR beside the indexed
    `id IN (...)` would make SQLite walk every return instead (60 ms at 100,000 returns, not 1 ms).
    """
    by_document = select(Return.id).where(Return.source_document == text)
    if mode == "fts":
        return Return.id.in_(union(_fts_ids(text), by_document))
    if mode == "trgm":
        return Return.id.in_(_trgm_ids(text, by_document))
    return or_(_plain_match(text), Return.source_document == text)


def _fts_ids(text: str) -> Select[*tuple[Any, ...]]:
    """Ids of returns the FTS5 trigram index finds for the text (2 characters: through its vocabulary)."""
    fts = table(search_index.FTS_TABLE, column("rowid"))
    if len(text) >= search_index.MIN_TRIGRAM:
        query: ColumnElement[str] | str = search_index.fts_phrase(text)
    else:  # 2 characters: the trigrams that start with them, found in the index's vocabulary
        bounds = search_index.term_range(text)
        query = sql_text(search_index.SHORT_QUERY_SQL).bindparams(**bounds).columns(column("q")).scalar_subquery()
    return select(fts.c.rowid).where(literal_column(search_index.FTS_TABLE).op("MATCH")(query))


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


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


def _filtered(
    filter_: ReturnFilter, now: datetime, search_mode: str = "plain", sqlite: bool = False
) -> Select[*tuple[Any, ...]]:
    stmt = select(Return.id).where(Return.imported.is_(filter_.imported or filter_.batch is not None))
    if filter_.batch is not None:
        if not 0 < filter_.batch < 2**31:
            raise InvalidInput(Message("There is no import batch {value}.", {"value": filter_.batch}))
        stmt = stmt.where(Return.import_batch_id == filter_.batch)
    if filter_.status:
        statuses = (filter_.status,) if isinstance(filter_.status, str) else tuple(filter_.status)
        try:
            wanted = Return.status.in_([Status(s).value for s in statuses])
            # SQLite: say a status is selective, so its index is used rather than a walk along the sort order
            stmt = stmt.where(func.unlikely(wanted) if sqlite else wanted)
        except ValueError:
            raise InvalidInput(Message("{value} is not a return status.", {"value": ", ".join(statuses)})) from None
    if filter_.overdue_only:
        sla = Return.status.in_([s.value for s in SLA_STATUSES])
        stmt = stmt.where(
            func.coalesce(Return.due_at, now) < now,  # (no NULL due date; not the due-date index: most are past)
            func.unlikely(sla) if sqlite else sla,
        )
    if filter_.flagged_only:
        stmt = stmt.where(Return.flagged.is_(True))
    if filter_.owner_waiting:
        stmt = stmt.where(Return.owner_request.is_not(None))
    if filter_.channel:
        stmt = stmt.where(Return.channel == filter_.channel)
    text = (filter_.search or "").strip()
    if text:
        if search_mode == "plain":  # only the plain scan reads the order and customer columns
            stmt = (stmt.outerjoin(Order, Order.id == Return.order_id)
                    .outerjoin(Customer, Customer.id == Return.customer_id))
        stmt = stmt.where(_search_clause(text, search_mode))
    return stmt


def _sorted(stmt: Select[*tuple[Any, ...]], sort: str) -> Select[*tuple[Any, ...]]:
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
        stmt = _sorted(_filtered(filter_, utcnow(), mode, _is_sqlite(session)), filter_.sort).offset(max(0, offset))
        if limit is not None:
            stmt = stmt.limit(limit)
        return list(session.scalars(stmt))


def count_returns(db: Database, filter_: ReturnFilter | None = None) -> int:
    """Return how many returns the queue holds for a filter."""
    filter_ = filter_ or ReturnFilter()
    with db.read() as session:
        sub = _filtered(filter_, utcnow(), search_mode(session, filter_.search), _is_sqlite(session)).subquery()
        return int(session.scalar(select(func.count()).select_from(sub)) or 0)


def queue_marker(db: Database) -> tuple[int, int]:
    """Return (newest return id, newest event id): changes with any new or changed return; two key look-ups."""
    with db.read() as session:
        newest_return = session.scalar(select(func.max(Return.id))) or 0
        newest_event = session.scalar(select(func.max(ReturnEvent.id))) or 0
        return int(newest_return), int(newest_event)


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


def _money(cache: dict[tuple[int, str], Money], minor: int, currency: str) -> Money:
    key = (minor, currency)
    if key not in cache:
        cache[key] = Money.from_minor(minor, currency)
    return cache[key]


@cache
def _summary_query(dialect: str) -> Select[*tuple[Any, ...]]:
    """One statement for a page of queue rows (ids bound as `ids`): items, reasons in line order, refunds."""
    sqlite = dialect == "sqlite"
    larger = func.max if sqlite else func.greatest
    items = (select(func.sum(larger(ReturnLine.requested_qty, ReturnLine.received_qty)))
             .where(ReturnLine.return_id == Return.id).scalar_subquery())
    codes = (select(ReturnLine.reason_code.label("code"), func.min(ReturnLine.id).label("first"))
             .where(ReturnLine.return_id == Return.id, ReturnLine.reason_code != "")
             .group_by(ReturnLine.reason_code).order_by(func.min(ReturnLine.id)).correlate(Return).subquery())
    if sqlite:
        joined = func.group_concat(codes.c.code, ", ")
    else:  # the PostgreSQL dialect loads only for a server shop
        from sqlalchemy.dialects.postgresql import aggregate_order_by

        joined = func.string_agg(codes.c.code, aggregate_order_by(literal_column("', '"), codes.c.first))
    reasons = select(joined).scalar_subquery()
    refunded = (select(func.sum(Refund.amount_minor))
                .where(Refund.return_id == Return.id, Refund.method != "store_credit").scalar_subquery())
    return (
        select(Return.id, Return.rma, Return.status, Return.currency, Return.requested_at, Return.due_at,
               Return.flagged, Return.tracking_number, Return.version, Order.number, Customer.name, items,
               reasons, refunded, Return.channel)
        .outerjoin(Order, Order.id == Return.order_id)
        .outerjoin(Customer, Customer.id == Return.customer_id)
        .where(Return.id.in_(bindparam("ids", expanding=True)))
    )


def _summaries(session: Session, ids: list[int]) -> list[ReturnSummary]:
    now = utcnow()
    rows = session.execute(_summary_query(session.get_bind().dialect.name), {"ids": ids}).all()
    by_id = {}
    labels = {status.value: status_label(status) for status in Status}
    money: dict[tuple[int, str], Money] = {}  # amounts repeat within a page (Money is immutable)
    for (rid, rma, status, currency, requested_at, due_at, flagged, tracking, version, order_number, name,
         items, reasons, refunded, channel) in rows:
        by_id[rid] = ReturnSummary(
            id=rid,
            rma=rma,
            order_number=order_number,
            customer_name=name or "",
            status=status,
            status_label=labels[status],
            items=int(items or 0),
            reason=reasons or "",
            refunded=_money(money, int(refunded or 0), currency),
            requested_at=requested_at,
            age_days=max(0, (now - requested_at).days),
            due_at=due_at,
            overdue=is_overdue(status, due_at, now),
            flagged=flagged,
            tracking_number=tracking,
            version=version,
            channel=channel or "desk",
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
    imported: bool = False,
    batch: int | None = None,
) -> list[ReturnSummary]:
    """Return one page of the working queue, or with `imported` (or a `batch`) the imported historical returns."""
    filter_ = ReturnFilter(status=status, search=search, overdue_only=overdue_only, sort=sort, imported=imported,
                           batch=batch)
    with db.read() as session:  # ids and rows in one snapshot
        mode = search_mode(session, search)
        stmt = _sorted(_filtered(filter_, utcnow(), mode, _is_sqlite(session)), sort).offset(max(0, offset))
        ids = list(session.scalars(stmt if limit is None else stmt.limit(limit)))
        return _summaries(session, ids) if ids else []
