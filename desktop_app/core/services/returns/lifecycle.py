"""The verbs of a return's life: approve, reject, cancel, receive, inspect, close, reopen, notes, files.

Each verb is one transaction: lock the return, refuse a stale `expected_version`, load it into the domain's
ReturnState, let the domain decide, write the new state, its events and the stock movements back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from mimetypes import guess_type

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.db.models import Attachment, Product, Return, ReturnLine
from desktop_app.core.domain import lifecycle
from desktop_app.core.domain.lifecycle import EventSpec, ReturnState
from desktop_app.core.domain.policy import Condition
from desktop_app.core.domain.records import ATTACHMENT_KINDS, MAX_ATTACHMENT_BYTES, NOTE_CHANNELS
from desktop_app.core.i18n import N_, Message
from desktop_app.core.services.base import CurrentUser, InvalidInput, ServiceContext, require_owner, require_user
from desktop_app.core.services.returns.detail import build_detail
from desktop_app.core.services.returns.events import append_events, commit_transition
from desktop_app.core.services.returns.exchange_read import refuse_unpaid
from desktop_app.core.services.returns.records import check_fresh, load_return, write
from desktop_app.core.services.returns.state import to_state, touch
from desktop_app.core.services.returns.stock import move_stock
from desktop_app.core.services.returns.views import ReturnDetail
from desktop_app.core.services.text_checks import COMMENT_MAX, check_text

Step = Callable[[Session, Return, ReturnState, CurrentUser], object]


def change(
    ctx: ServiceContext,
    rma: str,
    expected_version: int | None,
    step: Step,
    owner_action: Message | None = None,
) -> ReturnDetail:
    """Run one verb on one return in one transaction and return its new detail."""
    user = require_owner(ctx, owner_action) if owner_action is not None else require_user(ctx)
    with write(ctx) as session:
        ret = load_return(session, rma, lock=True)
        if ret.imported:
            raise InvalidInput(
                Message("{rma} is an imported historical return; it cannot be changed.", {"rma": ret.rma})
            )
        check_fresh(session, ret, expected_version)
        step(session, ret, to_state(session, ret), user)
        return build_detail(session, ret, user.role)


def _line_products(ret: Return) -> dict[int, int | None]:
    return {row.id: row.product_id for row in ret.lines}


def restock_from_events(
    session: Session, ret: Return, events: tuple[EventSpec, ...], kind: str, user: CurrentUser
) -> None:
    """Move stock by each event's `restock_qty` (received minus damaged; never damaged units)."""
    products = _line_products(ret)
    items = [item for spec in events for item in (spec.data.get("lines") or [spec.data])]
    # Lock products in one order so that two desks receiving the same products never deadlock.
    for item in sorted(items, key=lambda d: products.get(d.get("line_id")) or 0):
        qty = int(item.get("restock_qty") or 0)
        line_id = item.get("line_id")
        if qty and line_id is not None:
            move_stock(
                session,
                products.get(line_id),
                qty,
                "write_off" if kind == "restock" and qty < 0 else kind,
                return_line_id=line_id,
                user_id=user.id,
                note=ret.rma,
            )


def approve(
    ctx: ServiceContext, rma: str, note: str | None = None, expected_version: int | None = None
) -> ReturnDetail:
    """Approve a requested return so its parcel can be received."""
    return change(
        ctx,
        rma,
        expected_version,
        lambda s, r, st, u: commit_transition(s, r, lifecycle.approve(st, note), u),
    )


def reject(ctx: ServiceContext, rma: str, note: str, expected_version: int | None = None) -> ReturnDetail:
    """Refuse a return before anything arrived; the reason is kept on the timeline."""
    return change(
        ctx, rma, expected_version, lambda s, r, st, u: commit_transition(s, r, lifecycle.reject(st, note), u)
    )


def cancel(ctx: ServiceContext, rma: str, note: str | None = None, expected_version: int | None = None) -> ReturnDetail:
    """Cancel a return; refused once anything has been received."""
    return change(
        ctx, rma, expected_version, lambda s, r, st, u: commit_transition(s, r, lifecycle.cancel(st, note), u)
    )


def _receipts(receipts: Mapping[int, tuple[int, int] | int]) -> dict[int, tuple[int, int]]:
    out = {}
    for line_id, value in receipts.items():
        qty, damaged = (value, 0) if isinstance(value, int) else value
        out[int(line_id)] = (int(qty), int(damaged))
    return out


def _normal_tracking(text: str) -> str:
    tracking = "".join((text or "").split()).upper()
    if len(tracking) > 64:
        raise InvalidInput(Message("A tracking number has at most 64 characters."))
    return tracking


def receive(
    ctx: ServiceContext,
    rma: str,
    receipts: Mapping[int, tuple[int, int] | int],
    tracking: str | None = None,
    expected_version: int | None = None,
) -> ReturnDetail:
    """Record arrived units per line (quantity, of which damaged); undamaged units go back to stock."""
    wanted = _receipts(receipts)

    def step(s: Session, r: Return, st: ReturnState, u: CurrentUser) -> None:
        transition = lifecycle.receive(st, wanted)
        if tracking:
            r.tracking_number = _normal_tracking(tracking)
        commit_transition(s, r, transition, u)
        restock_from_events(s, r, transition.events, "restock", u)

    return change(ctx, rma, expected_version, step)


def record_unexpected_item(
    ctx: ServiceContext,
    rma: str,
    qty: int,
    *,
    return_line_id: int | None = None,
    sku: str = "",
    name: str = "",
    damaged_qty: int = 0,
    note: str | None = None,
    expected_version: int | None = None,
) -> ReturnDetail:
    """Record units that arrived without being asked for; the return is flagged for the owner."""

    def step(s: Session, r: Return, st: ReturnState, u: CurrentUser) -> None:
        line_id = return_line_id
        if line_id is None:
            if not sku.strip():
                raise InvalidInput(Message("Enter the SKU of the item that arrived."))
            product = s.scalars(select(Product).where(Product.sku == sku.strip())).first()
            row = ReturnLine(
                return_id=r.id,
                product_id=product.id if product else None,
                sku=sku.strip(),
                name=name or (product.name if product else ""),
                unexpected=True,
            )
            r.lines.append(row)
            s.flush()
            line_id = row.id
        transition = lifecycle.add_unexpected_item(st, line_id, qty, damaged_qty, note=note)
        r.flagged = True
        commit_transition(s, r, transition, u)

    return change(ctx, rma, expected_version, step)


def inspect(
    ctx: ServiceContext,
    rma: str,
    findings: Mapping[int, tuple[str, int, bool]],
    expected_version: int | None = None,
) -> ReturnDetail:
    """Record inspection per line: (condition, damaged units, passed); newly damaged units leave stock."""
    parsed = {}
    for line_id, (condition, damaged, passed) in findings.items():
        try:
            parsed[int(line_id)] = (Condition(condition), int(damaged), bool(passed))
        except ValueError:
            raise InvalidInput(
                Message("{value} is not an item condition ReturnDesk knows.", {"value": condition})
            ) from None

    def step(s: Session, r: Return, st: ReturnState, u: CurrentUser) -> None:
        transition = lifecycle.inspect(st, parsed)
        commit_transition(s, r, transition, u)
        restock_from_events(s, r, transition.events, "restock", u)

    return change(ctx, rma, expected_version, step)


def close(ctx: ServiceContext, rma: str, note: str | None = None, expected_version: int | None = None) -> ReturnDetail:
    """Close a resolved return; the owner may close an unfinished one with a note."""

    def step(s: Session, r: Return, st: ReturnState, u: CurrentUser) -> None:
        refuse_unpaid(s, r)
        commit_transition(s, r, lifecycle.close(st, note, is_owner=u.is_owner), u)

    return change(ctx, rma, expected_version, step)


def reopen(ctx: ServiceContext, rma: str, reason: str, expected_version: int | None = None) -> ReturnDetail:
    """Owner: reopen a closed, resolved, rejected or cancelled return with a reason."""
    return change(
        ctx,
        rma,
        expected_version,
        lambda s, r, st, u: commit_transition(s, r, lifecycle.reopen(st, reason), u),
        owner_action=Message("reopen a return"),
    )


def reverse_receipt(
    ctx: ServiceContext, rma: str, line_id: int, qty: int, reason: str, expected_version: int | None = None
) -> ReturnDetail:
    """Owner: undo a mistaken receipt with a compensating event; undamaged units leave stock again."""

    def step(s: Session, r: Return, st: ReturnState, u: CurrentUser) -> None:
        transition = lifecycle.reverse_receipt(st, line_id, qty, reason)
        commit_transition(s, r, transition, u)
        restock_from_events(s, r, transition.events, "reversal", u)

    return change(ctx, rma, expected_version, step, owner_action=Message("reverse a receipt"))


def add_note(
    ctx: ServiceContext, rma: str, channel: str, text: str, expected_version: int | None = None
) -> ReturnDetail:
    """Put a phone call, chat, e-mail or plain note on the return's timeline."""
    if channel not in NOTE_CHANNELS:
        raise InvalidInput(
            Message("Choose where the note comes from: {choices}.", {"choices": ", ".join(NOTE_CHANNELS)})
        )
    if not (text or "").strip():
        raise InvalidInput(Message("Write the note first."))
    check_text(text, N_("The note"), COMMENT_MAX, multiline=True)

    def step(s: Session, r: Return, st: ReturnState, u: CurrentUser) -> None:
        touch(r, u)
        append_events(s, r, (EventSpec("note", st.status, st.status, text.strip(), {"channel": channel}),), u)

    return change(ctx, rma, expected_version, step)


def attach_file(
    ctx: ServiceContext,
    rma: str,
    filename: str,
    content: bytes,
    kind: str = "file",
    mime_type: str | None = None,
    expected_version: int | None = None,
) -> ReturnDetail:
    """Attach a photo, file or carrier label PDF to a return."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not name:
        raise InvalidInput(Message("The file needs a name."))
    if kind not in ATTACHMENT_KINDS:
        raise InvalidInput(Message("Choose what the file is: {choices}.", {"choices": ", ".join(ATTACHMENT_KINDS)}))
    if not content:
        raise InvalidInput(Message("The file {name} is empty.", {"name": name}))
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise InvalidInput(
            Message(
                "The file {name} is larger than {limit} MB.",
                {"name": name, "limit": MAX_ATTACHMENT_BYTES // (1024 * 1024)},
            )
        )
    mime = mime_type or guess_type(name)[0] or "application/octet-stream"

    def step(s: Session, r: Return, st: ReturnState, u: CurrentUser) -> None:
        s.add(
            Attachment(
                return_id=r.id,
                filename=name[:256],
                mime_type=mime,
                kind=kind,
                size=len(content),
                content=bytes(content),
                user_id=u.id,
            )
        )
        touch(r, u)
        append_events(
            s,
            r,
            (EventSpec("file_attached", st.status, st.status, name, {"kind": kind, "size": len(content)}),),
            u,
        )

    return change(ctx, rma, expected_version, step)


def set_tracking(
    ctx: ServiceContext,
    rma: str,
    tracking_number: str,
    carrier: str | None = None,
    expected_version: int | None = None,
) -> ReturnDetail:
    """Record the return parcel's carrier and tracking number (searchable and scannable)."""
    tracking = _normal_tracking(tracking_number)

    def step(s: Session, r: Return, st: ReturnState, u: CurrentUser) -> None:
        old = r.tracking_number
        r.tracking_number = tracking
        if carrier is not None:
            r.carrier = carrier.strip()[:64]
        touch(r, u)
        append_events(
            s,
            r,
            (EventSpec("tracking_set", st.status, st.status, tracking, {"old": old, "carrier": r.carrier}),),
            u,
        )

    return change(ctx, rma, expected_version, step)
