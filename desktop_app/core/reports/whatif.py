"""Policy what-if: replay a period's returns through a draft policy and compare with what really applied.

Each working return line of the period is judged twice by the same pure `evaluate`: once under the policy
version it was actually judged by, once under the draft. Inputs are identical (quantities already returned
on other returns are left out, so only the policy differs); the totals and the list of lines whose outcome
changes follow. Imported historical returns have no policy and are not replayed. Every currency is
replayed with that currency's policy amounts (label cost, keep-it limit, flat fee, auto-approve limits);
money is summed per currency, never across currencies, as in the reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Customer, Order, OrderLine, PolicyVersion, Return, ReturnLine
from desktop_app.core.domain.auto_rules import RULES
from desktop_app.core.domain.autoapprove import AutoLine, decide_auto_approval
from desktop_app.core.domain.calendar import BusinessCalendar
from desktop_app.core.domain.eligibility import Decision, ReturnRequest, evaluate
from desktop_app.core.domain.money import Money
from desktop_app.core.domain.policy import Condition, PolicyRules, Resolution, ShippingPayer
from desktop_app.core.reports.figures import ENDED
from desktop_app.core.reports.period import Period
from desktop_app.core.services.purchases import purchased_line
from desktop_app.core.services.settings import load_settings


@dataclass(frozen=True)
class Outcome:
    """How one line fares under one policy."""

    eligible: bool
    refund: Money
    fee: Money
    shop_shipping: Money


@dataclass(frozen=True)
class ChangedLine:
    """A return line whose outcome differs between the applied policy and the draft."""

    rma: str
    sku: str
    quantity: int
    reason_code: str
    before: Outcome
    after: Outcome


class Totals:
    """Sums over the replayed lines under one policy: eligible lines, and money per currency (never mixed).

    `refund`, `fees` and `shop_shipping` are the shop currency's sums; `money(currency)` gives another's.
    """

    def __init__(self, currency: str) -> None:
        self.currency = currency
        self.eligible_lines = 0
        self.by_currency: dict[str, tuple[Money, Money, Money]] = {}  # currency -> (refund, fees, shop shipping)

    def add(self, outcome: Outcome) -> None:
        """Count one line's outcome (in its own currency)."""
        code = outcome.refund.currency
        refund, fees, shipping = self.money(code)
        if outcome.eligible:
            self.eligible_lines += 1
            refund, fees = refund + outcome.refund, fees + outcome.fee
            shipping = shipping + outcome.shop_shipping
        self.by_currency[code] = (refund, fees, shipping)

    def money(self, currency: str) -> tuple[Money, Money, Money]:
        """Return (refund value, restocking fees kept, return shipping paid by the shop) in one currency."""
        zero = Money.zero(currency)
        return self.by_currency.get(currency, (zero, zero, zero))

    @property
    def currencies(self) -> tuple[str, ...]:
        """Return the currencies replayed: the shop's first, then the others alphabetically."""
        return tuple(sorted(self.by_currency, key=lambda code: (code != self.currency, code)))

    @property
    def refund(self) -> Money:
        """Return the shop currency's refund value."""
        return self.money(self.currency)[0]

    @property
    def fees(self) -> Money:
        """Return the shop currency's restocking fees kept."""
        return self.money(self.currency)[1]

    @property
    def shop_shipping(self) -> Money:
        """Return the shop currency's return shipping paid by the shop."""
        return self.money(self.currency)[2]


@dataclass(frozen=True)
class AutoCounts:
    """How many of the period's returns each auto-approve rule approves at once, and how many wait."""

    returns: int = 0
    by_rule: tuple[tuple[str, int], ...] = tuple((rule, 0) for rule in RULES)

    def approved_by(self, rule: str) -> int:
        """Return how many returns one rule approves."""
        return dict(self.by_rule).get(rule, 0)

    @property
    def waiting(self) -> int:
        """Return how many returns wait for a person."""
        return self.returns - sum(n for _rule, n in self.by_rule)


class AutoTally:
    """Collects each replayed return's lines, then asks the auto-approve rules about every return."""

    def __init__(self) -> None:
        self.returns: dict[str, tuple[PolicyRules, bool, list[AutoLine], list[Money]]] = {}

    def add(self, rma: str, rules: PolicyRules, flagged: bool, decision: Decision, outcome: Outcome,
            reason_code: str | None) -> None:
        """Count one line of a return judged under `rules`."""
        entry = self.returns.setdefault(rma, (rules, flagged, [], []))
        entry[2].append(AutoLine(decision.eligible, decision.keep_it, reason_code))
        entry[3].append(outcome.refund)

    def counts(self) -> AutoCounts:
        """Return how many returns each rule approves."""
        approved = dict.fromkeys(RULES, 0)
        for rules, flagged, lines, refunds in self.returns.values():
            total = sum(refunds[1:], refunds[0])  # one return's lines share its currency
            rule = decide_auto_approval(rules, lines, total, flagged).rule
            if rule is not None:
                approved[rule] = approved.get(rule, 0) + 1
        return AutoCounts(len(self.returns), tuple(approved.items()))


@dataclass(frozen=True)
class WhatIf:
    """The replay's result: totals before and after, and the lines that change."""

    period: Period
    lines_replayed: int
    before: Totals
    after: Totals
    changed: tuple[ChangedLine, ...]
    auto_before: AutoCounts = field(default_factory=AutoCounts)  # returns approved at once as things were
    auto_after: AutoCounts = field(default_factory=AutoCounts)  # ... and under the draft

    @property
    def currencies(self) -> tuple[str, ...]:
        """Return the currencies of the replayed returns, the shop's first."""
        return tuple(dict.fromkeys((*self.before.currencies, *self.after.currencies)))


def outcome_of(decision: Decision, rules: PolicyRules, resolution: Resolution) -> Outcome:
    """Reduce a decision to what the what-if compares."""
    currency = decision.restocking_fee.currency
    chosen = resolution if resolution in decision.refund_by_resolution else Resolution.REFUND
    shop_pays = decision.shipping_payer == ShippingPayer.SHOP
    amounts = rules.amounts_for(currency)  # the label cost in the order's currency
    label = amounts.return_shipping_cost if amounts is not None else Decimal(0)
    return Outcome(
        eligible=decision.eligible,
        refund=decision.refund(chosen) if decision.eligible else Money.zero(currency),
        fee=decision.restocking_fee if decision.eligible else Money.zero(currency),
        shop_shipping=Money(label, currency) if decision.eligible and shop_pays
        else Money.zero(currency),
    )


def replay(db: Database, draft: PolicyRules, period: Period, currency: str | None = None) -> WhatIf:
    """Judge the period's return lines under the draft and under the policy that applied; compare.

    Returns in every currency are replayed; `currency` (default the shop's) is the one listed first."""
    start, end = period.utc_bounds()
    with db.read() as session:
        settings = load_settings(session)
        currency = currency or settings.shop_currency
        calendar = BusinessCalendar(settings.shop_country, settings.shop_timezone)
        rows = session.execute(
            select(Return.rma, Return.requested_at, ReturnLine, OrderLine, Order, PolicyVersion.id, PolicyVersion.rules,
                   Customer.flag_reason.is_not(None))
            .join(ReturnLine, ReturnLine.return_id == Return.id)
            .join(OrderLine, OrderLine.id == ReturnLine.order_line_id)
            .join(Order, Order.id == OrderLine.order_id)
            .join(PolicyVersion, PolicyVersion.id == Return.policy_version_id)
            .outerjoin(Customer, Customer.id == Return.customer_id)
            .where(Return.requested_at >= start, Return.requested_at < end, Return.imported.is_(False),
                   Return.status.not_in(ENDED), ReturnLine.unexpected.is_(False))
            .order_by(Return.id, ReturnLine.id)
        ).all()
    before, after = Totals(currency), Totals(currency)
    changed: list[ChangedLine] = []
    applied_cache: dict[int, PolicyRules] = {}
    tally_before, tally_after = AutoTally(), AutoTally()
    for rma, requested_at, line, order_line, order, version_id, applied_json, flagged in rows:
        if version_id not in applied_cache:
            applied_cache[version_id] = PolicyRules.from_dict(applied_json)
        applied = applied_cache[version_id]
        purchased = purchased_line(order, order_line, calendar)
        resolution = Resolution(line.resolution) if line.resolution in set(Resolution) else Resolution.REFUND
        request = ReturnRequest(
            quantity=line.requested_qty, reason_code=line.reason_code,
            condition=Condition(line.condition) if line.condition in set(Condition) else None,
            request_date=calendar.local_date(requested_at), resolution=resolution,
            label_already_paid=bool((line.decision or {}).get("label_already_paid")),
        )
        was_decision, would_decision = evaluate(applied, purchased, request, calendar), evaluate(draft, purchased,
                                                                                                 request, calendar)
        was, would = outcome_of(was_decision, applied, resolution), outcome_of(would_decision, draft, resolution)
        before.add(was)
        after.add(would)
        tally_before.add(rma, applied, bool(flagged), was_decision, was, line.reason_code)
        tally_after.add(rma, draft, bool(flagged), would_decision, would, line.reason_code)
        if was != would:
            changed.append(ChangedLine(rma, line.sku, line.requested_qty, line.reason_code, was, would))
    return WhatIf(period, len(rows), before, after, tuple(changed), tally_before.counts(), tally_after.counts())
