"""Core text in English and Simplified Chinese through gettext catalogues read with Babel.

English source strings are the message ids (gettext style). Translations live in
`resources/i18n/<lang>/*.po`, one file per area so that areas can be edited independently; all files
of a language are merged at load. Code marks text with `_()` (translate now) or `N_()` (mark only)
and carries deferred text as `Message(msgid, values)` so the window can show it in the user's language.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from desktop_app.paths import resource

LANGUAGES = ("en", "zh_CN")
DEFAULT_LANGUAGE = "en"

_state = threading.local()


def N_(msgid: str) -> str:
    """Mark a string for translation without translating it."""
    return msgid


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Return msgid -> translation for one language, merged from every .po file of that language."""
    if lang == DEFAULT_LANGUAGE:
        return {}
    from babel.messages.pofile import read_po  # only a language other than English reads catalogues

    folder = resource("i18n", lang)
    merged: dict[str, str] = {}
    for path in sorted(folder.glob("*.po")):
        with path.open("rb") as handle:
            for entry in read_po(handle, locale=lang):
                if entry.id and entry.string and not entry.fuzzy:
                    key = entry.id if isinstance(entry.id, str) else entry.id[0]
                    value = entry.string if isinstance(entry.string, str) else entry.string[0]
                    merged[key] = value
    return merged


@cache
def plural_catalogue(lang: str) -> dict[str, tuple[str, ...]]:
    """Return singular msgid -> the translated plural forms (msgid_plural entries) for one language."""
    if lang == DEFAULT_LANGUAGE:
        return {}
    from babel.messages.pofile import read_po

    merged: dict[str, tuple[str, ...]] = {}
    for path in sorted(resource("i18n", lang).glob("*.po")):
        with path.open("rb") as handle:
            for entry in read_po(handle, locale=lang):
                if isinstance(entry.id, tuple) and isinstance(entry.string, tuple) and all(entry.string) \
                        and not entry.fuzzy:
                    merged[entry.id[0]] = tuple(entry.string)
    return merged


def plural(singular: str, plural_text: str, n: int, lang: str | None = None, **values: Any) -> str:
    """Translate a count-dependent text: the form that fits `n` (Qt's `%n` is the number), then `{named}` values.

    English takes the singular for 1 and the plural otherwise; Chinese has one form (nplurals=1).
    """
    lang = lang or current_language()
    forms = plural_catalogue(lang).get(singular)
    choices = forms or (singular, plural_text)
    text = choices[0] if len(choices) == 1 or n == 1 else choices[1]
    text = text.replace("%n", str(n))
    return text.format(**values) if values else text


def set_language(lang: str) -> None:
    """Set the language used by `_()` in this thread."""
    if lang not in LANGUAGES:
        raise ValueError(f"Unsupported language: {lang}")
    _state.lang = lang


def current_language() -> str:
    """Return the language `_()` translates into in this thread."""
    return getattr(_state, "lang", DEFAULT_LANGUAGE)


def translate(msgid: str, lang: str | None = None) -> str:
    """Translate one message id into `lang` (or the current language); unknown ids stay English."""
    return catalogue(lang or current_language()).get(msgid, msgid)


def _(msgid: str, **values: Any) -> str:
    """Translate a message id now and fill in its `{named}` values."""
    text = translate(msgid)
    return text.format(**values) if values else text


@dataclass(frozen=True)
class Message:
    """A sentence to show a person later, in their language: an English msgid and its values."""

    msgid: str
    values: dict[str, Any] = field(default_factory=dict)

    def render(self, lang: str | None = None) -> str:
        """Return the sentence in `lang` with its values filled in."""
        text = translate(self.msgid, lang)
        values = {k: (v.render(lang) if isinstance(v, Message) else v) for k, v in self.values.items()}
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            return self.msgid.format(**values)

    def __str__(self) -> str:
        return self.render(DEFAULT_LANGUAGE)


class UserFacingError(Exception):
    """An error whose message is a sentence a shop owner understands, never a traceback."""

    def __init__(self, message: Message | str, **values: Any) -> None:
        self.message = message if isinstance(message, Message) else Message(message, values)
        super().__init__(str(self.message))

    def render(self, lang: str | None = None) -> str:
        """Return the sentence in `lang`."""
        return self.message.render(lang)
