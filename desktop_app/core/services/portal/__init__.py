"""The customers' portal use cases: find an order, judge and send a request, follow a return."""

from __future__ import annotations

from desktop_app.core.services.portal.access import (
    OrderAccess,
    OrderNotFound,
    TooManyLookups,
    find_order_for_customer,
)
from desktop_app.core.services.portal.actor import portal_actor
from desktop_app.core.services.portal.order import (
    Choice,
    PortalLine,
    PortalOrder,
    Verdict,
    customer_order,
    judge_choices,
)
from desktop_app.core.services.portal.status import CustomerStatus, TimelineEntry, customer_status
from desktop_app.core.services.portal.submit import sent_with_key, submit_request
from desktop_app.core.services.portal.uploads import MAX_FILE_BYTES, MAX_FILES, Upload, check_uploads

__all__ = [
    "MAX_FILES",
    "MAX_FILE_BYTES",
    "Choice",
    "CustomerStatus",
    "OrderAccess",
    "OrderNotFound",
    "PortalLine",
    "PortalOrder",
    "TimelineEntry",
    "TooManyLookups",
    "Upload",
    "Verdict",
    "check_uploads",
    "customer_order",
    "customer_status",
    "find_order_for_customer",
    "judge_choices",
    "portal_actor",
    "sent_with_key",
    "submit_request",
]
