"""Judge one requested return line against a policy version and explain the decision line by line.

Conventions: `unit_price_paid` is what the customer paid per unit after discounts, tax included, and
`unit_tax` the tax inside it; `paid_total` (when known) is the exact money of all units, and the goods,
tax and shipping refunded for some units are their slice of the line's money by largest remainder, so
refunding every unit returns exactly what was paid; `shipping_paid_share` is the original shipping
allocated to the whole line (refunded per unit when the policy refunds it).
Dates are the shop's local calendar days. The window
applies to every reason; final sale, the required condition, the restocking fee and customer-paid return
shipping apply to customer-choice reasons only. With a `BusinessCalendar`, a deadline on a weekend or
holiday moves to the next business day. Refund amounts are never negative; REPAIR pays nothing; KEEP_IT
pays the goods plus refunded shipping with no fee or label; an ineligible decision offers nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from desktop_app.core.domain.calendar import BusinessCalendar
from desktop_app.core.domain.money import Money, line_total, money_text, percentage, unit_slice
from desktop_app.core.domain.policy import (
    Condition,
    CurrencyAmounts,
    Fault,
    PolicyRules,
    Resolution,
    ShippingPayer,
    WindowStart,
    condition_label,
    fault_label,
    resolution_label,
)
from desktop_app.core.domain.tax import refund_tax, share_at_line_rate
from desktop_app.core.i18n import Message
from desktop_app.core.i18n.country_forms import day_text


@dataclass(frozen=True)
class PurchasedLine:
    """An order line as bought: unit price actually paid (tax included) and the tax within it."""

    order_line_id: int | None
    sku: str
    category: str | None
    currency: str
    unit_price_paid: Decimal
    unit_tax: Decimal
    quantity: int
    already_returned_qty: int
    order_date: date
    delivered_date: date | None
    shipping_paid_share: Decimal = Decimal(0)  # original shipping allocated to the whole line
    paid_total: Decimal | None = None  # exact money paid for all units (None: unit price x quantity)
    tax_total: Decimal | None = None  # tax inside paid_total (None: unit tax x quantity)

    @property
    def line_paid(self) -> Money:
        """Return what was paid for all units of the line, exactly (refunds are slices of it)."""
        if self.paid_total is not None:
            return Money.of(self.paid_total, self.currency).quantized()
        return line_total(Money.of(self.unit_price_paid, self.currency), self.quantity)

    @property
    def line_tax(self) -> Money:
        """Return the tax inside the line's paid money."""
        if self.tax_total is not None:
            return Money.of(self.tax_total, self.currency).quantized()
        return line_total(Money.of(self.unit_tax, self.currency), self.quantity)

    @property
    def returnable_qty(self) -> int:
        """Return how many units may still be returned across all returns of this line."""
        return max(0, self.quantity - self.already_returned_qty)


@dataclass(frozen=True)
class ReturnRequest:
    """What the customer asks for: how many units, why, in what condition, on which (local) day."""

    quantity: int
    reason_code: str
    condition: Condition | None
    request_date: date
    resolution: Resolution | None = None
    label_already_paid: bool = False  # another line of the same return already carries the label charge
    units_before: int = 0  # units of this order line paid out before these (their slice of the money is taken)


@dataclass(frozen=True)
class Decision:
    """The verdict on one line: eligible or why not, deadline, charges, and what each resolution pays."""

    eligible: bool
    refusals: tuple[Message, ...]
    deadline: date
    days_left: int
    fault: Fault
    restocking_fee: Money
    shipping_payer: ShippingPayer
    shipping_charge: Money
    refund_by_resolution: dict[Resolution, Money] = field(hash=False)
    refund_tax_share: Money
    original_shipping_refund: Money
    keep_it: bool
    explanation: tuple[Message, ...]
    goods_value: Money | None = None
    window_start_date: date | None = None
    tax_by_resolution: dict[Resolution, Money] = field(default_factory=dict, hash=False)

    def refund(self, resolution: Resolution = Resolution.REFUND) -> Money:
        """Return what one resolution pays, or zero when the decision does not offer it."""
        return self.refund_by_resolution.get(resolution, Money.zero(self.restocking_fee.currency))

    def refund_tax(self, resolution: Resolution = Resolution.REFUND) -> Money:
        """Return the tax inside what one resolution pays (zero when it pays nothing)."""
        return self.tax_by_resolution.get(resolution, Money.zero(self.restocking_fee.currency))


def deadline_for(policy: PolicyRules, line: PurchasedLine,
                 calendar: BusinessCalendar | None = None) -> tuple[date, date]:
    """Return (window start, last day to ask) for a line, with overrides and the holiday extension."""
    rule = policy.rule_for(line.category)
    if policy.window_start == WindowStart.DELIVERY and line.delivered_date is not None:
        start = line.delivered_date
    elif policy.window_start == WindowStart.DELIVERY:
        start = line.order_date + timedelta(days=max(0, policy.assumed_transit_days))
    else:
        start = line.order_date
    last = start + timedelta(days=max(0, rule.window_days))
    if policy.holiday_extension is not None:
        extended = policy.holiday_extension.deadline_for(line.order_date)
        if extended is not None and extended > last:
            last = extended
    if calendar is not None:
        last = calendar.next_business_day(last)
    return start, last


def _window_start_sentence(policy: PolicyRules, line: PurchasedLine, start: date) -> Message:
    """Say what the window counts from: delivery, the order date, or the order date plus assumed transit."""
    if policy.window_start == WindowStart.ORDER:
        return Message("The window counts from the order date, {date}.", {"date": day_text(start)})
    if line.delivered_date is not None:
        return Message("The window counts from delivery, {date}.", {"date": day_text(start)})
    return Message("The delivery date is not known, so the window counts from the order date {order} plus "
                   "{days} days in transit: {date}.",
                   {"order": day_text(line.order_date), "days": max(0, policy.assumed_transit_days),
                    "date": day_text(start)})


def _fee(flat: Decimal, goods: Money, percent: Decimal) -> Money:
    fee = (percentage(goods, percent) + Money.of(flat, goods.currency)).quantized()
    return min(max(fee, Money.zero(goods.currency)), goods)


@dataclass(frozen=True)
class _Charges:
    """The money of one judged line: goods, refunded shipping, tax, fee, who pays the label and its charge."""

    goods: Money
    original_shipping: Money
    tax: Money
    keep_it: bool
    fee: Money
    payer: ShippingPayer
    charge: Money
    shipping_tax: Money  # the tax inside original_shipping, fee and charge, at the line's rate
    fee_tax: Money
    charge_tax: Money


def _check_request(policy: PolicyRules, line: PurchasedLine, request: ReturnRequest,
                   refusals: list[Message]) -> tuple[Fault, CurrencyAmounts, int]:
    """Check the reason, the currency's amounts and the quantity; return (fault, amounts, units judged)."""
    cur = line.currency
    reason = policy.reason(request.reason_code)
    if reason is None:
        refusals.append(Message("\"{reason}\" is not a return reason in this policy.",
                                {"reason": request.reason_code}))
    amounts = policy.amounts_for(cur)
    if amounts is None:
        refusals.append(Message("The order was paid in {order_currency}, and the policy has no amounts in "
                                "{order_currency} (return label cost, keep-it limit, flat restocking fee); the "
                                "owner can add them to the policy.", {"order_currency": cur}))
        amounts = CurrencyAmounts(cur)
    qty = request.quantity
    if qty <= 0:
        refusals.append(Message("Ask for at least one unit."))
    elif qty > line.returnable_qty:
        refusals.append(Message("Only {left} of the {bought} units bought can still be returned.",
                                {"left": line.returnable_qty, "bought": line.quantity}))
    units = qty if 0 < qty <= line.returnable_qty else 0
    return (reason.fault if reason else Fault.CUSTOMER), amounts, units


def _check_window(line: PurchasedLine, request: ReturnRequest, deadline: date,
                  refusals: list[Message], explain: list[Message]) -> None:
    """Refuse a request dated before the order or after the deadline; else say how many days are left."""
    if request.request_date < line.order_date:
        refusals.append(Message("The request date {date} is before the order date {order_date}.",
                                {"date": day_text(request.request_date),
                                 "order_date": day_text(line.order_date)}))
    if request.request_date > deadline:
        refusals.append(Message("The return window ended on {deadline}.", {"deadline": day_text(deadline)}))
    else:
        days = (deadline - request.request_date).days
        text = ("Returns are accepted until {deadline}; 1 day left." if days == 1
                else "Returns are accepted until {deadline}; {days} days left.")
        explain.append(Message(text, {"deadline": day_text(deadline), "days": days}))


def _check_category(policy: PolicyRules, line: PurchasedLine, request: ReturnRequest, fault: Fault,
                    refusals: list[Message], explain: list[Message]) -> None:
    """Apply final sale and the required condition (customer-choice reasons only) and the offered resolutions."""
    rule = policy.rule_for(line.category)
    customer_fault = fault == Fault.CUSTOMER
    if rule.final_sale and customer_fault:
        refusals.append(Message("Items in {category} are final sale; they can be returned only when the "
                                "shop or the carrier is at fault.", {"category": line.category or ""}))
    elif rule.final_sale:
        explain.append(Message("Final sale does not apply: this return is {fault}.", {"fault": fault_label(fault)}))
    required = rule.required_condition
    if required is not None and customer_fault:
        if request.condition is not None and not request.condition.meets(required):
            refusals.append(Message("The item must be at least {required}; it is {condition}.",
                                    {"required": condition_label(required),
                                     "condition": condition_label(request.condition)}))
        else:
            explain.append(Message("Items must come back at least {required}.",
                                   {"required": condition_label(required)}))
    elif required is not None:
        explain.append(Message("No condition is required: this return is {fault}.", {"fault": fault_label(fault)}))
    if request.resolution is not None and request.resolution not in policy.allowed_resolutions \
            and request.resolution != Resolution.SEND_BACK:
        refusals.append(Message("This policy does not offer {resolution}.",
                                {"resolution": resolution_label(request.resolution)}))


def _charges(policy: PolicyRules, line: PurchasedLine, request: ReturnRequest, fault: Fault,
             amounts: CurrencyAmounts, units: int) -> _Charges:
    """Return the goods, shipping and tax slices of the units, the fee and the return label charge."""
    cur = line.currency
    zero = Money.zero(cur)
    before = max(0, request.units_before)
    goods = unit_slice(line.line_paid, line.quantity, before, units)
    orig_ship = zero
    if policy.refund_original_shipping and units and line.quantity > 0:
        orig_ship = unit_slice(Money.of(line.shipping_paid_share, cur), line.quantity, before, units)
    tax = unit_slice(line.line_tax, line.quantity, before, units)
    keep_it = (Resolution.KEEP_IT in policy.allowed_resolutions and amounts.keep_it_below > 0
               and units > 0 and goods.amount < amounts.keep_it_below)
    if fault == Fault.CUSTOMER:
        fee = _fee(amounts.restocking_fee_flat, goods, policy.rule_for(line.category).restocking_fee_percent)
        payer = policy.return_shipping_payer
    else:
        fee, payer = zero, ShippingPayer.SHOP
    charge = Money.of(amounts.return_shipping_cost, cur).quantized() \
        if payer == ShippingPayer.CUSTOMER and not keep_it and not request.label_already_paid else zero
    paid, line_tax = line.line_paid, line.line_tax
    return _Charges(goods, orig_ship, tax, keep_it, fee, payer, charge, share_at_line_rate(orig_ship, paid, line_tax),
                    share_at_line_rate(fee, paid, line_tax), share_at_line_rate(charge, paid, line_tax))


def _explain_charges(money: _Charges, fault: Fault, request: ReturnRequest, amounts: CurrencyAmounts,
                     explain: list[Message]) -> None:
    """Say what fee applies and who pays the way back."""
    if money.fee.is_zero() and fault != Fault.CUSTOMER:
        explain.append(Message("No restocking fee: this return is {fault}.", {"fault": fault_label(fault)}))
    elif money.fee.is_zero():
        explain.append(Message("No restocking fee."))
    else:
        explain.append(Message("Restocking fee: {amount}.", {"amount": money_text(money.fee)}))
    if money.keep_it:
        explain.append(Message("No parcel needed: the customer may keep the item."))
    elif money.payer == ShippingPayer.SHOP:
        explain.append(Message("The shop pays for return shipping."))
    elif request.label_already_paid and not Money.of(amounts.return_shipping_cost, money.fee.currency).is_zero():
        explain.append(Message("The return label is charged once per return, on another line."))
    elif money.charge.is_zero():
        explain.append(Message("The customer sends the item back at their own cost."))
    else:
        explain.append(Message("The return label is prepaid; its cost of {amount} is taken from the refund.",
                               {"amount": money_text(money.charge)}))


def _taxes(money: _Charges, refunds: dict[Resolution, Money]) -> dict[Resolution, Money]:
    """Return the tax inside what each resolution pays (a store-credit bonus carries none; keep-it keeps no fee)."""
    taxes: dict[Resolution, Money] = {}
    for res, amount in refunds.items():
        kept = money.fee_tax + money.charge_tax if res != Resolution.KEEP_IT else Money.zero(amount.currency)
        taxes[res] = refund_tax(amount, money.tax, money.shipping_tax, kept)
    return taxes


def _refunds(policy: PolicyRules, money: _Charges, explain: list[Message]) -> dict[Resolution, Money]:
    """Return what each offered resolution pays for an eligible line, and explain it."""
    zero = Money.zero(money.goods.currency)
    base = max(money.goods + money.original_shipping - money.fee - money.charge, zero).quantized()
    refunds: dict[Resolution, Money] = {}
    for res in policy.allowed_resolutions:
        if res == Resolution.REFUND or res == Resolution.EXCHANGE:
            refunds[res] = base
        elif res == Resolution.STORE_CREDIT:
            refunds[res] = base + percentage(money.goods, policy.store_credit_bonus_percent)
        elif res == Resolution.REPAIR:
            refunds[res] = zero
        elif res == Resolution.KEEP_IT and money.keep_it:
            refunds[res] = (money.goods + money.original_shipping).quantized()
    if not money.original_shipping.is_zero():
        explain.append(Message("Original shipping refunded: {amount}.",
                               {"amount": money_text(money.original_shipping)}))
    for res, amount in refunds.items():
        explain.append(Message("{resolution}: {amount}.",
                               {"resolution": resolution_label(res), "amount": money_text(amount)}))
    return refunds


def evaluate(policy: PolicyRules, line: PurchasedLine, request: ReturnRequest,
             calendar: BusinessCalendar | None = None) -> Decision:
    """Return the decision for one requested line; never raises for bad requests, it refuses them."""
    zero = Money.zero(line.currency)
    start, deadline = deadline_for(policy, line, calendar)
    refusals: list[Message] = []
    explain: list[Message] = []
    fault, amounts, units = _check_request(policy, line, request, refusals)
    _check_window(line, request, deadline, refusals, explain)
    explain.append(_window_start_sentence(policy, line, start))
    _check_category(policy, line, request, fault, refusals, explain)
    money = _charges(policy, line, request, fault, amounts, units)
    if request.resolution == Resolution.KEEP_IT and not money.keep_it:
        refusals.append(Message("Keeping the item is offered only below {limit}.",
                                {"limit": money_text(Money.of(amounts.keep_it_below, line.currency))}))
    _explain_charges(money, fault, request, amounts, explain)
    eligible = not refusals
    refunds = _refunds(policy, money, explain) if eligible else {}
    taxes = _taxes(money, refunds)
    base = max(money.goods + money.original_shipping - money.fee - money.charge, zero).quantized()
    return Decision(
        eligible=eligible, refusals=tuple(refusals), deadline=deadline,
        days_left=(deadline - request.request_date).days, fault=fault,
        restocking_fee=money.fee if eligible else zero, shipping_payer=money.payer,
        shipping_charge=money.charge if eligible else zero, refund_by_resolution=refunds,
        refund_tax_share=_taxes(money, {Resolution.REFUND: base})[Resolution.REFUND] if eligible else zero,
        original_shipping_refund=money.original_shipping if eligible else zero,
        keep_it=money.keep_it and eligible, explanation=tuple(refusals) + tuple(explain), goods_value=money.goods,
        window_start_date=start, tax_by_resolution=taxes,
    )


def evaluate_return(policy: PolicyRules, lines: Sequence[tuple[PurchasedLine, ReturnRequest]],
                    calendar: BusinessCalendar | None = None) -> list[tuple[Decision, bool]]:
    """Judge every line of one return; a customer-paid label is charged once, on the first line that carries it.

    Returns (decision, label_already_paid) per line, in order; the flag is what the line was judged with, so a
    later refund of that line can be judged the same way.
    """
    judged: list[tuple[Decision, bool]] = []
    paid = False
    for line, request in lines:
        decision = evaluate(policy, line, replace(request, label_already_paid=paid), calendar)
        judged.append((decision, paid))
        paid = paid or not decision.shipping_charge.is_zero()
    return judged
