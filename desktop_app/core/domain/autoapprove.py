"""Decide whether a new return is approved at once by the policy's auto-approve rules, or waits for a person.

One pure function for the desk, the command and the portal alike (the channel does not matter): the rule
that approved, or the sentences saying why the request waits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.core.domain.auto_rules import KEEP_IT, REFUND_LIMIT
from desktop_app.core.domain.money import Money, money_text
from desktop_app.core.domain.policy import CurrencyAmounts, PolicyRules
from desktop_app.core.i18n import Message


@dataclass(frozen=True)
class AutoLine:
    """What the rules look at on one asked line."""

    eligible: bool
    keep_it: bool  # the customer keeps the item: nothing is sent back
    reason_code: str | None


@dataclass(frozen=True)
class AutoVerdict:
    """The rule that approved the request at once, or why it waits for a person."""

    rule: str | None
    waits: tuple[Message, ...] = ()

    @property
    def approved(self) -> bool:
        """Return True when a rule approved the request."""
        return self.rule is not None


def decide_auto_approval(rules: PolicyRules, lines: Sequence[AutoLine], refund: Money,
                         customer_flagged: bool) -> AutoVerdict:
    """Return which auto-approve rule approves a request paying `refund`, or why it waits."""
    auto = rules.auto_approve
    amounts = rules.amounts_for(refund.currency) or CurrencyAmounts(refund.currency)
    if amounts.auto_approve_max <= 0 and amounts.auto_keep_it_max <= 0:
        return AutoVerdict(None, (Message("No auto-approve rule is set for orders in {currency}.",
                                          {"currency": refund.currency}),))
    if not lines or not all(line.eligible for line in lines):
        return AutoVerdict(None, (Message("A line is outside the policy."),))
    if customer_flagged:
        return AutoVerdict(None, (Message("The customer is flagged: a person reviews their requests."),))
    if amounts.auto_keep_it_max > 0 and all(line.keep_it for line in lines) \
            and refund.amount <= amounts.auto_keep_it_max:
        return AutoVerdict(KEEP_IT)
    waits: list[Message] = []
    if amounts.auto_approve_max <= 0:
        waits.append(Message("No auto-approve limit is set for refunds in {currency}.",
                             {"currency": refund.currency}))
    elif refund.amount > amounts.auto_approve_max:
        waits.append(Message("The refund of {amount} is above the auto-approve limit of {limit}.",
                             {"amount": money_text(refund),
                              "limit": money_text(Money.of(amounts.auto_approve_max, refund.currency))}))
    for code in dict.fromkeys(line.reason_code for line in lines):
        if code not in auto.reasons:
            reason = rules.reason(code) if code else None
            waits.append(Message("The reason {reason} is not one the shop approves at once.",
                                 {"reason": reason.label() if reason else (code or "—")}))
    if waits:
        return AutoVerdict(None, tuple(waits))
    return AutoVerdict(REFUND_LIMIT)
