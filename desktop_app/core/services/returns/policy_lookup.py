"""The policy a return is judged by: the published one for a new return, the recorded one after."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.db.models import PolicyVersion
from desktop_app.core.domain.policy import PolicyRules
from desktop_app.core.i18n import Message
from desktop_app.core.services.base import InvalidInput


def published_policy(session: Session) -> PolicyVersion:
    """Return the current published policy version, or refuse when the owner has not published one."""
    row = session.scalars(
        select(PolicyVersion)
        .where(PolicyVersion.status == "published")
        .order_by(PolicyVersion.number.desc(), PolicyVersion.id.desc())
        .limit(1)
    ).first()
    if row is None:
        raise InvalidInput(Message("Publish a return policy before creating returns."))
    return row


def policy_rules_of(session: Session, policy_version_id: int | None) -> PolicyRules | None:
    """Return the rules of a recorded policy version (None when the return has none)."""
    if policy_version_id is None:
        return None
    row = session.get(PolicyVersion, policy_version_id)
    return None if row is None else PolicyRules.from_dict(row.rules)
