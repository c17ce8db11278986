"""Stock movements caused by returns, through the catalogue service."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop_app.core.services.catalog import record_movement


def move_stock(
    session: Session,
    product_id: int | None,
    qty: int,
    kind: str,
    *,
    return_line_id: int | None,
    user_id: int | None,
    note: str = "",
) -> None:
    """Record one inventory movement through the catalogue service (nothing for unknown products or 0)."""
    if product_id is None or qty == 0:
        return
    record_movement(session, product_id, qty, kind, return_line_id=return_line_id, note=note, user_id=user_id)
