"""The command tells a clerk that a refund above their limit waits for the owner, and pays nothing."""

from __future__ import annotations


def test_a_clerks_refund_above_the_limit_is_asked_of_the_owner(bench):
    assert bench.owner("settings", "set", "clerk.refund_limit", "0.01").code == 0
    rma = bench.read("returns", "list", "--status", "received", "--json").json()[0]["rma"]
    result = bench.clerk("returns", "resolve", rma, "--all", "refund")
    assert result.code == 0, result.err
    assert "waits for the owner's approval" in result.out
    shown = bench.read("returns", "show", rma, "--json").json()
    assert shown["status"] == "received" and not shown["refunds"]
