"""Change marks of closed months: database triggers note every write that changes a month's report figures.

The monthly report keeps the figures of closed months (table `report_figures`) together with the month's
change mark read before they were computed; they are served only while the mark is unchanged. The marks live
in `report_changes(month, mark)` and are written by triggers in the same transaction as the change, so every
writer is covered: services, imports, the demo, raw SQL, a move to a server. A row's timestamp t belongs to
the local month of t in the shop's time zone (UTC-12 .. UTC+14), so the months of t-14 h and t+14 h are
marked. Months not yet over in UTC are not marked (nothing is kept for them). Key '*' marks every month
(a product's category or a published policy changed).

SQLite keeps one row per month (mark 0) whose `changes` count up (one writer at a time anyway); PostgreSQL
adds one row per transaction and month (mark = transaction id), so concurrent writers never wait for each other
on a counter row. Either way the fingerprint (rows, sum of marks, sum of changes) changes with every change.
On SQLite a row whose times all fall in months not over yet (this month's imports), or in months of which
nothing is kept, costs a cheap look and marks nothing: a report writes a row for each month it is about to
keep (kept.prepare_keeping) before it reads the marks, and SQLite's writers take turns, so every change after
that row marks the month and every change before it is in the report's snapshot. PostgreSQL marks every
change to an ended month (its writers overlap).
A batch migration that recreates one of the watched tables on SQLite drops its triggers: call
`create_sqlite_triggers` again after it (tests/integration/reports/test_kept_figures.py checks they exist).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Execute = Callable[[str], Any]
MARKS_TABLE = "report_changes"
KEPT_TABLE = "report_figures"
EVERY_MONTH = "*"


@dataclass(frozen=True)
class Watch:
    """One watched table: the columns whose change matters and the timestamps (SELECTs of t) a row touches."""

    table: str
    columns: tuple[str, ...]
    times: tuple[str, ...]  # SELECT statements giving column t; {r} stands for NEW or OLD
    when: str = ""  # extra condition on the row {r} (e.g. only published policies)
    later: tuple[str, ...] = ()  # SELECTs of rows that can refer to this one only after it exists (not on insert)

    def selects(self, op: str) -> tuple[str, ...]:
        """Return the SELECTs of t for an operation."""
        return self.times if op == "ai" else self.times + self.later


_ORDER_OF_LINE = "SELECT o.ordered_at AS t FROM order_lines ol JOIN orders o ON o.id = ol.order_id WHERE ol.id = {r}."
_RETURN_DATES = ("requested_at", "approved_at", "received_at", "resolved_at")

WATCHES = (
    Watch("orders", ("ordered_at", "status", "channel"), ("SELECT {r}.ordered_at AS t",)),
    Watch("order_lines", ("order_id", "product_id", "sku", "category", "quantity"), (
        "SELECT o.ordered_at AS t FROM orders o WHERE o.id = {r}.order_id",
    ), later=(
        "SELECT r.requested_at AS t FROM return_lines l JOIN returns r ON r.id = l.return_id "
        "WHERE l.order_line_id = {r}.id",
    )),
    Watch("returns", ("status", "currency", "channel", "customer_id", "policy_version_id", "label_prepaid",
                      "shipping_charge_minor", "imported", "due_at", *_RETURN_DATES), (
        *(f"SELECT {{r}}.{name} AS t" for name in _RETURN_DATES),
    ), later=(
        "SELECT o.ordered_at AS t FROM return_lines l JOIN order_lines ol ON ol.id = l.order_line_id "
        "JOIN orders o ON o.id = ol.order_id WHERE l.return_id = {r}.id",
        "SELECT f.created_at AS t FROM refunds f WHERE f.return_id = {r}.id",
    )),
    Watch("return_lines", ("return_id", "order_line_id", "product_id", "sku", "name", "reason_code",
                           "requested_qty", "damaged_qty", "value_minor", "unexpected", "resolution"), (
        *(f"SELECT r.{name} AS t FROM returns r WHERE r.id = {{r}}.return_id" for name in _RETURN_DATES),
        _ORDER_OF_LINE + "order_line_id",
    )),
    Watch("refunds", ("return_id", "created_at", "amount_minor", "fee_minor", "tax_minor", "currency",
                      "reverses_id"), ("SELECT {r}.created_at AS t",)),
    Watch("store_credit_entries", ("created_at", "amount_minor", "currency"), ("SELECT {r}.created_at AS t",)),
    Watch("exchanges", ("currency", "difference_minor", "status", "refund_id", "created_at", "settled_at"), (
        "SELECT {r}.created_at AS t", "SELECT {r}.settled_at AS t",
        "SELECT f.created_at AS t FROM refunds f WHERE f.id = {r}.refund_id",
    )),
    Watch("products", ("category",), (), when="1 = 1"),
    Watch("policy_versions", ("rules", "status"), (), when="{r}.status <> 'draft'"),
)
OPERATIONS = {"ai": ("AFTER INSERT", ("NEW",)), "au": ("AFTER UPDATE", ("OLD", "NEW")),
              "bd": ("BEFORE DELETE", ("OLD",))}


def trigger_names(tables: frozenset[str] | None = None) -> list[str]:
    """Return the names of every trigger this module creates (on some tables only, when given)."""
    return [f"report_mark_{watch.table}_{op}" for watch in WATCHES for op in OPERATIONS
            if not (op == "ai" and not watch.times) and (tables is None or watch.table in tables)]


def _times(watch: Watch, op: str, rows: tuple[str, ...]) -> str:
    return " UNION ALL ".join(select.format(r=row) for row in rows for select in watch.selects(op))


def _changed(watch: Watch, differs: str = "IS NOT", cast: str = "") -> str:
    return " OR ".join(f"OLD.{c}{cast if c == 'rules' else ''} {differs} NEW.{c}{cast if c == 'rules' else ''}"
                       for c in watch.columns)


SIDES = "(SELECT '-14 hours' AS side UNION ALL SELECT '+14 hours')"
ENDED_BEFORE = "datetime('now', 'start of month', '+14 hours')"  # a t before this touches an ended month


def _sqlite_months(watch: Watch, op: str, rows: tuple[str, ...]) -> str:
    if not watch.times:
        return f"SELECT '{EVERY_MONTH}' AS m"
    return f"SELECT DISTINCT strftime('%Y-%m', t, side) AS m FROM ({_times(watch, op, rows)}) CROSS JOIN {SIDES}"


def _sqlite_body(watch: Watch, op: str, rows: tuple[str, ...]) -> str:
    return (f"INSERT INTO {MARKS_TABLE}(month, mark, changes) SELECT m, 0, 1 FROM ({_sqlite_months(watch, op, rows)}) "
            f"WHERE m IS NOT NULL AND m < strftime('%Y-%m', 'now') "
            "ON CONFLICT(month, mark) DO UPDATE SET changes = changes + 1;")


def _condition(watch: Watch, op: str, rows: tuple[str, ...], changed: str, sqlite: bool = False) -> str:
    parts = [f"({changed})"] if op == "au" else []
    if watch.when:
        parts.append("(" + " OR ".join(watch.when.format(r=row) for row in rows) + ")")
    if sqlite:  # a row of months not over yet (this month's imports), or of months nobody keeps, marks nothing
        parts.append(f"EXISTS (SELECT 1 FROM {KEPT_TABLE})")
        if watch.times:
            sides = ", ".join(f"strftime('%Y-%m', t, '{side} hours')" for side in ("-14", "+14"))
            parts.append(f"EXISTS (SELECT 1 FROM ({_times(watch, op, rows)}) WHERE t < {ENDED_BEFORE} AND "
                         f"EXISTS (SELECT 1 FROM {KEPT_TABLE} f WHERE f.month IN ({sides})))")
    return " AND ".join(parts)


def create_sqlite_triggers(execute: Execute) -> None:
    """Create the marking triggers on SQLite (idempotent)."""
    for watch in WATCHES:
        for op, (timing, rows) in OPERATIONS.items():
            if op == "ai" and not watch.times:
                continue
            columns = f" OF {', '.join(watch.columns)}" if op == "au" else ""
            condition = _condition(watch, op, rows, _changed(watch), sqlite=True)
            when = f" WHEN {condition}" if condition else ""
            execute(f"CREATE TRIGGER IF NOT EXISTS report_mark_{watch.table}_{op} {timing}{columns} "
                    f"ON {watch.table} FOR EACH ROW{when} BEGIN {_sqlite_body(watch, op, rows)} END")


def _pg_months(watch: Watch, op: str, rows: tuple[str, ...]) -> str:
    if not watch.times:
        return f"SELECT '{EVERY_MONTH}'::text AS m"
    return (f"SELECT to_char((t AT TIME ZONE 'UTC') + side * interval '14 hours', 'YYYY-MM') AS m "
            f"FROM ({_times(watch, op, rows)}) times CROSS JOIN (VALUES (-1), (1)) AS sides(side)")


def create_pg_triggers(execute: Execute) -> None:
    """Create the marking functions and triggers on PostgreSQL (replacing older ones)."""
    for watch in WATCHES:
        for op, (timing, rows) in OPERATIONS.items():
            if op == "ai" and not watch.times:
                continue
            name = f"report_mark_{watch.table}_{op}"
            now = "to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM')"
            result = "OLD" if op == "bd" else "NULL"
            execute(f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    f"INSERT INTO {MARKS_TABLE}(month, mark, changes) SELECT DISTINCT m, txid_current(), 1 "
                    f"FROM ({_pg_months(watch, op, rows)}) months WHERE m IS NOT NULL AND m COLLATE \"C\" < {now} "
                    f"ON CONFLICT DO NOTHING; RETURN {result}; END $$")
            condition = _condition(watch, op, rows, _changed(watch, "IS DISTINCT FROM", "::text"))
            columns = f" OF {', '.join(watch.columns)}" if op == "au" else ""
            when = f" WHEN ({condition})" if condition else ""
            execute(f"DROP TRIGGER IF EXISTS {name} ON {watch.table}")
            execute(f"CREATE TRIGGER {name} {timing}{columns} ON {watch.table} FOR EACH ROW{when} "
                    f"EXECUTE FUNCTION {name}()")


def create_triggers(dialect: str, execute: Execute) -> None:
    """Create the marking triggers for the database's dialect."""
    if dialect == "sqlite":
        create_sqlite_triggers(execute)
    else:
        create_pg_triggers(execute)


def drop_triggers(dialect: str, execute: Execute, tables: frozenset[str] | None = None) -> None:
    """Remove the marking triggers (and on PostgreSQL their functions), of some tables only when given."""
    for name in trigger_names(tables):
        if dialect == "sqlite":
            execute(f"DROP TRIGGER IF EXISTS {name}")
        else:
            table = name.removeprefix("report_mark_").rsplit("_", 1)[0]
            execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            execute(f"DROP FUNCTION IF EXISTS {name}()")
