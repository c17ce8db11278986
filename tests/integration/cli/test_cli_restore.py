"""`returndesk restore`: the owner's, checked by the core service the window uses too."""

from __future__ import annotations


def test_a_clerk_cannot_restore_and_the_owner_can(file_bench, tmp_path):
    bench = file_bench
    backup = tmp_path / "before.db"
    assert bench.owner("backup", "--out", str(backup)).code == 0  # backups are the owner's
    approved = bench.read("returns", "list", "--status", "approved", "--json").json()[0]["rma"]
    assert bench.clerk("returns", "receive", approved).code == 0

    refused = bench.clerk("restore", str(backup))
    assert (refused.code, refused.err.strip()) == (1, "Only the owner can restore a backup.")
    assert bench.read("returns", "show", approved, "--json").json()["status"] == "received"

    restored = bench.owner("restore", str(backup))
    assert restored.code == 0, restored.err
    assert f"Restored the shop from {backup}." in restored.out
    assert bench.read("returns", "show", approved, "--json").json()["status"] == "approved"
