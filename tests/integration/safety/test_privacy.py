"""A customer's personal data: exported whole, erased while every figure stays; owner only; logged."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from desktop_app.core.db.models import Attachment, Customer, Order, OutgoingMessage, Refund, Return
from desktop_app.core.demo.shop import build_demo
from desktop_app.core.services import returns as svc
from desktop_app.core.services.auth import sign_in
from desktop_app.core.services.base import InvalidInput, NotFound, PermissionDenied, ServiceContext
from desktop_app.core.services.invariants import check_invariants
from desktop_app.core.services.privacy import erase_customer, export_customer, privacy_log
from tests.helpers.dump import logical_dump

FINISHED = ("closed", "rejected", "cancelled")


@pytest.fixture
def shop(database):
    build_demo(database, orders=60, seed=5)
    owner = ServiceContext(database, sign_in(database, "owner", "4321"))
    clerk = ServiceContext(database, sign_in(database, "clerk", "1234"))
    return database, owner, clerk


def _customer_with_finished_returns(db) -> tuple[str, str]:
    """Return (email, name) of a customer whose returns are all finished (at least one)."""
    with db.read() as s:
        open_ = select(Return.customer_id).where(Return.status.not_in(FINISHED), Return.customer_id.is_not(None))
        row = s.execute(select(Customer.email, Customer.name).join(Return, Return.customer_id == Customer.id)
                        .where(Customer.id.not_in(open_)).order_by(Customer.id).limit(1)).one()
    return row[0], row[1]


def _figures(db) -> tuple:
    with db.read() as s:
        return (s.scalar(select(func.count()).select_from(Order)), s.scalar(select(func.count()).select_from(Return)),
                s.scalar(select(func.sum(Order.total_minor))), s.scalar(select(func.sum(Refund.amount_minor))),
                s.scalar(select(func.count()).select_from(Customer)))


def _mentions(dump: dict, needle: str) -> list[str]:
    return [t for t, rows in dump.items() for row in rows
            if any(needle in (v if isinstance(v, str) else json.dumps(v, default=str, ensure_ascii=False))
                   for v in row if v is not None and not isinstance(v, bytes | int | float))]


def test_export_holds_everything_about_the_customer_and_is_logged(shop):
    db, owner, _clerk = shop
    email, name = _customer_with_finished_returns(db)
    data = export_customer(owner, email.upper())
    (person,) = data["customers"]
    assert person["name"] == name and person["email"] == email
    assert person["orders"] and person["returns"] and person["address"]["street"]
    assert all(r["timeline"] and r["lines"] for r in person["returns"])
    json.dumps(data, ensure_ascii=False)  # plain JSON values only
    (entry,) = privacy_log(db)
    assert entry["action"] == "export" and entry["user_id"] == owner.user.id


def test_erase_removes_personal_data_keeps_figures_and_rules(shop):
    db, owner, _clerk = shop
    email, name = _customer_with_finished_returns(db)
    export = export_customer(owner, email)["customers"][0]
    rma = export["returns"][0]["rma"]
    with db.write() as s:  # a photo on one of the returns
        rid = s.scalar(select(Return.id).where(Return.rma == rma))
        s.add(Attachment(return_id=rid, filename="parcel.jpg", content=b"\xff\xd8photo", size=7))
        cid = s.scalar(select(Return.customer_id).where(Return.id == rid))
        s.add(OutgoingMessage(customer_id=cid, event="approved", to_address=email, subject=f"Hello {name}",
                              body=f"Dear {name}", message_id="<erase-test@returndesk>", state="queued"))
    street = export["address"]["street"]
    figures = _figures(db)
    result = erase_customer(owner, email)
    assert result.customers == 1 and result.returns >= 1 and result.attachments_deleted == 1
    dump = logical_dump(db)
    assert _mentions(dump, email) == [] and _mentions(dump, street) == []
    assert _mentions(dump, name) == []
    assert _figures(db) == figures
    with db.read() as s:
        assert s.scalar(select(OutgoingMessage.state).where(OutgoingMessage.message_id == "<erase-test@returndesk>")) \
            == "held"  # never sent to an address that is gone
    assert check_invariants(db) == []
    assert svc.get_return(db, rma, "owner").status in FINISHED  # the return itself is still there
    assert [e["action"] for e in privacy_log(db)] == ["export", "erase"]
    with pytest.raises(NotFound):
        erase_customer(owner, email)


def test_refusals_change_nothing(shop):
    db, owner, clerk = shop
    email, _name = _customer_with_finished_returns(db)
    with db.read() as s:
        busy = s.scalar(select(Customer.email).join(Return, Return.customer_id == Customer.id)
                        .where(Return.status.not_in(FINISHED)).limit(1))
    before = logical_dump(db)
    bad = "not an e-mail"
    cases = [(clerk, email, PermissionDenied, "Only the owner"),
             (ServiceContext(db), email, PermissionDenied, "Sign in"),
             (owner, "nobody@example.com", NotFound, "No customer"), (owner, "not an address", InvalidInput, bad),
             (owner, "a@b\x00c", InvalidInput, bad), (owner, "x" * 5000 + "@e.com", InvalidInput, bad),
             (owner, busy, InvalidInput, "open returns")]
    for ctx, address, error, words in cases:
        for action in (erase_customer, export_customer):
            if action is export_customer and words == "open returns":
                continue
            with pytest.raises(error) as raised:
                action(ctx, address)
            assert words in raised.value.render()
    assert logical_dump(db) == before


def test_the_owners_flag_is_exported_and_erased_with_the_person(shop):
    from desktop_app.core.services.customers import flag_customer

    db, owner, _clerk = shop
    email, _name = _customer_with_finished_returns(db)
    flag_customer(owner, email, "Flagged: parcels sent back empty")
    (person,) = export_customer(owner, email)["customers"]
    assert person["flagged"]["reason"] == "Flagged: parcels sent back empty"
    erase_customer(owner, email)
    assert _mentions(logical_dump(db), "parcels sent back empty") == []
