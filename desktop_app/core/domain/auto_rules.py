"""The policy's auto-approve rules: which requests the shop approves at once, without a person."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from desktop_app.core.i18n import Message

REFUND_LIMIT = "refund_limit"  # every line eligible, refund at most X, reason in the chosen set
KEEP_IT = "keep_it"  # every line kept by the customer (no parcel), refund at most Y
RULES = (REFUND_LIMIT, KEEP_IT)

_RULE_LABELS = {
    REFUND_LIMIT: Message("small refunds for chosen reasons"),
    KEEP_IT: Message("keep-it below a value"),
}


def rule_label(rule: str) -> Message:
    """Return the name of an auto-approve rule as a translatable Message (unknown codes as they are)."""
    return _RULE_LABELS.get(rule) or Message(rule)


def approved_by_sentence(rule: str) -> Message:
    """Return the timeline's sentence for a return a rule approved at once."""
    return Message("Approved at once by the auto-approve rule: {rule}.", {"rule": rule_label(rule)})


@dataclass(frozen=True)
class AutoApprove:
    """Auto-approve rules in the policy's currency; a limit of 0 switches its rule off."""

    refund_max: Decimal = Decimal(0)  # approve when every line is eligible and the refund is at most this
    reasons: tuple[str, ...] = ()  # ... and every line's reason is one of these codes
    keep_it_max: Decimal = Decimal(0)  # approve a keep-it return (nothing sent back) refunding at most this

    @property
    def active(self) -> bool:
        """Return True when at least one rule is switched on."""
        return self.refund_max > 0 or self.keep_it_max > 0

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> AutoApprove:
        """Rebuild the rules from their JSON form (missing = everything waits for a person)."""
        d = data or {}
        return cls(
            refund_max=Decimal(str(d.get("refund_max", "0"))),
            reasons=tuple(str(code) for code in d.get("reasons") or ()),
            keep_it_max=Decimal(str(d.get("keep_it_max", "0"))),
        )
