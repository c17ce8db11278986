"""Per-line resolutions with their money: refunds with credit notes, store credit, reversals."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.core.db.models import Order, Refund, Return, ReturnLine, StoreCreditEntry
from desktop_app.core.domain import lifecycle
from desktop_app.core.domain.errors import RuleViolation
from desktop_app.core.domain.lifecycle import ReturnState, Transition
from desktop_app.core.domain.money import Money, money_text
from desktop_app.core.domain.policy import Resolution
from desktop_app.core.i18n import Message
from desktop_app.core.services.base import CurrentUser, InvalidInput, PermissionDenied, ServiceContext
from desktop_app.core.services.returns.amounts import Amounts, full_price
from desktop_app.core.services.returns.deadlines import shop_calendar, shop_country
from desktop_app.core.services.returns.events import commit_transition
from desktop_app.core.services.returns.exchange_read import units_done
from desktop_app.core.services.returns.lifecycle import change
from desktop_app.core.services.returns.limits import clerk_refund_limit_minor
from desktop_app.core.services.returns.numbering import format_credit_note, next_number
from desktop_app.core.services.returns.stock import move_stock
from desktop_app.core.services.returns.views import ReturnDetail
from desktop_app.core.services.settings import load_settings

PAID = (Resolution.REFUND, Resolution.STORE_CREDIT, Resolution.KEEP_IT)
GOES_BACK = (Resolution.REPAIR, Resolution.SEND_BACK)  # the customer's own unit leaves the shop again


def clerk_limit_problem(session: Session, ret: Return, user: CurrentUser, amount: int) -> Message | None:
    """Return why a clerk's refund of `amount` more needs the owner (above the limit, another currency), or None."""
    limit = clerk_refund_limit_minor(session, user)
    if limit is None:
        return None
    shop_currency = load_settings(session).shop_currency.upper()
    if ret.currency.upper() != shop_currency and amount > 0:
        return Message(
            "The owner must approve refunds in {currency}: the clerks' refund limit is set in {shop_currency}.",
            {"currency": ret.currency, "shop_currency": shop_currency},
        )
    paid = (
        session.scalar(select(func.coalesce(func.sum(Refund.amount_minor), 0)).where(Refund.return_id == ret.id)) or 0
    )
    if int(paid) + amount > limit:
        return Message(
            "The owner must approve refunds above {limit}.",
            {"limit": money_text(Money.from_minor(limit, shop_currency), shop_country(session))},
        )
    return None


def refuse_beyond_paid(session: Session, ret: Return, amount: int) -> None:
    """Refuse paying `amount` more on an order the sales platform partly refunded, beyond what is left of it.

    What is left: the order's total, less what the platform paid back before the import, less what this
    shop already paid back (money and store credit) on every return of the order.
    """
    order = session.get(Order, ret.order_id) if ret.order_id else None
    if order is None or order.refunded_elsewhere_minor <= 0:
        return
    here = session.scalar(select(func.coalesce(func.sum(Refund.amount_minor), 0))
                          .join(Return, Return.id == Refund.return_id).where(Return.order_id == order.id)) or 0
    left = max(0, order.total_minor - order.refunded_elsewhere_minor - int(here))
    if amount > left:
        money = {"paid": order.total_minor, "platform": order.refunded_elsewhere_minor, "here": int(here),
                 "left": left}
        raise RuleViolation(Message(
            "Order {order} was paid {paid}; {platform} was already paid back on the sales platform and {here} "
            "here, so at most {left} can still be refunded.",
            {"order": order.number, **{k: money_text(Money.from_minor(v, order.currency), shop_country(session))
                                       for k, v in money.items()}}))


def check_clerk_limit(session: Session, ret: Return, user: CurrentUser, amount: int) -> None:
    """Refuse a clerk's refund above the limit, or in a currency other than the one the limit is set in."""
    problem = clerk_limit_problem(session, ret, user, amount)
    if problem is not None:
        raise PermissionDenied(problem)


def pay_refund(
    session: Session,
    ret: Return,
    row: ReturnLine,
    qty: int,
    amounts: Amounts,
    method: str,
    external_reference: str,
    user: CurrentUser,
    goodwill_reason: str = "",
) -> Refund | None:
    """Write the refund (and its credit note number); store credit also goes onto the customer's balance."""
    if amounts.total <= 0:
        return None
    refuse_beyond_paid(session, ret, amounts.total)
    year = shop_calendar(session).today().year
    refund = Refund(
        return_id=ret.id,
        return_line_id=row.id,
        quantity=qty,
        amount_minor=amounts.total,
        tax_minor=amounts.tax,
        shipping_minor=amounts.shipping,
        fee_minor=amounts.fee,
        label_charge_minor=amounts.charge,
        currency=ret.currency,
        method=method,
        external_reference=external_reference,
        credit_note_number=format_credit_note(year, next_number(session, f"credit_note:{year}")),
        goodwill_reason=goodwill_reason,
        user_id=user.id,
    )
    session.add(refund)
    if method == "store_credit":
        session.add(
            StoreCreditEntry(
                customer_id=ret.customer_id,
                return_id=ret.id,
                amount_minor=amounts.total,
                currency=ret.currency,
                note=ret.rma,
                user_id=user.id,
            )
        )
    session.flush()
    return refund


def clean_text(text: str | None, limit: int, what: Message) -> str:
    value = (text or "").strip()
    if len(value) > limit:
        raise InvalidInput(Message("{what} has at most {limit} characters.", {"what": what, "limit": limit}))
    return value


def goes_back(session: Session, ret: Return, row: ReturnLine, qty: int, kind: str, user: CurrentUser) -> None:
    """Take the customer's undamaged units out of stock again when they are repaired or sent back."""
    from desktop_app.core.db.models import InventoryMovement

    gone = -int(
        session.scalar(
            select(func.coalesce(func.sum(InventoryMovement.quantity), 0)).where(
                InventoryMovement.return_line_id == row.id,
                InventoryMovement.kind == "sent_back",
            )
        )
        or 0
    )
    out = min(qty, max(0, row.received_qty - row.damaged_qty - gone))
    move_stock(session, row.product_id, -out, kind, return_line_id=row.id, user_id=user.id, note=ret.rma)


def line_row(ret: Return, line_id: int) -> ReturnLine:
    for row in ret.lines:
        if row.id == line_id:
            return row
    raise InvalidInput(Message("This return has no line {line}.", {"line": line_id}))


def goodwill_refund(
    ctx: ServiceContext,
    rma: str,
    line_id: int,
    reason: str,
    qty: int | None = None,
    *,
    amount: Decimal | str | None = None,
    method: str = "original_payment",
    external_reference: str = "",
    expected_version: int | None = None,
) -> ReturnDetail:
    """Owner: refund outside the policy with a reason (by default the price paid for the units)."""
    method = clean_text(method, 32, Message("The method")) or "original_payment"
    reference = clean_text(external_reference, 128, Message("The refund reference"))

    def step(s: Session, r: Return, st: ReturnState, u: CurrentUser) -> None:
        transition: Transition = lifecycle.override_goodwill(st, line_id, reason, qty, is_owner=u.is_owner)
        units = int(transition.events[0].data["qty"])
        row = line_row(r, line_id)
        done = units_done(s, st, row)
        if amount is not None:
            try:
                money = Money.of(str(amount).strip(), r.currency)
            except (ValueError, ArithmeticError):
                raise InvalidInput(Message("{value} is not an amount such as 12.50.", {"value": amount})) from None
            if money.amount <= 0:
                raise InvalidInput(Message("{value} is not an amount such as 12.50.", {"value": amount}))
            amounts = Amounts(money.to_minor())
        else:
            amounts = full_price(s, r, row, units, done)
        refund = pay_refund(s, r, row, units, amounts, method, reference, u, goodwill_reason=reason.strip())
        extra = (
            {
                "refund_id": refund.id,
                "amount_minor": refund.amount_minor,
                "credit_note": refund.credit_note_number,
            }
            if refund
            else {}
        )
        commit_transition(s, r, transition, u, extra)

    return change(ctx, rma, expected_version, step, owner_action=Message("grant a goodwill refund"))


def _part(minor: int, take: int, of: int) -> int:
    """Return `take/of` of an amount in minor units, rounded half-up."""
    return int((Decimal(minor) * take / of).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _payments(session: Session, row: ReturnLine, credit: bool) -> list[Refund]:
    """Return a line's refunds (or store credits) that are not reversals, newest first."""
    return list(
        session.scalars(
            select(Refund)
            .where(
                Refund.return_line_id == row.id,
                Refund.reverses_id.is_(None),
                Refund.quantity > 0,
                (Refund.method == "store_credit") if credit else (Refund.method != "store_credit"),
            )
            .order_by(Refund.id.desc())
        )
    )


def _reverse_rows(
    session: Session, ret: Return, row: ReturnLine, qty: int, credit: bool, reason: str, user: CurrentUser
) -> list[int]:
    """Write negative refund rows (and store-credit entries) for `qty` units, newest payments first."""
    originals = _payments(session, row, credit)
    written: list[int] = []
    left = qty
    for orig in originals:
        if left <= 0:
            break
        prior = session.execute(
            select(func.coalesce(func.sum(Refund.quantity), 0), func.coalesce(func.sum(Refund.amount_minor), 0)).where(
                Refund.reverses_id == orig.id
            )
        ).one()
        units_left = orig.quantity + int(prior[0])
        take = min(units_left, left)
        if take <= 0:
            continue
        total = (
            orig.amount_minor + int(prior[1]) if take == units_left else _part(orig.amount_minor, take, orig.quantity)
        )
        rev = Refund(
            return_id=ret.id,
            return_line_id=row.id,
            quantity=-take,
            amount_minor=-total,
            tax_minor=-_part(orig.tax_minor, take, orig.quantity),
            shipping_minor=-_part(orig.shipping_minor, take, orig.quantity),
            fee_minor=-_part(orig.fee_minor, take, orig.quantity),
            label_charge_minor=-_part(orig.label_charge_minor, take, orig.quantity),
            currency=orig.currency,
            method=orig.method,
            external_reference=orig.external_reference,
            goodwill_reason=reason,
            reverses_id=orig.id,
            user_id=user.id,
        )
        session.add(rev)
        if credit:
            session.add(
                StoreCreditEntry(
                    customer_id=ret.customer_id,
                    return_id=ret.id,
                    amount_minor=-total,
                    currency=ret.currency,
                    note=reason,
                    user_id=user.id,
                )
            )
        session.flush()
        written.append(rev.id)
        left -= take
    return written


def reverse_refund(
    ctx: ServiceContext, rma: str, line_id: int, qty: int, reason: str, expected_version: int | None = None
) -> ReturnDetail:
    """Owner: undo a mistaken refund or store credit with compensating rows; the return goes back to work."""

    def step(s: Session, r: Return, st: ReturnState, u: CurrentUser) -> None:
        transition = lifecycle.reverse_refund(st, line_id, qty, reason)
        data = transition.events[0].data
        row = line_row(r, line_id)
        ids = _reverse_rows(s, r, row, int(data["refund_qty"]), False, reason.strip(), u)
        ids += _reverse_rows(s, r, row, int(data["credit_qty"]), True, reason.strip(), u)
        commit_transition(s, r, transition, u, {"reversal_refund_ids": ids})

    return change(ctx, rma, expected_version, step, owner_action=Message("reverse a refund"))
