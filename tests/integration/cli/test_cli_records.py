"""`returns search|note|attach|tracking|reverse-refund` and `create --comment` per line, run through main()."""

from __future__ import annotations

from decimal import Decimal


def _first(bench, status: str) -> dict:
    listed = bench.read("returns", "list", "--status", status, "--json")
    assert listed.code == 0, listed.err
    return listed.json()[0]


def _show(bench, rma: str) -> dict:
    return bench.read("returns", "show", rma, "--json").json()


def test_search_finds_returns_by_customer_and_by_rma_and_says_when_the_text_is_empty(bench):
    row = _first(bench, "approved")
    surname = row["customer"].split()[-1]
    found = bench.read("returns", "search", surname, "--json")
    assert found.code == 0, found.err
    assert row["rma"] in {r["rma"] for r in found.json()}
    assert all(surname.casefold() in r["customer"].casefold() or r["rma"] for r in found.json())
    assert [r["rma"] for r in bench.read("returns", "search", row["rma"], "--json").json()] == [row["rma"]]
    assert bench.read("returns", "search", "no such customer anywhere", "--json").json() == []
    empty = bench.read("returns", "search", "  ")
    assert empty.code == 1 and "Say what to search for" in empty.err


def test_every_listing_takes_limit_zero_for_all_and_a_limit_that_cuts(bench):
    everything = bench.read("returns", "list", "--limit", "0", "--json").json()
    default = bench.read("returns", "list", "--json").json()
    assert len(everything) == len(default) > 3  # no silent cap
    assert [r["rma"] for r in bench.read("returns", "list", "--limit", "3", "--json").json()] == \
        [r["rma"] for r in everything[:3]]
    assert len(bench.read("orders", "list", "--json").json()) == 60  # was capped at 100 by default
    assert len(bench.read("orders", "list", "--limit", "5", "--json").json()) == 5
    assert isinstance(bench.read("outbox", "list", "--limit", "0", "--json").json(), list)
    bad = bench.read("returns", "list", "--limit", "-1")
    assert bad.code == 64 and "-1 is not a number from 0 to" in bad.err


def test_note_goes_on_the_timeline_with_its_channel(bench):
    rma = _first(bench, "received")["rma"]
    result = bench.clerk("returns", "note", rma, "--channel", "phone", "--text", "Customer calls back Monday")
    assert (result.code, result.out.strip()) == (0, f"Noted on {rma}.")
    last = _show(bench, rma)["events"][-1]
    assert (last["kind"], last["note"], last["by"]) == ("note", "Customer calls back Monday", "Clerk")
    wrong = bench.clerk("returns", "note", rma, "--channel", "fax", "--text", "x")
    assert wrong.code == 1 and "phone, chat, email, note" in wrong.err


def test_attach_stores_the_file_and_an_unreadable_file_is_one_sentence(bench, tmp_path):
    rma = _first(bench, "received")["rma"]
    photo = tmp_path / "box.jpg"
    photo.write_bytes(b"\xff\xd8\xff photo of the box")
    result = bench.clerk("returns", "attach", rma, str(photo), "--kind", "photo")
    assert (result.code, result.out.strip()) == (0, f"Attached box.jpg to {rma}.")
    assert _show(bench, rma)["events"][-1]["kind"] == "file_attached"
    missing = bench.clerk("returns", "attach", rma, str(tmp_path / "nope.pdf"))
    assert missing.code == 1 and f"{tmp_path / 'nope.pdf'} could not be read" in missing.err


def test_tracking_is_recorded_normalised_and_the_return_is_then_found_by_it(bench):
    rma = _first(bench, "approved")["rma"]
    result = bench.clerk("returns", "tracking", rma, "jjd 0001 2345", "--carrier", "DHL")
    assert (result.code, result.out.strip()) == (0, f"{rma} is tracked as JJD00012345.")
    data = _show(bench, rma)
    assert (data["tracking_number"], data["carrier"]) == ("JJD00012345", "DHL")
    assert [r["rma"] for r in bench.read("returns", "search", "JJD00012345", "--json").json()] == [rma]


def test_create_takes_one_comment_per_line_and_names_the_sku_it_does_not_know(bench):
    orders = (bench.read("orders", "show", o["number"], "--json").json()
              for o in bench.read("orders", "list", "--json").json() if not o["returns"])
    order = next(o for o in orders if len({ln["sku"] for ln in o["lines"]}) >= 2)
    args = ["returns", "create", "--order", order["number"], "--goodwill", "a loyal customer"]
    for line in order["lines"][:2]:
        args += ["--line", f"{line['sku']}:1:changed_mind"]
    created = bench.owner(*args, "--comment", "first one", "--comment", "second one")
    assert created.code == 0, created.err
    rma = created.out.split()[2]
    assert [ln["comment"] for ln in _show(bench, rma)["lines"]] == ["first one", "second one"]
    three = bench.owner(*args, "--comment", "a", "--comment", "b", "--comment", "c")
    assert three.code == 1 and "there are 2 lines and 3 comments" in three.err
    unknown = bench.clerk("returns", "create", "--order", order["number"], "--line", "NO-SUCH-SKU:1:changed_mind")
    assert unknown.code == 1 and "has no line NO-SUCH-SKU" in unknown.err


def test_the_owner_reverses_a_refund_by_sku_and_a_clerk_may_not(bench):
    listed = bench.read("returns", "list", "--status", "inspected", "--json").json()
    rma = next(r["rma"] for r in listed if r["items"] == 1)  # one line: its reversal undoes every refund
    resolved = bench.owner("returns", "resolve", rma, "--all", "refund", "--goodwill", "test refund")
    assert resolved.code == 0, resolved.err
    data = _show(bench, rma)
    paid = [ln for ln in data["lines"] if ln["refunded"] > 0]
    assert paid and data["refunds"]
    rma, sku = data["rma"], paid[0]["sku"]
    refused = bench.clerk("returns", "reverse-refund", rma, "--line", sku, "--reason", "paid twice")
    assert (refused.code, refused.err.strip()) == (1, "Only the owner can reverse a refund.")
    done = bench.owner("returns", "reverse-refund", rma, "--line", sku, "--reason", "paid twice")
    assert done.code == 0, done.err
    after = _show(bench, rma)
    assert next(ln for ln in after["lines"] if ln["sku"] == sku)["refunded"] == 0
    assert sum(Decimal(r["amount"]["amount"]) for r in after["refunds"]
               if r["amount"] and r["method"] != "store_credit") == 0
    wrong = bench.owner("returns", "reverse-refund", rma, "--line", "NOPE", "--reason", "x")
    assert wrong.code == 1 and f"Return {rma} has no line NOPE" in wrong.err


def test_a_refusal_from_the_rules_names_the_sku_not_an_internal_line_id(bench):
    rma = _first(bench, "approved")["rma"]
    sku = _show(bench, rma)["lines"][0]["sku"]
    before = _show(bench, rma)
    result = bench.clerk("returns", "receive", rma, "--line", f"{sku}:99")
    assert result.code == 1
    assert result.err.startswith(f"Line {sku}: 99 more units would exceed the ")
    assert _show(bench, rma) == before
