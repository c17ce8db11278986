"""Two desks at once: one wins a race for the same return, numbers stay gap-free and unique."""

from __future__ import annotations

import threading

import pytest
from returns_shop import build_shop, with_hooks
from sqlalchemy import func, select

from desktop_app.core.db.models import ReturnEvent
from desktop_app.core.services import returns as svc
from desktop_app.core.services.base import ConflictError, ReturnEventHook
from desktop_app.core.services.returns import LineRequest


@pytest.fixture
def shop(database):
    return with_hooks(build_shop(database), (_hold_here,))


HOLDS: list[ReturnEventHook] = []  # what the shop's hook does during one race


def _hold_here(session, return_id, kind) -> None:
    for hold in HOLDS:
        hold(session, return_id, kind)


def _race(first, second, hold_on_kind: str) -> dict[str, str]:
    """Run `first` until it has written its event (its transaction still open), then start `second`."""
    inside, release = threading.Event(), threading.Event()
    results: dict[str, str] = {}

    def hold(_session, _return_id, kind):
        if kind == hold_on_kind and threading.current_thread().name == "desk-1":
            inside.set()
            release.wait(30)

    def desk(name, action):
        try:
            results[name] = action()
        except ConflictError:
            results[name] = "conflict"

    HOLDS.append(hold)
    try:
        one = threading.Thread(target=desk, name="desk-1", args=("desk-1", first))
        one.start()
        assert inside.wait(30), "desk 1 never reached its event"
        two = threading.Thread(target=desk, name="desk-2", args=("desk-2", second))
        two.start()
        release.set()
        one.join(60)
        two.join(60)
    finally:
        HOLDS.remove(hold)
    return results


def test_two_desks_approving_the_same_return_one_wins_one_is_told(shop):
    ret = svc.create_return(shop.clerk, "1001", [LineRequest(shop.order_lines["1001/MUG-1"], 1, "defective")])
    results = _race(lambda: svc.approve(shop.clerk, ret.rma, expected_version=ret.version).status,
                    lambda: svc.approve(shop.owner, ret.rma, expected_version=ret.version).status,
                    "approved")
    assert results == {"desk-1": "approved", "desk-2": "conflict"}
    with shop.db.read() as s:
        assert s.scalar(select(func.count()).where(ReturnEvent.kind == "approved")) == 1


def test_two_desks_creating_returns_at_once_get_consecutive_rmas(shop):
    def create(order, sku):
        line = LineRequest(shop.order_lines[f"{order}/{sku}"], 1, "defective")
        return lambda: svc.create_return(shop.clerk, order, [line]).rma

    results = _race(create("1001", "MUG-1"), create("1002", "MUG-1"), "created")
    assert results == {"desk-1": "R-000001", "desk-2": "R-000002"}
