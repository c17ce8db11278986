"""The returns services in one place: create, lifecycle verbs, money, exchanges, views and the queue."""

from __future__ import annotations

from desktop_app.core.services.base import ReturnEventHook
from desktop_app.core.services.returns.create import AlreadyRequested, create_return
from desktop_app.core.services.returns.detail import allowed_for, attachment_content, find_by_code, get_return
from desktop_app.core.services.returns.draft import DraftVerdict, LineVerdict, judge_draft
from desktop_app.core.services.returns.exchange import (
    ExchangeChoice,
    ExchangeQuote,
    exchange_choices,
    exchange_options,
    price_exchange,
    quote_exchange,
    settle_exchange,
)
from desktop_app.core.services.returns.lifecycle import (
    add_note,
    approve,
    attach_file,
    cancel,
    close,
    inspect,
    receive,
    record_unexpected_item,
    reject,
    reopen,
    reverse_receipt,
    set_tracking,
)
from desktop_app.core.services.returns.money import goodwill_refund, reverse_refund
from desktop_app.core.services.returns.numbering import format_rma
from desktop_app.core.services.returns.queue import (
    count_returns,
    list_returns,
    queue_marker,
    return_ids,
    status_counts,
    summaries_by_ids,
)
from desktop_app.core.services.returns.resolve import (
    approve_refund_request,
    decline_refund_request,
    resolve_line,
    resolve_lines,
)
from desktop_app.core.services.returns.scan import ScanNotFound, find_scanned
from desktop_app.core.services.returns.views import (
    AttachmentInfo,
    EventView,
    ExchangeView,
    LineRequest,
    OwnerRequestView,
    RefundView,
    ReturnDetail,
    ReturnFilter,
    ReturnLineView,
    ReturnSummary,
)

__all__ = [
    "AlreadyRequested",
    "AttachmentInfo",
    "DraftVerdict",
    "EventView",
    "ExchangeChoice",
    "ExchangeQuote",
    "ExchangeView",
    "LineRequest",
    "LineVerdict",
    "OwnerRequestView",
    "RefundView",
    "ReturnDetail",
    "ReturnEventHook",
    "ReturnFilter",
    "ReturnLineView",
    "ReturnSummary",
    "ScanNotFound",
    "add_note",
    "allowed_for",
    "approve",
    "approve_refund_request",
    "attach_file",
    "attachment_content",
    "cancel",
    "close",
    "count_returns",
    "create_return",
    "decline_refund_request",
    "exchange_choices",
    "exchange_options",
    "find_by_code",
    "find_scanned",
    "format_rma",
    "get_return",
    "goodwill_refund",
    "inspect",
    "judge_draft",
    "list_returns",
    "price_exchange",
    "queue_marker",
    "quote_exchange",
    "receive",
    "record_unexpected_item",
    "reject",
    "reopen",
    "resolve_line",
    "resolve_lines",
    "return_ids",
    "reverse_receipt",
    "reverse_refund",
    "set_tracking",
    "settle_exchange",
    "status_counts",
    "summaries_by_ids",
]
