"""A change made through the command queues the customer's message, as the window's does."""

from __future__ import annotations

from desktop_app.core.db.schema import open_database
from desktop_app.core.notify.outbox import list_outbox
from desktop_app.core.services import returns


def test_approving_through_the_command_queues_the_customers_message(bench):
    db = open_database(bench.path)
    try:
        ids = returns.return_ids(db, returns.ReturnFilter(status="requested"))
        rma = returns.summaries_by_ids(db, ids[:1])[0].rma
        assert list_outbox(db, rma=rma) == []

        result = bench.owner("returns", "approve", rma)

        assert result.code == 0, result.err
        assert [message.event for message in list_outbox(db, rma=rma)] == ["approved"]
    finally:
        db.dispose()
