"""The benchmark's generated file imports completely (the timing itself is for `make bench`, not here)."""

from __future__ import annotations

import csv

from benchmarks.import_bench import bench_import, write_bench_file


def test_the_generated_bench_file_imports_every_line(tmp_path):
    write_bench_file(tmp_path / "b.csv", 3000)
    with (tmp_path / "b.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    orders = {r["Order"] for r in rows}
    returns = sum(1 for r in rows if int(r["Qty"]) < 0)
    result = bench_import(3000, folder=tmp_path)
    assert (result.lines, result.orders, result.returns) == (3000, len(orders), returns)
    assert returns > 0 and result.seconds > 0
