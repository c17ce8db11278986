"""Queue figures: first and random pages, type-ahead search and status counts, each against raw SQL."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from desktop_app.core.db.engine import Database
from desktop_app.core.db.search_index import FTS_TABLE, MIN_TRIGRAM, SHORT_QUERY_SQL, fts_phrase, term_range
from desktop_app.core.services.returns import queue as q
from desktop_app.core.services.returns.views import ReturnFilter

from .timing import Figure, Paired, Sample, measure, paired

PAGE = 200  # the lazy model's page size
STATUS = "closed"  # the biggest status: the hardest filter to page through
SEARCH_TARGET_MS = 50.0
CPU_NOTE = "interleaved with its raw baseline (A B A B); met judged on the median pairwise CPU ratio"
SUMMARY_SQL = """
SELECT r.id, r.rma, o.number, c.name, r.status, r.requested_at, r.due_at, r.flagged, r.tracking_number,
       r.version, r.currency,
       (SELECT sum(max(l.requested_qty, l.received_qty)) FROM return_lines l WHERE l.return_id = r.id),
       (SELECT group_concat(DISTINCT l.reason_code) FROM return_lines l WHERE l.return_id = r.id),
       (SELECT sum(f.amount_minor) FROM refunds f WHERE f.return_id = r.id AND f.method != 'store_credit')
FROM returns r LEFT JOIN orders o ON o.id = r.order_id LEFT JOIN customers c ON c.id = r.customer_id
"""


def _raw_page(conn: sqlite3.Connection, offset: int) -> list[tuple]:
    return conn.execute(SUMMARY_SQL.replace("FROM returns r", "FROM returns r INDEXED BY ix_returns_queue", 1)
                        + " WHERE r.imported = 0 AND r.status = ? "
                        "ORDER BY r.requested_at DESC, r.id DESC LIMIT ? OFFSET ?", (STATUS, PAGE, offset)).fetchall()


def _raw_by_ids(conn: sqlite3.Connection, ids: list[int]) -> list[tuple]:
    marks = ",".join("?" * len(ids))
    return conn.execute(SUMMARY_SQL + f" WHERE r.id IN ({marks})", ids).fetchall()


def _raw_search(conn: sqlite3.Connection, text: str) -> list[int]:
    if len(text) >= MIN_TRIGRAM:
        sql = (f"SELECT r.id FROM returns r WHERE r.imported = 0 AND r.id IN "
               f"(SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?) ORDER BY r.requested_at DESC, r.id DESC")
        return [row[0] for row in conn.execute(sql, (fts_phrase(text),))]
    if len(text) == 2:  # the same vocabulary lookup as the service
        sql = (f"SELECT r.id FROM returns r WHERE r.imported = 0 AND r.id IN (SELECT rowid FROM {FTS_TABLE} WHERE "
               f"{FTS_TABLE} MATCH ({SHORT_QUERY_SQL})) ORDER BY r.requested_at DESC, r.id DESC")
        return [row[0] for row in conn.execute(sql, term_range(text))]
    like = f"%{text}%"
    sql = ("SELECT r.id FROM returns r LEFT JOIN orders o ON o.id = r.order_id "
           "LEFT JOIN customers c ON c.id = r.customer_id WHERE r.imported = 0 AND (r.rma LIKE ?1 OR o.number LIKE ?1 "
           "OR c.name LIKE ?1 OR c.email LIKE ?1 OR r.tracking_number LIKE ?1 OR EXISTS (SELECT 1 FROM return_lines l "
           "WHERE l.return_id = r.id AND l.sku LIKE ?1)) ORDER BY r.requested_at DESC, r.id DESC")
    return [row[0] for row in conn.execute(sql, (like,))]


def search_terms(conn: sqlite3.Connection, seed: int = 5) -> list[tuple[str, str]]:
    """Type-ahead searches taken from the shop itself: (kind, text)."""
    rng = random.Random(seed)
    n = conn.execute("SELECT max(id) FROM returns").fetchone()[0]

    def pick(sql: str) -> str:
        rows = conn.execute(sql).fetchall()
        return str(rng.choice(rows)[0])

    rid = rng.randint(1, n)
    rma, order = conn.execute("SELECT r.rma, o.number FROM returns r JOIN orders o ON o.id = r.order_id "
                              "WHERE r.id = ?", (rid,)).fetchone()
    who = "SELECT c.name FROM returns r JOIN customers c ON c.id = r.customer_id WHERE r.id < 3000 AND "
    latin = pick(who + "c.language != 'zh_CN'")
    chinese3 = pick(who + "length(c.name) = 3 AND c.language = 'zh_CN'")
    return [
        ("RMA", rma.split("-")[1][-5:]), ("RMA", rma), ("order", order),
        ("customer (Latin, full name)", latin), ("customer (Latin, surname)", latin.split()[-1][:7]),
        ("customer (Chinese, 3 characters)", chinese3), ("customer (Chinese, 2 characters)", "张伟"),
        ("SKU", "DRS-WRP-GRN-M"), ("tracking", pick(f"SELECT tracking_number FROM returns WHERE id = {rid}")[:10]),
    ]


def run(path: Path, size: int, repeat: int) -> list[Figure]:
    """Measure the queue figures of one shop file."""
    db = Database(path)
    conn = sqlite3.connect(path)
    figures: list[Figure] = []
    try:
        figures += _pages(db, conn, size, repeat)
        figures += _search(db, conn, size, repeat)
        figures += _counts(db, conn, size, repeat)
    finally:
        conn.close()
        db.dispose()
    return figures


def _fig(size: int, name: str, pair: Paired, target: str = "", limit: float | None = None,
         note: str = CPU_NOTE) -> Figure:
    """A figure measured interleaved with its raw baseline; met when the median pairwise CPU ratio is within limit."""
    ratio = pair.ratio()
    return Figure(size, name, pair.a.median(), "ms", pair.b.median(), target,
                  None if limit is None else ratio <= limit, pair.a.median(True), pair.b.median(True), note,
                  paired_ratio=ratio)


def _pages(db: Database, conn: sqlite3.Connection, size: int, repeat: int) -> list[Figure]:
    flt = ReturnFilter(status=STATUS)
    first, _, rows = paired(lambda: q.list_returns(db, status=STATUS, limit=PAGE), lambda: _raw_page(conn, 0), repeat)
    out = [_fig(size, f"queue first page via list_returns ({STATUS}, {PAGE} rows)", first, "<= 3x raw", 3)]
    ids_pair, ids, _ = paired(lambda: q.return_ids(db, flt), lambda: conn.execute(
        "SELECT id FROM returns WHERE imported = 0 AND status = ? ORDER BY requested_at DESC, id DESC",
        (STATUS,)).fetchall(), max(1, repeat // 2))
    out.append(_fig(size, f"queue ids for the filter ({len(ids):,} ids)", ids_pair, note=""))
    top = ids[:PAGE]  # the window: ids of the filter once, then the first page of rows by id
    by_id, _, _ = paired(lambda: q.summaries_by_ids(db, top), lambda: _raw_by_ids(conn, top), repeat)
    out.append(_fig(size, f"queue first page as the window loads it ({PAGE} rows by id)", by_id, "<= 3x raw", 3))
    rng = random.Random(size)
    scrolled = Paired(Sample(), Sample())
    for start in [rng.randrange(0, max(1, len(ids) - PAGE)) for _ in range(repeat * 3)]:
        page = ids[start:start + PAGE]  # what the lazy model does when scrolled: one page of summaries by id
        scrolled.a.add(lambda page=page: q.summaries_by_ids(db, page))
        scrolled.b.add(lambda page=page: _raw_by_ids(conn, page))
    out.append(_fig(size, f"queue random page by id ({PAGE} rows)", scrolled, "<= 3x raw", 3))
    deep = Paired(Sample(), Sample())
    for start in [rng.randrange(0, max(1, len(ids) - PAGE)) for _ in range(max(2, repeat // 2))]:
        deep.a.add(lambda start=start: q.list_returns(db, status=STATUS, offset=start, limit=PAGE))
        deep.b.add(lambda start=start: _raw_page(conn, start))  # list_returns with an offset (the command)
    out.append(_fig(size, f"queue random page by offset ({PAGE} rows)", deep, "<= 3x raw", 3))
    assert len(rows) == min(PAGE, len(ids))
    return out


def _search(db: Database, conn: sqlite3.Connection, size: int, repeat: int) -> list[Figure]:
    every = Paired(Sample(), Sample())
    out = []
    for kind, text in search_terms(conn):
        flt = ReturnFilter(search=text)
        pair, found, raw_found = paired(lambda flt=flt: q.return_ids(db, flt),
                                        lambda text=text: _raw_search(conn, text), repeat)
        plain = None  # the scan before the index: 10-20 s a search at 1,000,000, so there only once
        if size < 1_000_000 or not out:
            plain, _ = measure(lambda flt=flt: _plain_ids(db, flt), 1, warm=0)
        for mine, theirs in ((every.a, pair.a), (every.b, pair.b)):
            mine.wall += theirs.wall
            mine.cpu += theirs.cpu
        out.append(Figure(size, f"search {kind} '{text}' ({len(found):,} hits)", pair.a.p(0.95), "ms",
                          pair.b.p(0.95), f"p95 < {SEARCH_TARGET_MS:.0f} ms", None, pair.a.p(0.95, True),
                          pair.b.p(0.95, True), _before(plain) + f"same hits as raw: {found == raw_found}",
                          paired_ratio=pair.ratio()))
    out.insert(0, Figure(size, "search p50 (all type-ahead terms)", every.a.p(0.5), "ms", every.b.p(0.5), "",
                         None, every.a.p(0.5, True), every.b.p(0.5, True), paired_ratio=every.ratio()))
    out.insert(1, Figure(size, "search p95 (all type-ahead terms)", every.a.p(0.95), "ms", every.b.p(0.95),
                         f"< {SEARCH_TARGET_MS:.0f} ms at 1,000,000", every.a.p(0.95, True) < SEARCH_TARGET_MS
                         if size >= 1_000_000 else None, every.a.p(0.95, True), every.b.p(0.95, True),
                         CPU_NOTE + "; ids of the search only (the window's pause also recounts)",
                         paired_ratio=every.ratio()))
    return out


def _before(plain: Sample | None) -> str:
    if plain is None:
        return ""
    return f"plain scan before: {plain.median():.0f} ms wall, {plain.median(True):.0f} ms CPU; "


def _plain_ids(db: Database, flt: ReturnFilter) -> list[int]:
    """The search as it was before the index: the plain LIKE scan."""
    with db.read() as session:
        return list(session.scalars(q._sorted(q._filtered(flt, q.utcnow(), "plain"), flt.sort)))


def _counts(db: Database, conn: sqlite3.Connection, size: int, repeat: int) -> list[Figure]:
    def bar() -> tuple[dict[str, int], int]:  # what the filter bar shows: per status, and overdue
        return q.status_counts(db), q.count_returns(db, ReturnFilter(overdue_only=True))

    def raw_bar() -> tuple[list, int]:
        rows = conn.execute("SELECT status, count(*) FROM returns WHERE imported = 0 GROUP BY status").fetchall()
        overdue = conn.execute("SELECT count(*) FROM returns INDEXED BY ix_returns_queue WHERE imported = 0 AND "
                               "due_at < strftime('%Y-%m-%d %H:%M:%f', 'now') AND status IN ('requested', "
                               "'partially_received', 'received', 'inspected')").fetchone()[0]
        return rows, overdue

    pair, _, _ = paired(bar, raw_bar, repeat)
    return [_fig(size, "status counts for the filter bar", pair, note="")]
