"""Typed refusals of the domain rules: a message id and values, rendered in English or Chinese."""

from __future__ import annotations

from typing import Any

from desktop_app.core.i18n import Message, UserFacingError


class RuleViolation(UserFacingError):
    """A rule of the return policy or lifecycle refused an action; `message` says why."""

    def __init__(self, message: Message | str, **values: Any) -> None:
        super().__init__(message, **values)

    @property
    def msgid(self) -> str:
        """Return the English message id (stable: tests and the window key on it)."""
        return self.message.msgid

    @property
    def values(self) -> dict[str, Any]:
        """Return the values filled into the message."""
        return dict(self.message.values)


class InvalidCurrency(UserFacingError):
    """A currency code that is not a known ISO 4217 code."""


class CurrencyMismatch(UserFacingError):
    """Two amounts in different currencies were combined."""


class InvalidAmount(UserFacingError, ValueError):
    """Text or a number that is not a usable amount of money."""
