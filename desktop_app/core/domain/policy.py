"""The return policy: every rule of DESIGN capability 1 as one frozen, JSON-serialisable value."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from desktop_app.core.domain.auto_rules import AutoApprove
from desktop_app.core.i18n import Message


class Fault(StrEnum):
    """Who caused the return: the shop, the carrier, or the customer's own choice."""

    SHOP = "shop"
    CARRIER = "carrier"
    CUSTOMER = "customer"


class Resolution(StrEnum):
    """What the customer gets for a returned line."""

    REFUND = "refund"
    STORE_CREDIT = "store_credit"
    EXCHANGE = "exchange"
    REPAIR = "repair"
    KEEP_IT = "keep_it"
    SEND_BACK = "send_back"


class Condition(StrEnum):
    """The state of a returned item, best first; `rank` 0 is best."""

    SEALED = "sealed"
    UNUSED = "unused"
    LIKE_NEW = "like_new"
    USED = "used"
    DAMAGED = "damaged"

    @property
    def rank(self) -> int:
        """Return 0 for the best condition, larger for worse."""
        return list(Condition).index(self)

    def meets(self, required: Condition | None) -> bool:
        """Return whether this condition is at least as good as `required` (None = anything goes)."""
        return required is None or self.rank <= required.rank


class WindowStart(StrEnum):
    """What starts the return window."""

    DELIVERY = "delivery"
    ORDER = "order"


class ShippingPayer(StrEnum):
    """Who pays for the return parcel."""

    SHOP = "shop"
    CUSTOMER = "customer"



def condition_label(condition: Condition) -> Message:
    """Return the name of an item condition as a translatable Message."""
    return _CONDITION_LABELS[Condition(condition)]


def resolution_label(resolution: Resolution) -> Message:
    """Return the name of a resolution as a translatable Message."""
    return _RESOLUTION_LABELS[Resolution(resolution)]


def fault_label(fault: Fault) -> Message:
    """Return who is at fault as a translatable Message."""
    return _FAULT_LABELS[Fault(fault)]


_CONDITION_LABELS = {
    Condition.SEALED: Message("sealed"),
    Condition.UNUSED: Message("unused with tags"),
    Condition.LIKE_NEW: Message("like new"),
    Condition.USED: Message("used"),
    Condition.DAMAGED: Message("damaged"),
}
_RESOLUTION_LABELS = {
    Resolution.REFUND: Message("Refund"),
    Resolution.STORE_CREDIT: Message("Store credit"),
    Resolution.EXCHANGE: Message("Exchange"),
    Resolution.REPAIR: Message("Repair"),
    Resolution.KEEP_IT: Message("Keep it"),
    Resolution.SEND_BACK: Message("Send back"),
}
_FAULT_LABELS = {
    Fault.SHOP: Message("the shop's fault"),
    Fault.CARRIER: Message("the carrier's fault"),
    Fault.CUSTOMER: Message("the customer's choice"),
}

class _Bilingual(Message):
    """A label held as data in both languages (reason names typed by the owner)."""

    def render(self, lang: str | None = None) -> str:
        """Return the Chinese label for zh_CN when there is one, else the English one."""
        if lang == "zh_CN" and self.values.get("zh"):
            return str(self.values["zh"])
        return self.msgid


@dataclass(frozen=True)
class Reason:
    """One entry of the reason catalogue with who is at fault."""

    code: str
    label_en: str
    label_zh: str
    fault: Fault

    def label(self) -> Message:
        """Return the label as a Message that renders in English or Chinese."""
        return _Bilingual(self.label_en, {"zh": self.label_zh})


@dataclass(frozen=True)
class CategoryRule:
    """Overrides for one product category; None keeps the policy's general rule."""

    category: str
    window_days: int | None = None
    final_sale: bool = False
    restocking_fee_percent: Decimal | None = None
    required_condition: Condition | None = None
    label_en: str = ""  # what customers read for this category; "" shows the key made readable
    label_zh: str = ""

    def label(self, lang: str = "en") -> str:
        """Return the category's name for a customer in `lang`, never its internal key."""
        if lang.startswith("zh") and self.label_zh.strip():
            return self.label_zh.strip()
        return self.label_en.strip() or readable_key(self.category)


def readable_key(key: str) -> str:
    """Return an internal key as words for a customer: 'custom_made' -> 'Custom made'."""
    words = " ".join(key.replace("_", " ").replace("-", " ").split())
    return words[:1].upper() + words[1:]


@dataclass(frozen=True)
class EffectiveRule:
    """The rules that apply to one category after its overrides."""

    category: str | None
    window_days: int
    final_sale: bool
    restocking_fee_percent: Decimal
    required_condition: Condition | None


@dataclass(frozen=True)
class HolidayExtension:
    """Purchases in a period of the year may be returned until a later day (Nov 1–Dec 24 → Jan 31)."""

    purchased_from: tuple[int, int]
    purchased_to: tuple[int, int]
    return_until: tuple[int, int]

    def covers(self, purchase: date) -> bool:
        """Return whether a purchase date falls in the extension period (which may span New Year)."""
        md = (purchase.month, purchase.day)
        if self.purchased_from <= self.purchased_to:
            return self.purchased_from <= md <= self.purchased_to
        return md >= self.purchased_from or md <= self.purchased_to

    def deadline_for(self, purchase: date) -> date | None:
        """Return the extended last return day for a purchase, or None when it is not covered."""
        if not self.covers(purchase):
            return None
        md = (purchase.month, purchase.day)
        year = purchase.year if self.return_until >= md else purchase.year + 1
        month, day = self.return_until
        if (month, day) == (2, 29):
            try:
                return date(year, 2, 29)
            except ValueError:
                return date(year, 2, 28)
        return date(year, month, day)


DEFAULT_REASONS: tuple[Reason, ...] = (
    Reason("defective", "Defective or does not work", "有缺陷或无法使用", Fault.SHOP),
    Reason("wrong_item", "Wrong item sent", "发错商品", Fault.SHOP),
    Reason("not_as_described", "Not as described", "与描述不符", Fault.SHOP),
    Reason("damaged_in_transit", "Damaged in transit", "运输途中损坏", Fault.CARRIER),
    Reason("lost_in_transit", "Lost in transit", "运输途中丢失", Fault.CARRIER),
    Reason("arrived_late", "Arrived too late", "送达太晚", Fault.CARRIER),
    Reason("changed_mind", "Changed my mind", "不想要了", Fault.CUSTOMER),
    Reason("wrong_size", "Wrong size or fit", "尺码不合适", Fault.CUSTOMER),
    Reason("better_price", "Found a better price", "找到更便宜的", Fault.CUSTOMER),
    Reason("ordered_by_mistake", "Ordered by mistake", "误购", Fault.CUSTOMER),
)


@dataclass(frozen=True)
class CurrencyAmounts:
    """The policy's money amounts for orders paid in one currency."""

    currency: str
    return_shipping_cost: Decimal = Decimal(0)
    keep_it_below: Decimal = Decimal(0)
    restocking_fee_flat: Decimal = Decimal(0)
    auto_approve_max: Decimal = Decimal(0)  # auto-approve: refunds at most this (0 = rule off in this currency)
    auto_keep_it_max: Decimal = Decimal(0)  # auto-approve: keep-it refunds at most this (0 = off)


@dataclass(frozen=True)
class PolicyRules:
    """Every rule of one policy version; amounts are Decimal in the policy's currency."""

    country: str
    currency: str
    window_days: int = 30
    window_start: WindowStart = WindowStart.DELIVERY
    assumed_transit_days: int = 0  # delivery unknown: the window counts from the order date plus these days
    holiday_extension: HolidayExtension | None = None
    category_rules: tuple[CategoryRule, ...] = ()
    required_condition: Condition | None = Condition.LIKE_NEW
    reasons: tuple[Reason, ...] = DEFAULT_REASONS
    restocking_fee_percent: Decimal = Decimal(0)
    restocking_fee_flat: Decimal = Decimal(0)
    return_shipping_payer: ShippingPayer = ShippingPayer.CUSTOMER
    return_shipping_cost: Decimal = Decimal(0)
    refund_original_shipping: bool = False
    allowed_resolutions: tuple[Resolution, ...] = (Resolution.REFUND, Resolution.STORE_CREDIT,
                                                   Resolution.EXCHANGE)
    store_credit_bonus_percent: Decimal = Decimal(0)
    keep_it_below: Decimal = Decimal(0)
    refund_promise_business_days: int = 5
    currency_amounts: tuple[CurrencyAmounts, ...] = ()  # the amounts above for orders in other currencies
    auto_approve: AutoApprove = field(default_factory=AutoApprove)  # requests approved at once, without a person
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def reason(self, code: str) -> Reason | None:
        """Return the catalogue entry for a reason code, or None when the policy has no such reason."""
        return next((r for r in self.reasons if r.code == code), None)

    def rule_for(self, category: str | None) -> EffectiveRule:
        """Return the window, fee, final-sale flag and required condition that apply to a category."""
        override = next((c for c in self.category_rules if category is not None
                         and c.category.casefold() == category.casefold()), None)
        if override is None:
            return EffectiveRule(category, self.window_days, False, self.restocking_fee_percent,
                                 self.required_condition)
        return EffectiveRule(
            category,
            self.window_days if override.window_days is None else override.window_days,
            override.final_sale,
            self.restocking_fee_percent if override.restocking_fee_percent is None
            else override.restocking_fee_percent,
            self.required_condition if override.required_condition is None else override.required_condition,
        )

    def amounts_for(self, currency: str) -> CurrencyAmounts | None:
        """Return the label cost, keep-it limit and flat fee for orders in `currency`; None when not set.

        The policy's own currency uses its main amounts; a policy whose main amounts are all zero needs none.
        """
        code = (currency or "").upper()
        main = CurrencyAmounts(code, self.return_shipping_cost, self.keep_it_below, self.restocking_fee_flat,
                               self.auto_approve.refund_max, self.auto_approve.keep_it_max)
        if code == self.currency.upper():
            return main
        found = next((a for a in self.currency_amounts if a.currency.upper() == code), None)
        if found is not None:
            return found
        if not (self.return_shipping_cost or self.keep_it_below or self.restocking_fee_flat):
            return CurrencyAmounts(code)
        return None

    def with_amounts(self, amounts: CurrencyAmounts) -> PolicyRules:
        """Return these rules with the amounts for one other currency added or replaced."""
        code = amounts.currency.upper()
        kept = tuple(a for a in self.currency_amounts if a.currency.upper() != code)
        return replace(self, currency_amounts=(*kept, replace(amounts, currency=code)))

    def allows(self, resolution: Resolution) -> bool:
        """Return whether the policy offers a resolution."""
        return resolution in self.allowed_resolutions

    def with_changes(self, **changes: Any) -> PolicyRules:
        """Return a copy with some rules changed (drafts are edited this way)."""
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Return the rules as JSON-ready values (Decimals as strings, enums as their values)."""
        return {f.name: _dump(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PolicyRules:
        """Rebuild rules from `to_dict()` output; unknown keys are kept in `extra`."""
        known = {f.name for f in fields(cls)}
        d = dict(data)
        extra = dict(d.pop("extra", {}) or {})
        extra.update({k: d.pop(k) for k in list(d) if k not in known})
        kw: dict[str, Any] = {}
        for key, value in d.items():
            kw[key] = _LOADERS.get(key, lambda v: v)(value)
        return cls(extra=extra, **kw)


def _dump(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple | list):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _dump(getattr(value, f.name)) for f in fields(value)}
    return value


def _opt(fn: Any) -> Any:
    return lambda v: None if v is None else fn(v)


def _load_category(d: dict[str, Any]) -> CategoryRule:
    return CategoryRule(
        category=d["category"],
        window_days=d.get("window_days"),
        final_sale=bool(d.get("final_sale", False)),
        restocking_fee_percent=_opt(Decimal)(d.get("restocking_fee_percent")),
        required_condition=_opt(Condition)(d.get("required_condition")),
        label_en=str(d.get("label_en") or ""),
        label_zh=str(d.get("label_zh") or ""),
    )


def _load_extension(d: dict[str, Any]) -> HolidayExtension:
    return HolidayExtension(tuple(d["purchased_from"]), tuple(d["purchased_to"]),
                            tuple(d["return_until"]))


_AMOUNT_KEYS = ("return_shipping_cost", "keep_it_below", "restocking_fee_flat", "auto_approve_max",
                "auto_keep_it_max")
_LOADERS: dict[str, Any] = {
    "window_days": int,
    "window_start": WindowStart,
    "assumed_transit_days": int,
    "holiday_extension": _opt(_load_extension),
    "category_rules": lambda v: tuple(_load_category(c) for c in v),
    "required_condition": _opt(Condition),
    "reasons": lambda v: tuple(Reason(r["code"], r["label_en"], r.get("label_zh", ""), Fault(r["fault"]))
                               for r in v),
    "restocking_fee_percent": Decimal,
    "restocking_fee_flat": Decimal,
    "return_shipping_payer": ShippingPayer,
    "return_shipping_cost": Decimal,
    "refund_original_shipping": bool,
    "allowed_resolutions": lambda v: tuple(Resolution(x) for x in v),
    "store_credit_bonus_percent": Decimal,
    "keep_it_below": Decimal,
    "refund_promise_business_days": int,
    "currency_amounts": lambda v: tuple(
        CurrencyAmounts(str(d["currency"]).upper(), *(Decimal(str(d.get(k, "0"))) for k in _AMOUNT_KEYS))
        for d in v),
    "auto_approve": AutoApprove.from_dict,
}
