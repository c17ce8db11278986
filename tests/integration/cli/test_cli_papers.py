"""`instructions`, `credit-note` and `kit` write the window's papers as PDF files, run through main()."""

from __future__ import annotations

import subprocess
from pathlib import Path


def _text(pdf: Path) -> str:
    """Return the text of a PDF (poppler's pdftotext), so a test reads what a customer would."""
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_instructions_name_the_return_and_are_written_whole(bench, tmp_path):
    rma = bench.read("returns", "list", "--status", "approved", "--json").json()[0]["rma"]
    out = tmp_path / "instructions.pdf"
    result = bench.read("--lang", "en", "instructions", rma, "--out", str(out))
    assert (result.code, result.out.strip()) == (0, f"Wrote {out}."), result.err
    assert out.read_bytes().startswith(b"%PDF") and rma in _text(out)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("instructions")] == ["instructions.pdf"]
    again = bench.read("instructions", rma, "--out", str(out))
    assert again.code == 1 and "--force" in again.err  # an existing file is replaced only when asked


def test_a_credit_note_is_found_by_its_number_or_the_rma(bench, tmp_path):
    rma = bench.read("returns", "list", "--status", "inspected", "--json").json()[0]["rma"]
    assert bench.owner("returns", "resolve", rma, "--all", "refund", "--goodwill", "test").code == 0
    numbers = [r["credit_note"] for r in bench.read("returns", "show", rma, "--json").json()["refunds"]
               if r["credit_note"]]
    number, newest = numbers[0], numbers[-1]  # one per refunded line; the RMA names the newest
    by_number, by_rma = tmp_path / "by-number.pdf", tmp_path / "by-rma.pdf"
    assert bench.read("--lang", "en", "credit-note", number.lower(), "--out", str(by_number)).code == 0
    assert bench.read("--lang", "en", "credit-note", rma, "--out", str(by_rma)).code == 0
    assert number in _text(by_number) and rma in _text(by_number)
    assert newest in _text(by_rma)
    missing = bench.read("credit-note", "CN-1999-000001", "--out", str(tmp_path / "none.pdf"))
    assert (missing.code, missing.err.strip()) == (1, "There is no credit note CN-1999-000001.")
    assert not (tmp_path / "none.pdf").exists()


def test_a_kit_is_printed_for_an_order_and_an_unknown_order_is_named(bench, tmp_path):
    order = bench.read("orders", "list", "--limit", "1", "--json").json()[0]["number"]
    out = tmp_path / "kit.pdf"
    result = bench.read("--lang", "en", "kit", order, "--out", str(out), "--label-size", "a4")
    assert result.code == 0, result.err
    text = _text(out)
    assert order in text and text.count("\f") >= 2  # the label page, then the instructions
    missing = bench.read("kit", "NO-SUCH-ORDER", "--out", str(tmp_path / "x.pdf"))
    assert missing.code == 1 and "NO-SUCH-ORDER" in missing.err and "Traceback" not in missing.err
