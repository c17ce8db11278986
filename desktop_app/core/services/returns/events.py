"""The return's timeline: events written under the user's name, and the hooks that hear them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session

from desktop_app.core.db.models import Return, ReturnEvent, utcnow
from desktop_app.core.domain.lifecycle import EventSpec, Transition
from desktop_app.core.services.base import CurrentUser
from desktop_app.core.services.returns.records import EVENT_HOOKS
from desktop_app.core.services.returns.state import apply_state


def append_events(
    session: Session,
    ret: Return,
    specs: Iterable[EventSpec],
    user: CurrentUser,
    extra: dict[str, Any] | None = None,
) -> list[ReturnEvent]:
    """Append events to the timeline under the user's name and tell the hooks of the change's context."""
    written = []
    for spec in specs:
        data = {**(spec.data or {}), **(extra or {})}
        event = ReturnEvent(
            return_id=ret.id,
            kind=spec.kind,
            from_status=spec.from_status.value if spec.from_status else None,
            to_status=spec.to_status.value if spec.to_status else None,
            note=spec.note or "",
            data=_jsonable(data),
            user_id=user.id,
            created_at=utcnow(),
        )
        session.add(event)
        written.append(event)
    session.flush()
    for event in written:
        for hook in session.info.get(EVENT_HOOKS, ()):
            hook(session, ret.id, event.kind)
    return written


def commit_transition(
    session: Session,
    ret: Return,
    transition: Transition,
    user: CurrentUser,
    extra: dict[str, Any] | None = None,
) -> list[ReturnEvent]:
    """Write a transition: new state onto the rows, its events onto the timeline."""
    apply_state(session, ret, transition.state, user)
    return append_events(session, ret, transition.events, user, extra)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, "value") and isinstance(value.value, str):  # enums
        return value.value
    return value
