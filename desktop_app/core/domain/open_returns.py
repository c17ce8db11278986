"""What "open" means in every view: the queue filter, the status bar and every report use this one definition."""

from __future__ import annotations

from desktop_app.core.domain.lifecycle_state import Status
from desktop_app.core.i18n import N_

# A return is open while its outcome is not decided yet. Resolved returns (refunded, credited, exchanged or
# sent back, waiting only to be closed), closed, rejected and cancelled ones are not open; imported history
# never counts.
OPEN_RETURN_STATUSES: tuple[str, ...] = tuple(s.value for s in (
    Status.REQUESTED, Status.APPROVED, Status.PARTIALLY_RECEIVED, Status.RECEIVED, Status.INSPECTED))

# Overdue: open returns past their due date while the shop has to act (an approved return waits for the
# customer's parcel, so it is never overdue).
OVERDUE_RETURN_STATUSES: tuple[str, ...] = tuple(s for s in OPEN_RETURN_STATUSES if s != Status.APPROVED.value)

OPEN_MEANING = N_("Open returns are those whose outcome is not decided yet: requested, approved, partially "
                  "received, received or inspected. Resolved returns (only waiting to be closed), closed, "
                  "rejected, cancelled and imported ones are not open.")


def is_open(status: str) -> bool:
    """Return True when a return in this status counts as open."""
    return str(status) in OPEN_RETURN_STATUSES
