"""Two desks create a return for the same order line at the same instant: exactly one gets it, on every database."""

from __future__ import annotations

import threading

from sqlalchemy import update

from desktop_app.core.db.models import ReturnLine
from desktop_app.core.domain.errors import RuleViolation
from desktop_app.core.services import returns as svc
from desktop_app.core.services.base import ConflictError
from desktop_app.core.services.invariants import check_invariants
from desktop_app.core.services.returns import LineRequest
from tests.integration.services.returns_shop import build_shop

ROUNDS = 40


def _race(shop, order: str, line_id: int, units: int) -> list[str]:
    """Release two desks together on one order line; return what each got ('R-…', 'refused', 'conflict')."""
    start = threading.Barrier(2, timeout=30)
    results: list[str] = []

    def desk(ctx) -> None:
        start.wait()
        try:
            results.append(svc.create_return(ctx, order, [LineRequest(line_id, units, "defective")]).rma)
        except RuleViolation:
            results.append("refused")
        except ConflictError:
            results.append("conflict")

    threads = [threading.Thread(target=desk, args=(ctx,)) for ctx in (shop.owner, shop.clerk)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def test_two_desks_never_claim_the_same_unit_twice(database):
    shop = build_shop(database)
    doubles = []
    for n in range(ROUNDS):
        order, units = ("1001", 3) if n % 2 == 0 else ("1002", 2)  # every unit bought, asked back twice
        results = _race(shop, order, shop.order_lines[f"{order}/MUG-1"], units)
        assert len(results) == 2, results
        created = [r for r in results if r.startswith("R-")]
        if len(created) != 1:
            doubles.append(results)
        for rma in created:  # cancelled, the units are free again for the next round
            svc.cancel(shop.owner, rma, "race round over")
    assert doubles == []  # 0 of 40 double claims


def test_check_reports_units_asked_back_beyond_units_bought(database):
    shop = build_shop(database)
    line = shop.order_lines["1002/MUG-1"]  # 2 bought
    svc.create_return(shop.clerk, "1002", [LineRequest(line, 2, "defective")])
    assert check_invariants(database) == []
    second = svc.create_return(shop.clerk, "1001", [LineRequest(shop.order_lines["1001/MUG-1"], 1, "defective")])
    with database.write() as s:  # what the race used to leave behind: a second return on the same units
        s.execute(update(ReturnLine).where(ReturnLine.return_id == second.id).values(order_line_id=line))
    problems = [p.render("en") for p in check_invariants(database)]
    assert any("Order line" in p and "bought 2 times but 3 units are asked back" in p for p in problems), problems
