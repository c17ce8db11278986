"""What the labels and slips of many returns print, read for the whole batch in a few queries."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop_app.core.db.models import Attachment, Customer, Order, PolicyVersion, Return
from desktop_app.core.domain.policy import PolicyRules
from desktop_app.core.domain.shipping import ReturnShipping
from desktop_app.core.services.orders import Address, ship_address
from desktop_app.core.services.returns.detail import line_views
from desktop_app.core.services.returns.records import load_return
from desktop_app.core.services.returns.shipping import shipping_of
from desktop_app.core.services.returns.views import ReturnLineView

CARRIER_LABEL = "carrier_label"
CHUNK = 900  # ids per IN (...) list: under the oldest SQLite limit of 999 bound values


@dataclass(frozen=True)
class ReturnSource:
    """The parts of a stored return that its label and packing slip print."""

    id: int
    rma: str
    order_number: str | None
    customer_name: str
    carrier: str
    tracking_number: str
    shipping: ReturnShipping
    lines: tuple[ReturnLineView, ...]
    ship_to: Address | None  # where the order went; None for a return without an order
    customer_language: str | None  # the language of the order's customer


def is_carrier_label(kind: str, filename: str) -> bool:
    """True for an attached file that is the carrier's own label (kind, or a PDF named like one)."""
    name = filename.lower()
    return kind == CARRIER_LABEL or (kind == "file" and "label" in name and name.endswith(".pdf"))


def _chunks(values: Sequence[int | str]) -> Iterator[list[int | str]]:
    items = list(dict.fromkeys(values))
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


def _rules(session: Session, ids: set[int]) -> dict[int, PolicyRules]:
    """Return the rules of the recorded policy versions `ids`, read in one query per chunk."""
    out: dict[int, PolicyRules] = {}
    for chunk in _chunks(sorted(ids)):
        for vid, rules in session.execute(select(PolicyVersion.id, PolicyVersion.rules)
                                          .where(PolicyVersion.id.in_(chunk))):
            out[vid] = PolicyRules.from_dict(rules)
    return out


def _orders(session: Session, ids: set[int]) -> dict[int, tuple[str, Address, int | None]]:
    """Return number, shipping address and customer of the orders `ids`."""
    out = {}
    for chunk in _chunks(sorted(ids)):
        rows = session.execute(select(Order.id, Order.number, Order.customer_id, Order.ship_name, Order.ship_street,
                                      Order.ship_postcode, Order.ship_city, Order.ship_region, Order.ship_country)
                               .where(Order.id.in_(chunk)))
        out.update({row.id: (row.number, ship_address(row), row.customer_id) for row in rows})
    return out


def _customers(session: Session, ids: set[int]) -> dict[int, tuple[str, str | None]]:
    """Return name and language of the customers `ids`."""
    out: dict[int, tuple[str, str | None]] = {}
    for chunk in _chunks(sorted(ids)):
        rows = session.execute(select(Customer.id, Customer.name, Customer.language).where(Customer.id.in_(chunk)))
        out.update({row.id: (row.name, row.language) for row in rows})
    return out


def _returns(session: Session, rmas: Sequence[str]) -> dict[str, Return]:
    """Return the stored returns of `rmas` with their lines, by RMA; refuse naming the first unknown one."""
    wanted = [(rma or "").strip().upper() for rma in rmas]
    found: dict[str, Return] = {}
    for chunk in _chunks(wanted):
        query = select(Return).where(Return.rma.in_(chunk)).options(selectinload(Return.lines))
        found.update({ret.rma: ret for ret in session.scalars(query)})
    for rma, asked in zip(wanted, rmas, strict=True):
        if rma not in found:
            load_return(session, asked)  # refuses with the sentence every service uses for an unknown RMA
    return found


def read_sources(session: Session, rmas: Sequence[str]) -> list[ReturnSource]:
    """Return what the documents of `rmas` print, in their order, in a few queries whatever their number."""
    stored = _returns(session, rmas)
    rules = _rules(session, {r.policy_version_id for r in stored.values() if r.policy_version_id})
    orders = _orders(session, {r.order_id for r in stored.values() if r.order_id})
    customers = _customers(session, {r.customer_id for r in stored.values() if r.customer_id}
                           | {o[2] for o in orders.values() if o[2]})
    out = []
    for asked in rmas:
        ret = stored[(asked or "").strip().upper()]
        order = orders.get(ret.order_id) if ret.order_id else None
        buyer = customers.get(order[2]) if order and order[2] else None
        out.append(ReturnSource(
            id=ret.id, rma=ret.rma, order_number=order[0] if order else None,
            customer_name=customers.get(ret.customer_id, ("", None))[0] if ret.customer_id else "",
            carrier=ret.carrier, tracking_number=ret.tracking_number, shipping=shipping_of(ret),
            lines=line_views(ret, rules.get(ret.policy_version_id) if ret.policy_version_id else None),
            ship_to=order[1] if order else None, customer_language=buyer[1] if buyer else None))
    return out


def carrier_label_files(session: Session, return_ids: Sequence[int]) -> dict[int, list[bytes]]:
    """Return the carrier's own label PDFs attached to each of the returns, oldest first, in two queries."""
    wanted: list[tuple[int, int]] = []
    for chunk in _chunks(return_ids):
        rows = session.execute(select(Attachment.id, Attachment.return_id, Attachment.kind, Attachment.filename)
                               .where(Attachment.return_id.in_(chunk)).order_by(Attachment.id))
        wanted += [(row.id, row.return_id) for row in rows if is_carrier_label(row.kind, row.filename)]
    out: dict[int, list[bytes]] = {}
    for chunk in _chunks([file_id for file_id, _ in wanted]):
        content = {row.id: row.content for row in
                   session.execute(select(Attachment.id, Attachment.content).where(Attachment.id.in_(chunk)))}
        for file_id, return_id in wanted:
            if file_id in content:
                out.setdefault(return_id, []).append(bytes(content[file_id]))
    return out
