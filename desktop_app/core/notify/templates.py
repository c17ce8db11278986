"""Customer message templates per event and language, rendered in a Jinja2 sandbox.

A template is a subject line and a body with merge fields such as `{{ customer_name }}`. The owner's
edited templates live in the shop settings (`templates.<event>.<lang>`); otherwise the defaults shipped
in `resources/templates/<lang>/<event>.txt` apply. Rendering happens in an immutable sandbox with strict
undefined variables, so a typo or a hostile template is refused with a sentence and never runs code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from desktop_app.core.i18n import LANGUAGES, N_, Message, UserFacingError
from desktop_app.paths import resource

EVENTS = ("approved", "approved_keep_it", "received", "refunded", "kept", "credited", "exchanged",
          "exchange_payment_due", "rejected", "overdue")
EVENT_TITLES = {
    "approved": N_("Return approved (label and instructions attached)"),
    "approved_keep_it": N_("Keep-it return approved (nothing to send back)"),
    "received": N_("Return received"),
    "refunded": N_("Refund issued"),
    "kept": N_("Refund for an item the customer keeps"),
    "credited": N_("Store credit issued"),
    "exchanged": N_("Exchange sent"),
    "exchange_payment_due": N_("Exchange waiting for the price difference"),
    "rejected": N_("Return rejected"),
    "overdue": N_("Apology for a late return"),
}
MERGE_FIELDS = (
    "customer_name", "rma", "items", "amount", "resolution", "deadline", "shop_name", "status_url", "note",
    "shipping",
)
MAX_TEMPLATE_CHARS = 20_000
MAX_OUTPUT_CHARS = 100_000

SAMPLE_VALUES = {
    "customer_name": "Anna Schmidt",
    "rma": "R-000123",
    "items": "1 × Linen shirt, M",
    "amount": "€49.90",
    "resolution": "refund",
    "deadline": "2026-12-10",
    "shop_name": "Example Shop",
    "status_url": "https://shop.example/returns/R-000123",
    "note": "",
    "shipping": "The label is prepaid, the cost (€4.95) is taken from your refund.",
}


class TemplateProblem(UserFacingError):
    """A message template that cannot be used, with the reason in the owner's words."""


@dataclass(frozen=True)
class MessageTemplate:
    """The subject and body of one event's message in one language."""

    event: str
    language: str
    subject: str
    body: str


@dataclass(frozen=True)
class RenderedMessage:
    """A message ready for the outbox."""

    subject: str
    body: str


if TYPE_CHECKING:
    from jinja2.sandbox import ImmutableSandboxedEnvironment


@cache
def _environment() -> ImmutableSandboxedEnvironment:
    """The sandbox templates render in (Jinja loads when the first message is rendered, not at start)."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False)


def parse_template_text(event: str, language: str, text: str) -> MessageTemplate:
    """Split a template file's `Subject: ...` first line from its body."""
    first, _sep, rest = text.partition("\n")
    if not first.startswith("Subject:"):
        raise TemplateProblem(Message("A message template must start with a line 'Subject: ...'."))
    return MessageTemplate(event, language, first.removeprefix("Subject:").strip(), rest.lstrip("\n"))


@cache
def default_template(event: str, language: str) -> MessageTemplate:
    """Return the template shipped with ReturnDesk for an event and language."""
    if event not in EVENTS:
        raise TemplateProblem(Message("There is no message for the event '{event}'.", {"event": event}))
    lang = language if language in LANGUAGES else "en"
    text = resource("templates", lang, f"{event}.txt").read_text(encoding="utf-8")
    return parse_template_text(event, lang, text)


def _render_one(source: str, values: dict[str, str]) -> str:
    """Render one template string in the sandbox; any problem becomes a TemplateProblem."""
    from jinja2 import TemplateError
    from jinja2.exceptions import SecurityError

    from desktop_app.core.notify.template_limits import TemplateNotAllowed, check_structure

    if len(source) > MAX_TEMPLATE_CHARS:
        raise TemplateProblem(
            Message("The template is too long ({count} characters; at most {limit}).",
                    {"count": len(source), "limit": MAX_TEMPLATE_CHARS})
        )
    try:
        check_structure(source, MERGE_FIELDS)  # loops, calls, big arithmetic: refused before rendering
    except TemplateNotAllowed as refused:
        raise TemplateProblem(refused.message) from None
    try:
        output = _environment().from_string(source).render(**values)
    except SecurityError:
        raise TemplateProblem(
            Message("The template tries to do something that is not allowed; use only the merge fields.")
        ) from None
    except TemplateError as exc:
        raise TemplateProblem(
            Message("The template has a mistake: {detail}. Merge fields you can use: {fields}.",
                    {"detail": str(exc.message or exc), "fields": ", ".join(MERGE_FIELDS)})
        ) from None
    except Exception:
        problem = Message("The template could not be filled in; check its merge fields.")
        raise TemplateProblem(problem) from None
    if len(output) > MAX_OUTPUT_CHARS:
        raise TemplateProblem(Message("The message the template produces is too long."))
    return output


def render_template(template: MessageTemplate, values: dict[str, str]) -> RenderedMessage:
    """Fill a template's merge fields; unknown fields, typos and hostile code are refused."""
    safe_values = {name: str(values.get(name, "")) for name in MERGE_FIELDS}
    subject = _render_one(template.subject, safe_values).replace("\r", " ").replace("\n", " ").strip()
    body = _render_one(template.body, safe_values)
    if not subject:
        raise TemplateProblem(Message("The subject of the message is empty."))
    return RenderedMessage(subject=subject, body=body)


def check_template(template: MessageTemplate) -> RenderedMessage:
    """Render a template with sample values: the editor's live preview and the check before saving."""
    return render_template(template, SAMPLE_VALUES)
