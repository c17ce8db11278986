"""The command tells a clerk that a refund above their limit waits for the owner, and pays nothing."""

from __future__ import annotations

from decimal import Decimal


def test_a_clerks_refund_above_the_limit_is_asked_of_the_owner(bench):
    assert bench.owner("settings", "set", "clerk.refund_limit", "0.01").code == 0
    rma = bench.read("returns", "list", "--status", "received", "--json").json()[0]["rma"]
    result = bench.clerk("returns", "resolve", rma, "--all", "refund")
    assert result.code == 0, result.err
    assert "waits for the owner's approval" in result.out
    shown = bench.read("returns", "show", rma, "--json").json()
    assert shown["status"] == "received" and not shown["refunds"]


def _cheaper_exchange(bench):
    """Return (rma, sku, quote) for a received line and a cheaper replacement in stock."""
    for item in bench.read("returns", "list", "--status", "received", "--json").json():
        shown = bench.read("returns", "show", item["rma"], "--json").json()
        line = next((ln for ln in shown["lines"] if ln["received"] > 0 and ln["resolved"] == 0), None)
        if line is None:
            continue
        quoted = bench.read("returns", "exchange-quote", item["rma"], "--line", f"{line['sku']}:1", "--json")
        cheaper = [q for q in quoted.json() if q["stock"] > 0 and Decimal(q["paid_back"]["amount"]) > 0] \
            if quoted.code == 0 else []
        if cheaper:
            return item["rma"], line["sku"], cheaper[0]
    raise AssertionError("the demo has no received line with a cheaper replacement")


def test_a_clerks_exchange_whose_rest_is_above_the_limit_is_asked_of_the_owner(bench):
    assert bench.owner("settings", "set", "clerk.refund_limit", "0.01").code == 0
    rma, sku, quote = _cheaper_exchange(bench)
    result = bench.clerk("returns", "resolve", rma, "--line", f"{sku}:exchange:1", "--exchange-sku", quote["sku"])
    assert result.code == 0, result.err
    assert "waits for the owner's approval" in result.out
    shown = bench.read("returns", "show", rma, "--json").json()
    assert shown["status"] == "received" and not shown["exchanges"] and not shown["refunds"]
    approved = bench.owner("returns", "approve-request", rma)
    assert approved.code == 0, approved.err
    shown = bench.read("returns", "show", rma, "--json").json()
    assert [e["sku"] for e in shown["exchanges"]] == [quote["sku"]]
    assert shown["refunds"][0]["amount"] == quote["paid_back"]
