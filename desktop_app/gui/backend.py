"""The signed-in desk: the open database, the acting user, the background runner and the service calls.

Widgets receive a `Desk` and call its methods with plain values; each call is one service use case with
its own session, and what comes back is a frozen dataclass. This is the one module that names the
returns services, so their exact signatures are adapted here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from desktop_app.core.db.engine import Database
from desktop_app.core.db.interrupt import ReadStopped, stop_when
from desktop_app.core.domain.open_returns import OPEN_RETURN_STATUSES
from desktop_app.core.notify.outbox import OutboxEntry, list_outbox, outbox_counts
from desktop_app.core.notify.sender import MailNotConfigured, load_smtp_config
from desktop_app.core.services import returns as svc
from desktop_app.core.services.base import CurrentUser, ReturnEventHook, ServiceContext
from desktop_app.core.services.deliveries import set_delivered
from desktop_app.core.services.orders import OrderDetail
from desktop_app.core.services.returns import DraftVerdict, LineRequest, ReturnDetail, ReturnSummary
from desktop_app.core.services.settings import get_settings
from desktop_app.gui.workers import Cancelled, Runner, SyncRunner

# The queue's "Open" filter: everything still being worked on (resolved ones wait to be closed).
OPEN = OPEN_RETURN_STATUSES  # the one definition of "open" (reports use it too)


def _never() -> bool:
    return False


@dataclass
class Desk:
    """One signed-in desk: database, user and runner; the window's only way to the services."""

    db: Database
    user: CurrentUser
    runner: Runner = field(default_factory=SyncRunner)
    on_return_event: tuple[ReturnEventHook, ...] = ()  # the window passes the customer-message hook
    searches: Runner | None = None  # the queue's searches and filters run here (None: on `runner`)

    @property
    def search_runner(self) -> Runner:
        """The worker of the queue's loads: its own thread in the window, so no search holds up other work."""
        return self.searches or self.runner

    @property
    def ctx(self) -> ServiceContext:
        """Return the service context of the signed-in user."""
        return ServiceContext(self.db, self.user, self.on_return_event)

    def shop_zone(self) -> str:
        """Return the shop's time zone name (dates in the window are the shop's dates)."""
        return get_settings(self.db).shop_timezone

    def shop_place(self) -> tuple[str, str]:
        """Return the shop's time zone and country: the window shows dates and money in that country's form."""
        shop = get_settings(self.db)
        return shop.shop_timezone, shop.shop_country

    def with_user(self, user: CurrentUser) -> Desk:
        """Return the same desk for another (or refreshed) user."""
        return replace(self, user=user)

    # -- the queue ---------------------------------------------------------------------------------
    def return_ids(self, status: str | None, search: str, overdue_only: bool, sort: str,
                   channel: str | None = None, stop: Callable[[], bool] | None = None) -> list[int]:
        """Return the ids of the queue's returns for a filter (and one channel, e.g. portal), in order.

        `stop`: asked while SQLite reads; once it says yes the read is abandoned and Cancelled is raised.
        """
        imported = status == "imported"  # the historical returns imports added, not the working queue
        waiting = status == "owner"  # refunds above a clerk's limit, waiting for the owner
        wanted: str | tuple[str, ...] | None = (
            OPEN if status == "open" else (None if imported or waiting else status or None))
        flt = svc.ReturnFilter(status=wanted, search=search.strip() or None, overdue_only=overdue_only,
                               sort=sort, imported=imported, owner_waiting=waiting, channel=channel or None)
        try:
            with stop_when(stop or _never):
                return list(svc.return_ids(self.db, flt))
        except ReadStopped:
            raise Cancelled() from None

    def queue_marker(self) -> tuple[int, int]:
        """Return the cheap marker that changes when any desk or the portal creates or changes a return."""
        return svc.queue_marker(self.db)

    def summaries(self, ids: Sequence[int]) -> list[ReturnSummary]:
        """Return queue rows for some ids."""
        return list(svc.summaries_by_ids(self.db, list(ids)))

    def status_counts(self) -> dict[str, int]:
        """Return returns per status plus open, all, overdue, imported, owner (refunds waiting), portal_waiting."""
        counts = dict(svc.status_counts(self.db))
        counts["open"] = sum(n for s, n in counts.items() if s in OPEN)
        counts["all"] = sum(n for s, n in counts.items() if s not in ("open",))
        counts["overdue"] = svc.count_returns(self.db, svc.ReturnFilter(overdue_only=True))
        counts["imported"] = svc.count_returns(self.db, svc.ReturnFilter(imported=True))
        counts["owner"] = svc.count_returns(self.db, svc.ReturnFilter(owner_waiting=True))
        counts["portal_waiting"] = svc.count_returns(self.db, svc.ReturnFilter(status="requested", channel="portal"))
        return counts

    # -- one return --------------------------------------------------------------------------------
    def get_return(self, rma: str) -> ReturnDetail:
        """Return everything about one return with the actions this user may take."""
        return svc.get_return(self.db, rma, self.user.role)

    def find_by_code(self, code: str) -> ReturnDetail | None:
        """Return the return a scanned RMA, URL, tracking number or return kit names, or None.

        A return kit names an order: its one return still waiting for the parcel opens; with none (or
        several) the scan is unknown and the window offers to find the order.
        """
        try:
            return svc.find_scanned(self.db, code, self.user.role)
        except svc.ScanNotFound:
            return None

    def judge_draft(self, order_number: str, order_channel: str | None, lines: Sequence[LineRequest],
                    resolution: str | None) -> DraftVerdict:
        """Return the policy's live verdict on a draft return, as creating it would judge it."""
        return svc.judge_draft(self.ctx, order_number, lines, resolution, order_channel=order_channel)

    def approve(self, rma: str, version: int | None) -> ReturnDetail:
        """Approve a requested return."""
        return svc.approve(self.ctx, rma, expected_version=version)

    def approve_many(self, rmas: Sequence[str]) -> list[ReturnDetail]:
        """Approve several returns, one transaction each; stop at the first refusal."""
        return [self.approve(rma, None) for rma in rmas]

    def receive(self, rma: str, receipts: Mapping[int, tuple[int, int]], version: int | None) -> ReturnDetail:
        """Record arriving units: line id -> (quantity, of which damaged)."""
        return svc.receive(self.ctx, rma, dict(receipts), expected_version=version)

    def inspect(self, rma: str, findings: Mapping[int, tuple[str, int, bool]],
                version: int | None) -> ReturnDetail:
        """Record the inspection: line id -> (condition, damaged units, passed)."""
        return svc.inspect(self.ctx, rma, dict(findings), expected_version=version)

    def resolve_line(self, rma: str, line_id: int, resolution: str, qty: int, version: int | None,
                     reference: str = "") -> ReturnDetail:
        """Resolve units of one line (refund, store credit, exchange, repair, keep it, send back)."""
        return svc.resolve_line(self.ctx, rma, line_id, resolution, qty,
                                       external_reference=reference, expected_version=version)

    def resolve_lines(self, rma: str, plan: list[tuple[int, str, int, str, str]], version: int | None) -> ReturnDetail:
        """Resolve several lines (id, resolution, units, reference, exchange SKU) as one change with one message."""
        return svc.resolve_lines(self.ctx, rma, plan, expected_version=version)

    def approve_request(self, rma: str, version: int | None) -> ReturnDetail:
        """Owner: pay the refund a clerk asked for above their limit."""
        return svc.approve_refund_request(self.ctx, rma, expected_version=version)

    def decline_request(self, rma: str, note: str, version: int | None) -> ReturnDetail:
        """Owner: turn down a clerk's waiting refund; the lines stay open."""
        return svc.decline_refund_request(self.ctx, rma, note, expected_version=version)

    def exchange_options(self, detail: ReturnDetail) -> dict[int, tuple[svc.ExchangeQuote, ...]]:
        """Return, per open line of a return, the replacements in stock priced against that line (read-only)."""
        return svc.exchange_options(self.db, detail.rma)

    def settle_exchange(self, rma: str, exchange_id: int, reference: str, waive: bool,
                        version: int | None) -> ReturnDetail:
        """Record the payment of an exchange's difference with its reference, or waive it (the owner)."""
        return svc.settle_exchange(self.ctx, rma, exchange_id, reference=reference, waive=waive,
                                   note=reference if waive else "", expected_version=version)

    def set_delivered(self, number: str, day: str, channel: str | None = None) -> OrderDetail:
        """Record the day an order reached the customer; the return window may count from it."""
        return set_delivered(self.ctx, number, day, channel)

    def reject(self, rma: str, note: str, version: int | None) -> ReturnDetail:
        """Reject a return with a reason."""
        return svc.reject(self.ctx, rma, note, expected_version=version)

    def close(self, rma: str, note: str | None, version: int | None) -> ReturnDetail:
        """Close a resolved return (the owner may close an open one with a note)."""
        return svc.close(self.ctx, rma, note, expected_version=version)

    def add_note(self, rma: str, channel: str, text: str, version: int | None) -> ReturnDetail:
        """Put a call, chat, e-mail or plain note on the timeline."""
        return svc.add_note(self.ctx, rma, channel, text, expected_version=version)

    def attach_file(self, rma: str, path: str, version: int | None) -> ReturnDetail:
        """Attach a photo or file read from disk (a photo when it is an image)."""
        file = Path(path)
        kind = "photo" if file.suffix.lower() in (".jpg", ".jpeg", ".png", ".heic", ".webp") else "file"
        return svc.attach_file(self.ctx, rma, file.name, file.read_bytes(), kind=kind,
                                      expected_version=version)

    def mail_waiting(self) -> int:
        """Return how many customer messages wait because no mail server is set up (0 when one is)."""
        try:
            load_smtp_config(self.db)
        except MailNotConfigured:
            return outbox_counts(self.db).get("queued", 0)
        return 0

    def messages(self, rma: str) -> list[OutboxEntry]:
        """Return the customer messages of a return (sent, waiting or failed) for its timeline."""
        return list(list_outbox(self.db, rma=rma))
