"""One check for text that people type or import: no control characters and no more than a field's limit."""

from __future__ import annotations

import re

from desktop_app.core.i18n import N_, Message
from desktop_app.core.services.base import InvalidInput

COMMENT_MAX = 5_000  # a customer's comment, a note on a return, a reason given for goodwill
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # allows tab, line feed, carriage return
CONTROL_OR_BREAK = re.compile(r"[\x00-\x1f\x7f]")


def text_problem(text: str, limit: int, *, multiline: bool = False) -> Message | None:
    """Return why a text cannot be kept (a phrase naming the limit), or None when it is fine."""
    if len(text) > limit:
        return Message(N_("it has more than {limit} characters"), {"limit": limit})
    if (_CONTROL if multiline else CONTROL_OR_BREAK).search(text):
        return Message(N_("it contains a control character (such as NUL) that cannot be stored"))
    return None


def check_text(text: str, field: str, limit: int, *, multiline: bool = False) -> str:
    """Return the text unchanged, or refuse it with a sentence naming the field (a msgid) and the problem."""
    problem = text_problem(text, limit, multiline=multiline)
    if problem is not None:
        raise InvalidInput(Message(N_("{field} cannot be saved: {problem}. Nothing was changed."),
                                   {"field": Message(field), "problem": problem}))
    return text


def printable(text: str) -> str:
    """Return the text with control characters shown as � (safe to print in a sentence or a terminal)."""
    return CONTROL_OR_BREAK.sub("\ufffd", text)
