"""A clerk's refund above their limit waits for the owner: the request on the return, and how it is shown."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from desktop_app.core.db.models import Return, utcnow
from desktop_app.core.domain.lifecycle import EventSpec, ReturnState
from desktop_app.core.domain.money import Money
from desktop_app.core.services.admin_common import user_names
from desktop_app.core.services.base import CurrentUser, Role
from desktop_app.core.services.returns.events import append_events
from desktop_app.core.services.returns.state import touch
from desktop_app.core.services.returns.views import OwnerRequestView

OWNER_ACTIONS = frozenset({"approve_request", "decline_request"})


def ask_owner(session: Session, ret: Return, st: ReturnState, user: CurrentUser, plan: dict[str, Any],
              amount_minor: int) -> None:
    """Keep a clerk's resolution for the owner instead of paying it; the timeline says so."""
    ret.owner_request = {**plan, "amount_minor": int(amount_minor), "by": user.id,
                         "at": utcnow().isoformat()}
    touch(ret, user)
    append_events(session, ret, (EventSpec("refund_requested", st.status, st.status, "",
                                           {"amount_minor": int(amount_minor),
                                            "lines": [list(line[:3]) for line in plan["lines"]]}),), user)


def clear_request(ret: Return) -> None:
    """Forget a waiting request (the lines were resolved, or the owner declined it)."""
    if ret.owner_request is not None:
        ret.owner_request = None


def request_view(session: Session, ret: Return) -> OwnerRequestView | None:
    """Return the request waiting for the owner as a plain value, or None."""
    req = ret.owner_request
    if not req:
        return None
    by = req.get("by")
    names = user_names(session, [int(by)]) if by is not None else {}
    return OwnerRequestView(
        requested_by=names.get(int(by), "") if by is not None else "",
        requested_at=datetime.fromisoformat(str(req.get("at"))),
        amount=Money.from_minor(int(req.get("amount_minor") or 0), ret.currency),
        lines=tuple((int(a), str(b), int(c)) for a, b, c, *_rest in req.get("lines") or ()),
    )


def request_actions(ret: Return, role: Role | str | None) -> frozenset[str]:
    """Return the owner's verbs on a waiting request (none for a clerk or without a request)."""
    if not ret.owner_request or ret.imported or role is None or Role(role) != Role.OWNER:
        return frozenset()
    return OWNER_ACTIONS
