"""Exchanges with a price difference: choose the replacement, price it, send it out, settle the difference.

The returned units count toward the replacement with exactly the money paid for them (their slice of the
line's paid total; no restocking fee on an exchange). The customer pays a higher price before the replacement
ships (or the owner waives it); a lower price is paid back as a refund or store credit, so a refund never
exceeds what was paid. The window, the command and the portal all call these functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Exchange, Product, Return, ReturnLine, utcnow
from desktop_app.core.domain.errors import RuleViolation
from desktop_app.core.domain.exchange import ExchangeMoney, exchange_money
from desktop_app.core.domain.lifecycle import EventSpec, ReturnState
from desktop_app.core.domain.money import Money
from desktop_app.core.domain.policy import Resolution
from desktop_app.core.i18n import Message, UserFacingError
from desktop_app.core.services.base import CurrentUser, InvalidInput, PermissionDenied, ServiceContext
from desktop_app.core.services.returns.amounts import Amounts, check_offered, full_price
from desktop_app.core.services.returns.detail import get_return
from desktop_app.core.services.returns.events import append_events
from desktop_app.core.services.returns.exchange_read import units_done
from desktop_app.core.services.returns.lifecycle import change
from desktop_app.core.services.returns.money import check_clerk_limit, clean_text, line_row, pay_refund
from desktop_app.core.services.returns.records import load_return
from desktop_app.core.services.returns.state import to_state, touch
from desktop_app.core.services.returns.stock import move_stock
from desktop_app.core.services.returns.views import ReturnDetail

REST_TO = ("refund", "store_credit")


@dataclass(frozen=True)
class ExchangeChoice:
    """A product that can go out as a replacement: another variant of the same product, or another product."""

    sku: str
    name: str
    price: Money
    stock: int
    same_product: bool


@dataclass(frozen=True)
class ExchangeQuote:
    """What an exchange would cost: the credit of the returned units against the replacement's price."""

    sku: str
    name: str
    quantity: int
    stock: int
    credit: Money
    price: Money
    difference: Money  # positive: the customer pays it; negative: the shop pays it back
    customer_pays: Money
    paid_back: Money


def _stem(sku: str) -> str:
    """Return the product part of a SKU: variants share everything before the last dash (SHIRT-M, SHIRT-L)."""
    return sku.rsplit("-", 1)[0] if "-" in sku else sku


def exchange_choices(db: Database, sku: str, limit: int = 200) -> tuple[ExchangeChoice, ...]:
    """Return products in stock to send out instead of `sku`: its other variants first, then its category."""
    with db.read() as session:
        own = session.scalars(select(Product).where(Product.sku == sku.strip())).first()
        stem = _stem(sku.strip())
        wanted = [Product.sku.like(f"{stem}-%"), Product.sku == stem]
        if own is not None and own.category:
            wanted.append(Product.category == own.category)
        rows = session.scalars(select(Product).where(Product.stock > 0, or_(*wanted)).order_by(Product.name))
        found = [ExchangeChoice(p.sku, p.name, Money.from_minor(p.price_minor, p.currency), p.stock,
                                _stem(p.sku) == stem) for p in rows]
    found.sort(key=lambda c: (not c.same_product, c.name, c.sku))
    return tuple(found[:limit])


def _product(session: Session, sku: str, lock: bool = False) -> Product:
    query = select(Product).where(Product.sku == (sku or "").strip())
    product = session.scalars(query.with_for_update() if lock else query).first()
    if product is None:
        raise InvalidInput(Message("No product has the SKU {sku}.", {"sku": (sku or "").strip()}))
    return product


def _quote(product: Product, credit: Money, qty: int) -> ExchangeQuote:
    money = exchange_money(credit, Money.from_minor(product.price_minor, product.currency), qty)
    return ExchangeQuote(product.sku, product.name, qty, product.stock, money.credit, money.price,
                         money.difference, money.customer_pays, money.paid_back)


def price_exchange(db: Database, credit: Money, sku: str, qty: int) -> ExchangeQuote:
    """Price an exchange against a known credit (the portal passes its verdict's exchange amount)."""
    with db.read() as session:
        return _quote(_product(session, sku), credit, qty)


def quote_exchange(db: Database, rma: str, line_id: int, sku: str, qty: int) -> ExchangeQuote:
    """Price exchanging `qty` units of a return line for `sku`, as resolving it now would (changes nothing)."""
    with db.read() as session:
        ret = load_return(session, rma)
        row = line_row(ret, line_id)
        check_offered(session, ret, row, Resolution.EXCHANGE, qty)
        credit = full_price(session, ret, row, qty, units_done(session, to_state(session, ret), row))
        return _quote(_product(session, sku), Money.from_minor(credit.total, ret.currency), qty)


def exchange_options(db: Database, rma: str, limit: int = 40) -> dict[int, tuple[ExchangeQuote, ...]]:
    """Return, per open line of a return, the replacements in stock priced for its open units (read-only).

    Items the line cannot be exchanged for (priced in another currency, or no exchange in the policy) are left
    out."""
    detail = get_return(db, rma)
    options: dict[int, tuple[ExchangeQuote, ...]] = {}
    for line in detail.lines:
        units = max(line.requested_qty, line.received_qty) - line.resolved_qty
        if units <= 0 or not line.sku:
            continue
        quotes = []
        for choice in exchange_choices(db, line.sku, limit):
            try:
                quotes.append(quote_exchange(db, rma, line.id, choice.sku, units))
            except UserFacingError:
                continue
        options[line.id] = tuple(quotes)
    return options


def _share(minor: int, part: int, whole: int) -> int:
    return int((Decimal(minor) * part / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP)) if whole else 0


def _status(money: ExchangeMoney, rest_to: str) -> str:
    if not money.customer_pays.is_zero():
        return "payment_due"
    if not money.paid_back.is_zero():
        return "credited" if rest_to == "store_credit" else "refunded"
    return "even"


def check_rest_to(rest_to: str) -> None:
    """Refuse a way of paying an exchange's rest back other than a refund or store credit."""
    if rest_to not in REST_TO:
        raise InvalidInput(Message("Pay the rest of an exchange back as a refund or as store credit."))


def exchange_paid_back(session: Session, ret: Return, row: ReturnLine, item: tuple[str, int, int]) -> int:
    """Return what exchanging (sku, units, units done) would pay back, a cheaper item's rest; changes nothing."""
    sku, qty, done = item
    product = _checked(session, ret, row, (sku, qty), lock=False)
    credit = full_price(session, ret, row, qty, done)
    money = exchange_money(Money.from_minor(credit.total, ret.currency),
                           Money.from_minor(product.price_minor, product.currency), qty)
    return max(0, money.paid_back.to_minor())


def _checked(session: Session, ret: Return, row: ReturnLine, item: tuple[str, int], lock: bool) -> Product:
    """Return the replacement after refusing one out of stock or an exchange the line's policy does not offer."""
    sku, qty = item
    product = _product(session, sku, lock=lock)
    if product.stock < qty:
        raise RuleViolation(Message("Only {stock} of {sku} are in stock; the exchange needs {qty}.",
                                    {"stock": product.stock, "sku": product.sku, "qty": qty}))
    check_offered(session, ret, row, Resolution.EXCHANGE, qty)
    return product


def send_exchange(
    session: Session, ret: Return, row: ReturnLine, item: tuple[str, int, int], user: CurrentUser,
    how: tuple[str, str, str],
) -> dict[str, Any]:
    """Inside a resolve: send the replacement out, record its difference and pay back any rest."""
    sku, qty, done = item
    rest_to, method, reference = how
    check_rest_to(rest_to)
    product = _checked(session, ret, row, (sku, qty), lock=True)
    credit = full_price(session, ret, row, qty, done)
    money = exchange_money(Money.from_minor(credit.total, ret.currency),
                           Money.from_minor(product.price_minor, product.currency), qty)
    record: dict[str, Any] = {}
    exchange = Exchange(return_id=ret.id, return_line_id=row.id, product_id=product.id, sku=product.sku,
                        name=product.name, quantity=qty, currency=ret.currency, credit_minor=money.credit.to_minor(),
                        price_minor=money.price.to_minor(), difference_minor=money.difference.to_minor(),
                        status=_status(money, rest_to), payment_reference="", user_id=user.id, created_at=utcnow())
    rest = money.paid_back.to_minor()
    if rest:
        check_clerk_limit(session, ret, user, rest)
        refund = pay_refund(session, ret, row, 0, Amounts(rest, _share(credit.tax, rest, credit.total)),
                            "store_credit" if rest_to == "store_credit" else method, reference, user)
        assert refund is not None
        exchange.refund_id = refund.id
        record = {"refund_id": refund.id, "amount_minor": refund.amount_minor,
                  "credit_note": refund.credit_note_number, "method": refund.method}
    session.add(exchange)
    session.flush()
    move_stock(session, product.id, -qty, "exchange_out", return_line_id=row.id, user_id=user.id, note=ret.rma)
    return {**record, "exchange_id": exchange.id, "exchange_status": exchange.status,
            "difference_minor": exchange.difference_minor}


def settle_exchange(
    ctx: ServiceContext, rma: str, exchange_id: int, *, reference: str = "", waive: bool = False,
    note: str = "", expected_version: int | None = None,
) -> ReturnDetail:
    """Record the customer's payment of an exchange's difference (with its reference), or waive it (owner)."""
    reference = clean_text(reference, 128, Message("The payment reference"))
    note = clean_text(note, 2000, Message("The note"))
    if not waive and not reference:
        raise InvalidInput(Message("Enter the payment's reference (for example the bank transfer or receipt number)."))

    def step(s: Session, r: Return, st: ReturnState, u: CurrentUser) -> None:
        row = s.get(Exchange, exchange_id, with_for_update=True)
        if row is None or row.return_id != r.id:
            raise InvalidInput(Message("Return {rma} has no exchange {id}.", {"rma": r.rma, "id": exchange_id}))
        if row.status != "payment_due":
            raise RuleViolation(Message("The exchange of {sku} has nothing left to pay.", {"sku": row.sku}))
        if waive and not u.is_owner:
            raise PermissionDenied(Message("Only the owner can waive what the customer owes for an exchange."))
        row.status, row.payment_reference = ("waived", "") if waive else ("paid", reference)
        row.settled_by, row.settled_at = u.id, utcnow()
        touch(r, u)
        data = {"exchange_id": row.id, "exchange_sku": row.sku, "amount_minor": row.difference_minor,
                "reference": row.payment_reference}
        append_events(s, r, (EventSpec("exchange_waived" if waive else "exchange_paid", st.status, st.status,
                                       note, data),), u)

    return change(ctx, rma, expected_version, step)

