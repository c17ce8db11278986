"""Eligibility decisions as JSON on the return line, and back into Messages for the window and documents."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from desktop_app.core.domain.eligibility import Decision
from desktop_app.core.domain.money import Money, money_text
from desktop_app.core.domain.policy import Fault, Reason
from desktop_app.core.i18n import Message
from desktop_app.core.i18n.country_forms import DayText, day_text

_AMOUNT_TYPE = type(money_text(Money.zero("EUR")))
_BILINGUAL_TYPE = type(Reason("x", "x", "x", Fault.CUSTOMER).label())
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def message_to_json(message: Message) -> dict[str, Any]:
    """Return a Message (with nested Messages and amounts) as JSON-ready values."""
    if isinstance(message, _AMOUNT_TYPE):
        money: Money = message.values["money"]
        return {"amount": str(money.amount), "currency": money.currency}
    if isinstance(message, DayText):
        return {"day": message.values["day"].isoformat()}
    if isinstance(message, _BILINGUAL_TYPE):
        return {"en": message.msgid, "zh": message.values.get("zh", "")}
    return {"msgid": message.msgid, "values": {k: _value_to_json(v) for k, v in message.values.items()}}


def _value_to_json(value: Any) -> Any:
    if isinstance(value, Message):
        return {"$message": message_to_json(value)}
    if isinstance(value, Money):
        return {"$message": message_to_json(money_text(value))}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def message_from_json(data: dict[str, Any]) -> Message:
    """Rebuild a Message stored by `message_to_json`."""
    if "amount" in data:
        return money_text(Money.of(data["amount"], data["currency"]))
    if "day" in data:
        return day_text(date.fromisoformat(data["day"]))
    if "en" in data:
        return Reason("", data["en"], data.get("zh", ""), Fault.CUSTOMER).label()
    values = {k: _value_from_json(v) for k, v in (data.get("values") or {}).items()}
    msgid = str(data["msgid"])
    return Message(msgid, values)


def _value_from_json(value: Any) -> Any:
    """Return one stored value; a plain ISO day (how days were stored before) becomes a day again."""
    if isinstance(value, dict) and "$message" in value:
        return message_from_json(value["$message"])
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        try:
            return day_text(date.fromisoformat(value))
        except ValueError:
            return value
    return value


def decision_to_json(
    decision: Decision, policy_version_id: int, policy_number: int | None, override_reason: str | None = None
) -> dict[str, Any]:
    """Return the snapshot kept on a return line: verdict, money in minor units and the explanation."""
    return {
        "policy_version_id": policy_version_id,
        "policy_number": policy_number,
        "eligible": decision.eligible,
        "override_reason": override_reason,
        "fault": decision.fault.value,
        "deadline": decision.deadline.isoformat(),
        "days_left": decision.days_left,
        "restocking_fee_minor": decision.restocking_fee.to_minor(),
        "shipping_payer": decision.shipping_payer.value,
        "shipping_charge_minor": decision.shipping_charge.to_minor(),
        "refund_by_resolution_minor": {r.value: m.to_minor() for r, m in decision.refund_by_resolution.items()},
        "refund_tax_share_minor": decision.refund_tax_share.to_minor(),
        "original_shipping_refund_minor": decision.original_shipping_refund.to_minor(),
        "keep_it": decision.keep_it,
        "goods_value_minor": decision.goods_value.to_minor() if decision.goods_value is not None else None,
        "refusals": [message_to_json(m) for m in decision.refusals],
        "explanation": [message_to_json(m) for m in decision.explanation],
    }


def explanation_of(snapshot: dict[str, Any] | None) -> tuple[Message, ...]:
    """Return the stored explanation of a line's decision as Messages (empty when none was stored)."""
    if not snapshot:
        return ()
    out = [message_from_json(item) for item in snapshot.get("explanation", [])]
    if snapshot.get("override_reason"):
        out.append(
            Message(
                "The owner accepted this line outside the policy: {reason}",
                {"reason": snapshot["override_reason"]},
            )
        )
    return tuple(out)


class Sentences(Message):
    """Several sentences shown as one, each rendered in the reader's language."""

    def render(self, lang: str | None = None) -> str:
        """Return the sentences joined by spaces."""
        return " ".join(item.render(lang) for item in self.values.get("items", ()))


def sentences(items: list[Message]) -> Message:
    """Return one Message rendering several sentences one after another."""
    return Sentences("", {"items": tuple(items)})
