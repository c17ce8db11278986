"""`make bench`: build (once, cached) shops of 10k, 100k and 1M returns, measure every figure against its
raw baseline in the same run, print a table and write benchmarks/results.json.

`make bench SIZES=1000000` measures one size; BENCH_ARGS: --sizes 10000,100000, --repeat N,
--skip queue,cli,report,labels,startup,import, --out FILE. Shops come from the cache folder (RETURNDESK_BENCH_CACHE,
default benchmarks/.cache); each size is measured on a private copy of the cached master.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import cli_bench, dataset, queue_bench, report_bench
from .timing import Figure, load

ROOT = Path(__file__).resolve().parent.parent
STARTUP_TARGET_S = 1.5
RSS_TARGET_MB = 250.0
IMPORT_TARGET = 30_000.0


def machine() -> dict[str, Any]:
    """Describe the machine the figures come from."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    with contextlib.suppress(OSError):
        mem = Path("/proc/meminfo").read_text().splitlines()[0].split(":", 1)[1].strip()
    import sqlite3

    return {"cpu": cpu, "cores": os.cpu_count(), "memory": mem, "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version, "system": platform.platform(), "load_before": os.getloadavg()}


def _import_figure(lines: int, repeat: int) -> Figure:
    """`returndesk import` of a real-shaped Shopify export, whole process, paired with csv + executemany."""
    from benchmarks.import_bench import TARGET_RATIO, run

    note = load()
    r = run(lines, repeat, folder=dataset.CACHE)
    met = r.lines_per_second >= IMPORT_TARGET and r.ratio <= TARGET_RATIO
    return Figure(None, f"`returndesk import` of a {lines:,}-line Shopify export (79 columns, BOM, CRLF, "
                  f"continuation rows; {r.orders:,} orders), whole process (CPU)", r.lines_per_second, "lines/s",
                  r.raw_lines_per_second, f">= {IMPORT_TARGET:,.0f} lines/s and <= {TARGET_RATIO}x raw", met,
                  r.lines_per_second, r.raw_lines_per_second,
                  note=f"median of {repeat} interleaved pairs (raw: csv + sqlite3 executemany of the same rows "
                  f"into the same empty shop); ratio = median pairwise CPU ratio; {note}", paired_ratio=r.ratio)


def _label_figure(path: Path, size: int, n: int) -> Figure:
    from benchmarks.label_bench import BATCH_TARGET_PER_SECOND, bench_labels

    r = bench_labels(path, n)
    return Figure(size, f"batch of {n} labels from the shop, end to end (the window's print path: read + draw, "
                  "4x6, QR + Code 128, the customers' scripts)", r.per_second, "labels/s", r.baseline_per_second,
                  f">= {BATCH_TARGET_PER_SECOND:.0f}/s", r.cpu_per_second >= BATCH_TARGET_PER_SECOND,
                  r.cpu_per_second, r.baseline_cpu_per_second,
                  f"{r.statements} SQL statements for the batch; baseline: the same rows read with one sqlite3 "
                  "query + a minimal ReportLab label, same QR and barcode, interleaved A B; met judged on CPU time",
                  paired_ratio=r.paired_ratio)


def _probe(module: str, path: Path, *extra: str) -> dict[str, Any]:
    """Run one start-up process to its end; return its JSON line (or {'failed': the end of its errors})."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # byte-compiled modules, as an installed app has them
    out = subprocess.run([sys.executable, "-m", module, str(path), *extra], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=900, check=False)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else {"failed": out.stderr[-300:]}


def _pin_check() -> float:
    """CPU seconds of one PIN hash with the app's scrypt parameters (every sign-in pays it)."""
    from desktop_app.core.services.auth import SCRYPT_N, SCRYPT_P, SCRYPT_R

    began = time.process_time()
    hashlib.scrypt(b"000000", salt=os.urandom(16), n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32,
                   maxmem=2 * 128 * SCRYPT_R * SCRYPT_N + 2**20)
    return time.process_time() - began


def _startup(path: Path, size: int, pairs: int = 3) -> list[Figure]:
    """Start the window in fresh processes: once to warm up, then `pairs` starts interleaved with the raw Qt
    baseline (A B A B), then once more scrolled end to end for the memory figure."""
    from desktop_app.core.demo.shop import OWNER_PIN

    probe, pin = "benchmarks.startup_probe", f"pin={OWNER_PIN}"
    # the first start of the day: its backup and checks run to the end, so the measured starts are second starts
    warm = _probe(probe, path, f"{time.time():.6f}", "noscroll", pin, "settle")
    if "failed" in warm:
        return [Figure(size, "start-up probe failed", 0, "", note=warm["failed"])]
    ours, raw = [], []
    for _ in range(pairs):
        ours.append(_probe(probe, path, f"{time.time():.6f}", "noscroll", pin))
        raw.append(_probe("benchmarks.startup_raw", path))
    result = _probe(probe, path, f"{time.time():.6f}", pin)
    failed = [r["failed"] for r in (*ours, *raw, result) if "failed" in r]
    if failed:
        return [Figure(size, "start-up probe failed", 0, "", note=failed[0])]
    cpu = statistics.median(r["cpu_to_data"] for r in ours)
    base = statistics.median(r["cpu_to_data"] for r in raw)
    ratio = statistics.median(a["cpu_to_data"] / max(b["cpu_to_data"], 1e-9) for a, b in zip(ours, raw, strict=True))
    wall = statistics.median(r["seconds_to_data"] for r in ours)
    window = statistics.median(r["cpu_sign_in_and_window"] for r in ours)
    return [
        Figure(size, f"second start (AppController.start, sign-in dialog) until the queue shows data "
               f"({ours[-1]['rows_open_filter']:,} open returns)", wall, "s", None, f"< {STARTUP_TARGET_S} s",
               cpu < STARTUP_TARGET_S, cpu, base,
               note=f"median of {pairs} starts after a warm one, interleaved with the raw baseline (a fresh "
               f"Python + Qt showing the same first rows read with sqlite3); process CPU {cpu:.2f} s to data "
               f"(met judged on CPU; wall {wall:.1f} s carries the machine's load); of it {window:.2f} s from "
               f"pressing Sign in to the window built, {_pin_check():.2f} s of which is the PIN check alone "
               f"(scrypt, one hash with the app's parameters; the baseline has none); the queue loaded "
               f"{max(r['queue_loads'] for r in ours)} time(s)", paired_ratio=ratio),
        Figure(size, f"resident memory, queue on all {result['rows_all']:,} returns, scrolled end to end",
               result["rss_mb"], "MiB", None, f"< {RSS_TARGET_MB:.0f} MB", result["rss_mb"] < RSS_TARGET_MB,
               note=f"peak {result['max_rss_mb']:.0f} MiB; {result['pages_loaded']} pages of 200 loaded"),
    ]


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit in ("lines/s", "labels/s"):
        return f"{value:,.0f}"
    return f"{value:,.1f}" if value < 1000 else f"{value:,.0f}"


def table(figures: list[Figure]) -> str:
    """Render the figures as a Markdown table."""
    out = ["| size | figure | value | baseline | ratio (median of pairs, CPU) | CPU (value / baseline) | target | met "
           "| note |",
           "|---|---|---|---|---|---|---|---|---|"]
    for f in figures:
        ratio = f"{f.ratio:.2f}x" if f.ratio is not None else "-"
        cpu = f"{_fmt(f.cpu, f.unit)} / {_fmt(f.baseline_cpu, f.unit)}" if f.cpu is not None else "-"
        met = {True: "yes", False: "**no**", None: ""}[f.met]
        size = f"{f.size:,}" if f.size else "-"
        out.append(f"| {size} | {f.name} | {_fmt(f.value, f.unit)} {f.unit} | {_fmt(f.baseline, f.unit)} | {ratio} "
                   f"| {cpu} | {f.target} | {met} | {f.note} |")
    return "\n".join(out)


def _measure(path: Path, size: int, sizes: list[int], skip: set[str], repeat: int,
             say: Callable[[str], None]) -> list[Figure]:
    """The figures of one shop size, measured on a working copy."""
    one, five, _fifteen = os.getloadavg()
    figures = [Figure(size, "machine load when this size started (1-minute average; 2 cores)", one, "",
                      note=f"5-minute average {five:.1f}; figures are CPU time of our process, and ratios "
                      "pair each run with its baseline run, so load changes touch both sides")]
    if "queue" not in skip:
        say(f"{size:,}: queue, search, counts ({load()})")
        figures += queue_bench.run(path, size, repeat)
    if "cli" not in skip:
        say(f"{size:,}: read commands as whole processes ({load()})")
        figures += cli_bench.run(path, size, repeat)
    if "report" not in skip:
        say(f"{size:,}: monthly report ({load()})")
        figures += report_bench.run(path, size, 2 if size >= 1_000_000 else max(3, repeat // 2))
    if "labels" not in skip and size == min(sizes):  # on the same working copy (no second copy of the shop)
        say(f"{size:,}: labels ({load()})")
        figures.append(_label_figure(path, size, 500))
    if "startup" not in skip and (size >= 100_000 or size == max(sizes)):
        say(f"{size:,}: start-up and memory ({load()})")
        figures += _startup(path, size)
    return figures


def main(argv: list[str] | None = None) -> int:
    """Build the shops, measure, print the table, write the JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run")
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--skip", default="")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results.json"))
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    skip = set(args.skip.split(","))
    began, cpu_began = time.perf_counter(), time.process_time()
    info = machine()
    figures: list[Figure] = []
    builds: dict[int, Any] = {}

    def say(text: str) -> None:
        print(f"[{time.perf_counter() - began:6.0f} s] {text}", flush=True)

    for size in sizes:
        _master, built = dataset.ensure(size, progress=lambda m, size=size: say(f"{size:,}: {m}"))
        if built:
            builds[size] = built
            figures.append(Figure(size, "build the shop file (once, cached)", built["seconds"], "s",
                                  note=f"{sum(built['rows'].values()):,} rows"))
        with tempfile.TemporaryDirectory(dir=dataset.CACHE, prefix="run-") as work:
            path = dataset.working_copy(size, Path(work))  # the app writes to what it opens; the master stays
            figures += _measure(path, size, sizes, skip, args.repeat, say)
    if "import" not in skip:
        say("import")
        figures.append(_import_figure(100_000, min(args.repeat, 3)))
    info["load_after"] = os.getloadavg()
    info["bench_seconds"] = time.perf_counter() - began
    info["bench_cpu_seconds"] = time.process_time() - cpu_began
    print()
    print(table(figures))
    print(f"\n{info}")
    Path(args.out).write_text(json.dumps({"machine": info, "builds": builds,
                                          "figures": [f.as_dict() for f in figures]}, indent=1, default=str))
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
