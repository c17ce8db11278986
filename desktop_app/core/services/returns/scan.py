"""What a scan at the packing bench opens: an RMA, a status URL with an RMA, a tracking number or a return kit."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Order, Return
from desktop_app.core.documents.scan import ScanCode, parse_scan
from desktop_app.core.i18n import Message
from desktop_app.core.services.base import NotFound, Role
from desktop_app.core.services.returns.detail import build_detail
from desktop_app.core.services.returns.views import ReturnDetail

# A return kit's parcel is expected while the return is approved or only partly received.
WAITING = ("approved", "partially_received")


class ScanNotFound(NotFound):
    """A readable code that names no return (or, for a kit, not exactly one waiting return)."""

    def __init__(self, message: Message, code: ScanCode) -> None:
        super().__init__(message)
        self.code = code


def _by_rma(session: Session, rma: str) -> Return | None:
    return session.scalars(select(Return).where(Return.rma == rma.upper())).first()


def _by_tracking(session: Session, tracking: str) -> Return | None:
    return session.scalars(
        select(Return)
        .where(func.upper(Return.tracking_number) == tracking.upper())
        .order_by(Return.imported, Return.requested_at.desc())
        .limit(1)
    ).first()


def _by_kit(session: Session, code: ScanCode) -> Return:
    """Return the one return of the kit's order still waiting for its parcel, or refuse saying why."""
    order_ids = session.scalars(select(Order.id).where(Order.number == code.value)).all()
    if not order_ids:
        raise ScanNotFound(Message("The return kit names order {order}, which is not in this shop.",
                                   {"order": code.value}), code)
    waiting = session.scalars(
        select(Return)
        .where(Return.order_id.in_(order_ids), Return.imported.is_(False), Return.status.in_(WAITING))
        .order_by(Return.requested_at)
    ).all()
    if not waiting:
        raise ScanNotFound(Message("Order {order} has no return waiting for a parcel. Create its return first.",
                                   {"order": code.value}), code)
    if len(waiting) > 1:
        raise ScanNotFound(Message("Order {order} has {count} returns waiting for a parcel ({rmas}): scan the "
                                   "return's label or type its RMA.",
                                   {"order": code.value, "count": len(waiting),
                                    "rmas": ", ".join(r.rma for r in waiting)}), code)
    return waiting[0]


def _lookup(session: Session, code: ScanCode) -> Return:
    """Return the return a decoded code names, or refuse naming what was scanned."""
    if code.kind == "kit":
        return _by_kit(session, code)
    if code.kind == "rma":
        ret = _by_rma(session, code.value)
        if ret is None:
            raise ScanNotFound(Message("There is no return {rma}.", {"rma": code.value}), code)
        return ret
    ret = _by_tracking(session, code.value)
    if ret is None:
        raise ScanNotFound(Message("No return has the tracking number {tracking}.", {"tracking": code.value}),
                           code)
    return ret


def find_scanned(db: Database, text: str, role: Role | str | None = None) -> ReturnDetail:
    """Return the return a scanned or typed code names, or refuse with one sentence saying what was not found.

    The code may be an RMA (any case), a label's QR payload or status URL with the RMA in it, a carrier's
    tracking number, or a return kit's code (`RDKIT:<order>`: the order's one return waiting for its parcel).
    """
    code = parse_scan(text)
    with db.read() as session:
        return build_detail(session, _lookup(session, code), role)
