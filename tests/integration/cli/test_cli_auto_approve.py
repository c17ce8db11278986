"""Auto-approve rules through the command: a policy file with [auto_approve], and the timeline names the rule."""

from __future__ import annotations


def _returnable_order(bench) -> dict:
    for summary in bench.read("orders", "list", "--limit", "50", "--json").json():
        if summary["returns"]:
            continue
        order = bench.read("orders", "show", summary["number"], "--json").json()
        if all(line["returned"] == 0 for line in order["lines"]):
            return order
    raise AssertionError("the demo shop has no order without returns")


def test_a_policy_file_sets_the_rules_and_a_request_is_approved_at_once(bench, tmp_path):
    rules = tmp_path / "auto.toml"
    rules.write_text('title = "Auto"\n[auto_approve]\nrefund_max = "10000"\nreasons = ["defective"]\n',
                     encoding="utf-8")
    assert bench.owner("policy", "import", str(rules)).code == 0
    assert bench.owner("policy", "publish").code == 0
    auto = bench.run("policy", "show", "--json").json()["rules"]["auto_approve"]
    assert auto == {"refund_max": "10000", "reasons": ["defective"], "keep_it_max": "0"}

    order = _returnable_order(bench)
    sku = order["lines"][0]["sku"]
    created = bench.clerk("returns", "create", "--order", order["number"], "--line", f"{sku}:1:defective")
    assert created.code == 0, created.err
    rma = created.out.split()[2]
    data = bench.read("returns", "show", rma, "--json").json()
    assert data["status"] == "approved"
    kinds = [(e["kind"], e["auto_rule"]) for e in data["events"]]
    assert kinds[:2] == [("created", None), ("approved", "refund_limit")]
    assert ("message_queued", None) in kinds  # the customer's approval message, as for a desk approval
    shown = bench.read("returns", "show", rma)
    assert "Approved at once by the auto-approve rule: small refunds for chosen reasons." in shown.out
