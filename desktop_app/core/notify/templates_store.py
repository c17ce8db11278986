"""The owner's edited message templates: read, save (checked in the sandbox first) and reset to the shipped wording.

Edited templates live in the shop settings under `templates.<event>.<lang>` as `{"subject", "body"}`;
`outbox.stored_template` reads them when a message is queued. Only the owner changes them, and a template
that would fail (a typo, an unknown merge field, code that tries to escape the sandbox) is never stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Setting, utcnow
from desktop_app.core.i18n import LANGUAGES, Message
from desktop_app.core.notify.templates import EVENTS, MessageTemplate, TemplateProblem, check_template, default_template
from desktop_app.core.services.base import InvalidInput, ServiceContext, require_owner


@dataclass(frozen=True)
class EditableTemplate:
    """One event's template in one language as the editor shows it; `edited` when the owner changed it."""

    event: str
    language: str
    subject: str
    body: str
    edited: bool


def setting_key(event: str, language: str) -> str:
    """Return the settings key under which an edited template is kept."""
    return f"templates.{event}.{language}"


def _check_names(event: str, language: str) -> None:
    if event not in EVENTS:
        raise InvalidInput(Message("There is no message for the event '{event}'.", {"event": event}))
    if language not in LANGUAGES:
        raise InvalidInput(Message("Messages are written in {choices}.", {"choices": ", ".join(LANGUAGES)}))


def load_template(db: Database, event: str, language: str) -> EditableTemplate:
    """Return the template in use for an event and language: the owner's edit, or the shipped wording."""
    _check_names(event, language)
    with db.read() as session:
        row = session.get(Setting, setting_key(event, language))
        value = row.value if row is not None else None
    if isinstance(value, dict) and value.get("subject") is not None:
        return EditableTemplate(event, language, str(value["subject"]), str(value.get("body", "")), True)
    shipped = default_template(event, language)
    return EditableTemplate(event, language, shipped.subject, shipped.body, False)


def save_template(ctx: ServiceContext, event: str, language: str, subject: str, body: str) -> EditableTemplate:
    """Store the owner's template after filling it with sample values; a broken or hostile one is refused."""
    user = require_owner(ctx, Message("change the customer message templates"))
    _check_names(event, language)
    template = MessageTemplate(event, language, subject, body)
    check_template(template)  # raises TemplateProblem with the sentence; nothing is stored
    if "\n" in subject.strip() or "\r" in subject:
        raise TemplateProblem(Message("The subject must be one line."))
    key = setting_key(event, language)
    with ctx.db.write() as session:
        row = session.get(Setting, key)
        value = {"subject": subject.strip(), "body": body}
        if row is None:
            session.add(Setting(key=key, value=value, updated_by=user.id, updated_at=utcnow()))
        else:
            row.value, row.updated_by, row.updated_at = value, user.id, utcnow()
    return EditableTemplate(event, language, subject.strip(), body, True)


def reset_template(ctx: ServiceContext, event: str, language: str) -> EditableTemplate:
    """Forget the owner's edit so the shipped wording applies again."""
    require_owner(ctx, Message("change the customer message templates"))
    _check_names(event, language)
    with ctx.db.write() as session:
        row = session.get(Setting, setting_key(event, language))
        if row is not None:
            session.delete(row)
    shipped = default_template(event, language)
    return EditableTemplate(event, language, shipped.subject, shipped.body, False)
