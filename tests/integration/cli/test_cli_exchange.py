"""`returns exchange-quote`, `resolve --exchange-sku` and `exchange-paid|exchange-waive` through the command."""

from __future__ import annotations

from decimal import Decimal


def _received_line(bench):
    """Return (rma, sku, qty, quote) for a received line and a dearer replacement in stock."""
    for item in bench.read("returns", "list", "--status", "received", "--json").json():
        shown = bench.read("returns", "show", item["rma"], "--json").json()
        line = next((ln for ln in shown["lines"] if ln["received"] > 0 and ln["resolved"] == 0), None)
        if line is None:
            continue
        quoted = bench.read("returns", "exchange-quote", item["rma"], "--line", f"{line['sku']}:1", "--json")
        if quoted.code != 0:
            continue
        dearer = [q for q in quoted.json() if Decimal(q["customer_pays"]["amount"]) > 0 and q["stock"] > 0]
        if dearer:
            return item["rma"], line["sku"], dearer[0]
    raise AssertionError("the demo has no received line to exchange")


def test_a_dearer_exchange_waits_for_the_payment(bench):
    rma, sku, quote = _received_line(bench)
    table = bench.read("returns", "exchange-quote", rma, "--line", f"{sku}:1", "--sku", quote["sku"])
    assert table.code == 0 and quote["customer_pays"]["amount"] in table.out

    done = bench.clerk("returns", "resolve", rma, "--line", f"{sku}:exchange:1", "--exchange-sku", quote["sku"])
    assert done.code == 0, done.err
    shown = bench.read("returns", "show", rma, "--json").json()
    (exchange,) = shown["exchanges"]
    assert exchange["status"] == "payment_due" and not exchange["ships"]
    assert exchange["difference"] == quote["customer_pays"]
    assert "waiting for the customer's payment" in bench.read("returns", "show", rma).out

    refused = bench.clerk("returns", "close", rma)
    assert refused.code == 1 and "still owes" in refused.err and "Traceback" not in refused.err
    refused = bench.clerk("returns", "exchange-waive", rma)
    assert refused.code == 1 and "owner" in refused.err

    paid = bench.clerk("returns", "exchange-paid", rma, "--reference", "bank 4711")
    assert paid.code == 0 and "may ship now" in paid.out, paid.err
    shown = bench.read("returns", "show", rma, "--json").json()
    assert shown["exchanges"][0]["status"] == "paid" and shown["exchanges"][0]["payment_reference"] == "bank 4711"
    assert bench.clerk("returns", "close", rma).code == 0


def test_the_owner_waives(bench):
    rma, sku, quote = _received_line(bench)
    assert bench.clerk("returns", "resolve", rma, "--line", f"{sku}:exchange:1",
                       "--exchange-sku", quote["sku"]).code == 0
    waived = bench.owner("returns", "exchange-waive", rma, "--note", "loyal customer")
    assert waived.code == 0, waived.err
    assert bench.read("returns", "show", rma, "--json").json()["exchanges"][0]["status"] == "waived"
    again = bench.owner("returns", "exchange-paid", rma, "--reference", "x")
    assert again.code == 1 and "0 exchanges waiting" in again.err
