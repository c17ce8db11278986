"""Return policy versions: drafts the owner edits, published versions that never change, and their diff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import PolicyVersion, utcnow
from desktop_app.core.domain.policy import PolicyRules
from desktop_app.core.domain.policy_checks import diff_rules, validate_rules
from desktop_app.core.domain.presets import legal_shortfalls
from desktop_app.core.i18n import N_, Message
from desktop_app.core.services.admin_common import refuse_stale, sentences, user_names, writing
from desktop_app.core.services.base import InvalidInput, NotFound, ServiceContext, require_owner

DRAFT = "draft"
PUBLISHED = "published"
RETIRED = "retired"


@dataclass(frozen=True)
class PolicyVersionInfo:
    """One policy version: its rules, state (draft, published, retired), number once published, history."""

    id: int
    number: int | None
    status: str
    title: str
    note: str
    rules: PolicyRules
    created_by: str
    created_at: datetime
    published_by: str
    published_at: datetime | None
    updated_at: datetime | None
    version: int

    @property
    def is_draft(self) -> bool:
        """Return True while the version can still be edited."""
        return self.status == DRAFT


class PolicyProblems(InvalidInput):
    """A draft that cannot be published; `problems` holds one sentence per problem."""

    def __init__(self, problems: list[Message]) -> None:
        self.problems = tuple(problems)
        super().__init__(Message("This draft cannot be published yet: {problems}",
                                 {"problems": sentences(problems)}))


def _info(session: Session, row: PolicyVersion) -> PolicyVersionInfo:
    names = user_names(session, (row.created_by, row.published_by))
    return PolicyVersionInfo(
        id=row.id, number=row.number, status=row.status, title=row.title, note=row.note,
        rules=PolicyRules.from_dict(row.rules), created_by=names.get(row.created_by or 0, ""),
        created_at=row.created_at, published_by=names.get(row.published_by or 0, ""),
        published_at=row.published_at, updated_at=row.updated_at, version=row.version)


def _load(session: Session, version_id: int, lock: bool = True) -> PolicyVersion:
    row = session.get(PolicyVersion, version_id, with_for_update=lock or None)
    if row is None:
        raise NotFound(Message("There is no policy version with the id {id}.", {"id": version_id}))
    return row


def _load_draft(session: Session, draft_id: int, expected_version: int | None) -> PolicyVersion:
    """Return a draft to change, refusing a published version or a stale read."""
    row = _load(session, draft_id)
    if row.status != DRAFT:
        raise InvalidInput(Message("Policy version {number} is published and cannot be changed; "
                                   "save your changes as a new draft.", {"number": row.number}))
    refuse_stale(session, expected_version, row.version, row.updated_by, row.updated_at)
    return row


def _current_row(session: Session) -> PolicyVersion | None:
    return session.scalars(select(PolicyVersion).where(PolicyVersion.status == PUBLISHED)
                           .order_by(PolicyVersion.number.desc()).limit(1)).first()


def current_policy_in(session: Session) -> PolicyVersionInfo:
    """Return the published policy inside an open session (the returns service judges by it)."""
    row = _current_row(session)
    if row is None:
        raise NotFound(Message("No return policy has been published yet. The owner publishes one under "
                               "Policy."))
    return _info(session, row)


def current_policy(db: Database) -> PolicyVersionInfo:
    """Return the published policy that new returns are judged by."""
    with db.read() as session:
        return current_policy_in(session)


def has_published_policy(db: Database) -> bool:
    """Return whether any policy has been published."""
    with db.read() as session:
        return _current_row(session) is not None


def list_versions(db: Database) -> list[PolicyVersionInfo]:
    """Return every version: drafts first (newest first), then published and retired ones by number."""
    with db.read() as session:
        rows = session.scalars(select(PolicyVersion).order_by(
            PolicyVersion.number.is_(None).desc(), PolicyVersion.number.desc(), PolicyVersion.id.desc()))
        return [_info(session, row) for row in rows]


def get_version(db: Database, version_id: int) -> PolicyVersionInfo:
    """Return one version by its id."""
    with db.read() as session:
        return _info(session, _load(session, version_id, lock=False))


def get_published(db: Database, number: int) -> PolicyVersionInfo:
    """Return a published (or retired) version by its public number."""
    with db.read() as session:
        row = session.scalar(select(PolicyVersion).where(PolicyVersion.number == number))
        if row is None:
            raise NotFound(Message("There is no published policy version {number}.", {"number": number}))
        return _info(session, row)


def validate_draft(rules: PolicyRules) -> list[Message]:
    """Return what keeps rules from being published; an empty list means they can be."""
    return validate_rules(rules)


def legal_warnings(rules: PolicyRules, country: str | None = None) -> list[Message]:
    """Return where the rules are less generous than the law of the shop's country (warnings only)."""
    return legal_shortfalls(rules, country or rules.country)


def save_draft(ctx: ServiceContext, rules: PolicyRules, expected_version: int | None = None,
               draft_id: int | None = None, title: str = "", note: str = "") -> PolicyVersionInfo:
    """Save rules as a new draft, or over an existing draft; a published version is never changed."""
    actor = require_owner(ctx, Message(N_("edit the return policy")))
    if not isinstance(rules, PolicyRules):
        raise TypeError("save_draft takes PolicyRules")
    now = utcnow()
    with writing(ctx.db) as session:
        if draft_id is None:
            row = PolicyVersion(status=DRAFT, rules=rules.to_dict(), title=title.strip(), note=note.strip(),
                                created_by=actor.id, created_at=now, updated_by=actor.id, updated_at=now)
            session.add(row)
        else:
            row = _load_draft(session, draft_id, expected_version)
            row.rules = rules.to_dict()
            row.title = title.strip() or row.title
            row.note = note.strip() or row.note
            row.updated_by = actor.id
            row.updated_at = now
        session.flush()
        return _info(session, row)


def publish(ctx: ServiceContext, draft_id: int, expected_version: int | None = None) -> PolicyVersionInfo:
    """Publish a valid draft under the next number; the previous published version is retired."""
    actor = require_owner(ctx, Message(N_("publish the return policy")))
    with writing(ctx.db) as session:
        row = _load(session, draft_id)
        if row.status != DRAFT:
            raise InvalidInput(Message("Policy version {number} is already published.",
                                       {"number": row.number}))
        refuse_stale(session, expected_version, row.version, row.updated_by, row.updated_at)
        problems = validate_draft(PolicyRules.from_dict(row.rules))
        if problems:
            raise PolicyProblems(problems)
        previous = _current_row(session)
        if previous is not None:
            previous.status = RETIRED
        highest = session.scalar(select(func.max(PolicyVersion.number))) or 0
        now = utcnow()
        row.status = PUBLISHED
        row.number = highest + 1
        row.published_by = actor.id
        row.published_at = now
        row.updated_by = actor.id
        row.updated_at = now
        session.flush()
        return _info(session, row)


def diff_versions(db: Database, old_id: int, new_id: int) -> list[Message]:
    """Return one sentence per rule that differs from the old version to the new one."""
    with db.read() as session:
        old = PolicyRules.from_dict(_load(session, old_id, lock=False).rules)
        new = PolicyRules.from_dict(_load(session, new_id, lock=False).rules)
    return diff_rules(old, new)


def delete_draft(ctx: ServiceContext, draft_id: int, expected_version: int | None = None) -> None:
    """Throw away a draft that was never published (owner only)."""
    require_owner(ctx, Message(N_("edit the return policy")))
    with writing(ctx.db) as session:
        row = _load_draft(session, draft_id, expected_version)
        session.delete(row)
