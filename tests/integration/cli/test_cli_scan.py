"""The packing bench receives by whatever it scans: an RMA, a tracking number or a return kit's code."""

from __future__ import annotations

from desktop_app.core.documents.scan import kit_qr_payload


def _waiting_alone(bench) -> tuple[str, str]:
    """Return (rma, order number) of an approved return that is its order's only one waiting for a parcel."""
    for row in bench.read("returns", "list", "--status", "approved", "--json").json():
        order = bench.read("orders", "show", row["order"], "--json").json()
        waiting = [r for r in order["returns"] if r["status"] in ("approved", "partially_received")]
        if len(waiting) == 1:
            return row["rma"], row["order"]
    raise AssertionError("the demo shop has no approved return alone on its order")


def test_receive_by_a_return_kit_code_receives_that_orders_waiting_return(bench):
    rma, order = _waiting_alone(bench)
    result = bench.clerk("returns", "receive", kit_qr_payload(order))
    assert result.code == 0, result.err
    assert result.out.strip() == f"{rma} is now received."
    data = bench.read("returns", "show", rma, "--json").json()
    assert data["status"] == "received"
    assert all(line["received"] == line["requested"] for line in data["lines"])


def test_receive_by_a_kit_code_without_a_waiting_return_names_the_order_and_changes_nothing(bench):
    orders = [bench.read("orders", "show", row["order"], "--json").json()
              for row in bench.read("returns", "list", "--status", "requested", "--json").json()]
    order = next(o["number"] for o in orders
                 if not any(r["status"] in ("approved", "partially_received") for r in o["returns"]))
    before = bench.read("returns", "list", "--json").out
    result = bench.clerk("returns", "receive", f"RDKIT:{order}")
    assert result.code == 1 and result.out == ""
    assert result.err.strip() == f"Order {order} has no return waiting for a parcel. Create its return first."
    assert bench.read("returns", "list", "--json").out == before


def test_receive_an_unknown_rma_says_there_is_no_such_return(bench):
    result = bench.clerk("returns", "receive", "r-999999")
    assert (result.code, result.err.strip()) == (1, "There is no return R-999999.")
