"""Turn `--line` texts such as `TEE-M:1:wrong_size` into the plain values the returns service takes."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from desktop_app.core.domain.policy import Condition, Resolution
from desktop_app.core.i18n import Message, UserFacingError, _

if TYPE_CHECKING:
    from desktop_app.core.services.returns.views import LineRequest


def _parts(text: str, shape: str, least: int, most: int) -> list[str]:
    """Split `A:B:C`, refusing a wrong number of parts with the expected shape."""
    parts = [p.strip() for p in text.split(":")]
    if not least <= len(parts) <= most or not all(parts):
        raise UserFacingError(Message("Write --line as {shape}; \"{text}\" does not fit.",
                                      {"shape": shape, "text": text}))
    return parts


def _count(text: str, whole: str) -> int:
    """Return a positive or zero whole number from the command line, or refuse."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise UserFacingError(Message("\"{value}\" in \"{text}\" is not a number of items.",
                                      {"value": text, "text": whole}))
    return value


def requested_line(text: str) -> tuple[str, int, str]:
    """Return (sku, quantity, reason code) from `SKU:QTY:REASON`."""
    sku, qty, reason = _parts(text, "SKU:QTY:REASON", 3, 3)
    return sku, _count(qty, text), reason


def comments_for(lines: Sequence[str], comments: Sequence[str]) -> list[str]:
    """Return one comment per --line: none, one for every line, or one each in the same order."""
    if not comments:
        return [""] * len(lines)
    if len(comments) == 1:
        return [comments[0]] * len(lines)
    if len(comments) != len(lines):
        raise UserFacingError(Message("Give one --comment for every line or one for all: there are {lines} lines "
                                      "and {comments} comments.", {"lines": len(lines), "comments": len(comments)}))
    return list(comments)


def order_line_requests(order: Any, requested: Sequence[tuple[str, int, str]],
                        comments: Sequence[str]) -> list[LineRequest]:
    """Return the returns service's line requests for (sku, qty, reason) on an order's lines, with comments."""
    from desktop_app.core.services.returns.views import LineRequest

    by_sku = {line.sku.casefold(): line for line in order.lines}
    out = []
    for (sku, qty, reason), comment in zip(requested, comments, strict=True):
        line = by_sku.get(sku.casefold())
        if line is None:
            raise UserFacingError(Message("Order {order} has no line {sku}. Its lines are: {skus}.",
                                          {"order": order.number, "sku": sku,
                                           "skus": ", ".join(ln.sku for ln in order.lines)}))
        out.append(LineRequest(order_line_id=line.id, quantity=qty, reason_code=reason, comment=comment))
    return out


def reversal(detail: Any, text: str) -> tuple[int, int]:
    """Return (line id, quantity) from `SKU[:QTY]`; without QTY every refunded or credited unit of the line."""
    parts = _parts(text, "SKU[:QTY]", 1, 2)
    line = _line_for(detail, parts[0])
    qty = _count(parts[1], text) if len(parts) == 2 else line.refunded_qty + line.credited_qty
    return line.id, qty


def _line_for(detail: Any, sku: str) -> Any:
    """Return the line of a return with this SKU, or refuse naming the SKUs the return has."""
    for line in detail.lines:
        if line.sku.casefold() == sku.casefold():
            return line
    raise UserFacingError(Message("Return {rma} has no line {sku}. Its lines are: {skus}.",
                                  {"rma": detail.rma, "sku": sku,
                                   "skus": ", ".join(line.sku for line in detail.lines)}))


def receipts(detail: Any, texts: Sequence[str]) -> dict[int, tuple[int, int]]:
    """Return line id -> (quantity, damaged) from `SKU:QTY[:DAMAGED]`, or everything still expected."""
    if not texts:
        return {line.id: (line.requested_qty - line.received_qty, 0) for line in detail.lines
                if line.requested_qty > line.received_qty}
    out: dict[int, tuple[int, int]] = {}
    for text in texts:
        parts = _parts(text, "SKU:QTY[:DAMAGED]", 2, 3)
        line = _line_for(detail, parts[0])
        damaged = _count(parts[2], text) if len(parts) == 3 else 0
        out[line.id] = (_count(parts[1], text), damaged)
    return out


def _condition(text: str) -> Condition:
    try:
        return Condition(text.strip().lower())
    except ValueError:
        raise UserFacingError(Message("There is no condition {value}. Choose one of: {choices}.",
                                      {"value": text, "choices": ", ".join(c.value for c in Condition)})
                              ) from None


def findings(detail: Any, texts: Sequence[str], default: str) -> dict[int, tuple[Condition, int, bool]]:
    """Return line id -> (condition, damaged, passed) from `SKU:CONDITION[:DAMAGED[:fail]]`."""
    out = {line.id: (_condition(default), line.damaged_qty, True)
           for line in detail.lines if line.received_qty > 0} if not texts else {}
    for text in texts:
        parts = _parts(text, "SKU:CONDITION[:DAMAGED[:fail]]", 2, 4)
        line = _line_for(detail, parts[0])
        damaged = _count(parts[2], text) if len(parts) >= 3 else line.damaged_qty
        passed = not (len(parts) == 4 and parts[3].lower() == "fail")
        out[line.id] = (_condition(parts[1]), damaged, passed)
    return out


def _resolution(text: str) -> Resolution:
    try:
        return Resolution(text.strip().lower())
    except ValueError:
        raise UserFacingError(Message("There is no resolution {value}. Choose one of: {choices}.",
                                      {"value": text, "choices": ", ".join(r.value for r in Resolution)})
                              ) from None


def resolutions(detail: Any, texts: Sequence[str], all_as: str | None) -> list[tuple[int, Resolution, int]]:
    """Return (line id, resolution, quantity) steps from `SKU:RESOLUTION[:QTY]` or `--all RESOLUTION`."""
    if not texts and not all_as:
        raise UserFacingError(Message("Say how to resolve: --line SKU:RESOLUTION[:QTY] or --all RESOLUTION."))
    plan: list[tuple[int, Resolution, int]] = []
    if all_as:
        resolution = _resolution(all_as)
        for line in detail.lines:
            basis = line.requested_qty if resolution == Resolution.KEEP_IT else line.received_qty
            open_qty = basis - line.resolved_qty
            if open_qty > 0:
                plan.append((line.id, resolution, open_qty))
    for text in texts:
        parts = _parts(text, "SKU:RESOLUTION[:QTY]", 2, 3)
        line = _line_for(detail, parts[0])
        resolution = _resolution(parts[1])
        basis = line.requested_qty if resolution == Resolution.KEEP_IT else line.received_qty
        qty = _count(parts[2], text) if len(parts) == 3 else basis - line.resolved_qty
        plan.append((line.id, resolution, qty))
    if not plan:
        raise UserFacingError(Message("Return {rma} has nothing left to resolve.", {"rma": detail.rma}))
    return plan


MAX_COUNT = 10_000_000


def count(text: str) -> int:
    """Return a whole number from 0 to ten million for --limit or --orders, or refuse it in one line."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= MAX_COUNT:
        raise argparse.ArgumentTypeError(
            _("{value} is not a number from 0 to {most}", value=text[:40], most=f"{MAX_COUNT:,}"))
    return value
