"""`returndesk customers flag|unflag`: the owner flags a customer with a reason; a clerk is refused."""

from __future__ import annotations

from sqlalchemy import select

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Customer


def _customer(bench) -> tuple[int, str, str | None]:
    db = Database(str(bench.path))
    try:
        with db.read() as s:
            row = s.scalars(select(Customer).where(Customer.email.is_not(None)).order_by(Customer.id)).first()
            return row.id, row.email, row.flag_reason
    finally:
        db.dispose()


def test_the_owner_flags_and_unflags_a_customer_and_a_clerk_cannot(bench):
    number, email, reason = _customer(bench)
    assert reason is None
    refused = bench.clerk("customers", "flag", email, "--reason", "chargebacks")
    assert refused.code != 0 and "owner" in refused.err and _customer(bench)[2] is None
    done = bench.owner("customers", "flag", email, "--reason", "chargebacks")
    assert done.code == 0, done.err
    assert f"customer {number}) is flagged" in done.out
    assert _customer(bench)[2] == "chargebacks"
    undone = bench.owner("customers", "unflag", str(number))
    assert undone.code == 0 and "no longer flagged" in undone.out
    assert _customer(bench)[2] is None
    unknown = bench.owner("customers", "flag", "nobody@nowhere.example", "--reason", "x")
    assert unknown.code != 0 and "There is no customer nobody@nowhere.example" in unknown.err
