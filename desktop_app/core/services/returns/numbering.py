"""Gap-free numbers: RMAs and credit notes."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from desktop_app.core.db.models import Counter
from desktop_app.core.documents.scan import format_rma as format_rma  # the RMA format is scan.py's; re-exported

RMA_COUNTER = "rma"


def format_credit_note(year: int, number: int) -> str:
    """Return a credit note number, e.g. (2026, 1) -> 'CN-2026-000001'."""
    return f"CN-{year}-{number:06d}"


def next_number(session: Session, name: str) -> int:
    """Return the next value of a gap-free counter; the row stays locked until the transaction ends."""
    if session.get_bind().dialect.name == "postgresql":  # each dialect loads only where it is used
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(pg_insert(Counter).values(name=name, value=0).on_conflict_do_nothing(index_elements=["name"]))
    else:
        from sqlalchemy.dialects.sqlite import insert as lite_insert

        session.execute(lite_insert(Counter).values(name=name, value=0).on_conflict_do_nothing(index_elements=["name"]))
    stmt = update(Counter).where(Counter.name == name).values(value=Counter.value + 1).returning(Counter.value)
    return int(session.execute(stmt, execution_options={"synchronize_session": False}).scalar_one())
