"""The import figure: `returndesk import FILE --profile shopify` as a user runs it (a fresh process, signed in)
on a generated Shopify export shaped like the real one, interleaved with the raw baseline (a fresh process
reading the same file with csv and writing the same rows with sqlite3 executemany), each into a fresh copy
of the same empty shop. CPU time of each process (user + system); A B A B ..., median of the pairwise ratios.
"""

from __future__ import annotations

import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from benchmarks.shopify_file import write_shopify_file

ROOT = Path(__file__).resolve().parent.parent
TARGET_LINES_PER_S = 30_000.0
TARGET_RATIO = 1.5
PIN = "246810"


@dataclass(frozen=True)
class ImportRun:
    """CPU seconds of the command and of the raw baseline, pair by pair, for one file."""

    rows: int
    orders: int
    ours: tuple[float, ...]
    raw: tuple[float, ...]
    database: str = "SQLite"

    @property
    def lines_per_second(self) -> float:
        """Return the command's throughput over its median CPU time."""
        return self.rows / statistics.median(self.ours)

    @property
    def raw_lines_per_second(self) -> float:
        """Return the baseline's throughput over its median CPU time."""
        return self.rows / statistics.median(self.raw) if self.raw else 0.0

    @property
    def ratio(self) -> float:
        """Return the median of the pairwise CPU ratios (command / baseline)."""
        return statistics.median(a / max(b, 1e-6) for a, b in zip(self.ours, self.raw, strict=True))


def _cpu_of(argv: Sequence[str], env: dict[str, str]) -> float:
    """Run one process to its end and return its CPU seconds (user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(list(argv), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          check=False, timeout=1800)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed: {done.stderr.decode(errors='replace')[-400:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # an installed app has .pyc
    env.update(PYTHONPATH=str(ROOT), RETURNDESK_USER="owner", RETURNDESK_PIN=PIN)
    return env


def empty_shop(target: Path | str, env: dict[str, str]) -> None:
    """Create an empty shop (a file or a server URL) with the command (owner 'owner', the bench PIN)."""
    _cpu_of([sys.executable, "-m", "desktop_app", "--db", str(target), "init", "--shop-name", "Bench",
             "--currency", "AUD", "--country", "AU", "--time-zone", "Australia/Sydney", "--owner", "owner",
             "--pin", PIN], env)


def _orders_in(path: Path) -> int:
    with closing(sqlite3.connect(path)) as c:
        return int(c.execute("SELECT count(*) FROM orders").fetchone()[0])


def run(rows: int = 100_000, repeat: int = 3, folder: Path | None = None) -> ImportRun:
    """Import a generated `rows`-line Shopify export `repeat` times, each run paired with the raw baseline."""
    env = _env()
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as temp:
        here = Path(temp)
        data, template = here / "orders_export.csv", here / "empty.sqlite3"
        orders = write_shopify_file(data, rows)
        empty_shop(template, env)
        ours, raw = [], []
        for round_ in range(repeat + 1):  # round 0 warms the OS cache and compiled files, unrecorded
            shop, base = here / "shop.sqlite3", here / "raw.sqlite3"
            for leftover in here.glob("*.sqlite3-*"):
                leftover.unlink()
            shutil.copyfile(template, shop)
            shutil.copyfile(template, base)
            a = _cpu_of([sys.executable, "-m", "desktop_app", "--db", str(shop), "import", str(data),
                         "--profile", "shopify"], env)
            b = _cpu_of([sys.executable, "-m", "benchmarks.import_raw", str(data), str(base)], env)
            if _orders_in(shop) != orders or _orders_in(base) != orders:
                raise RuntimeError("the import or its baseline did not write every order")
            if round_:
                ours.append(a)
                raw.append(b)
    return ImportRun(rows, orders, tuple(ours), tuple(raw))


def run_postgres(url: str, rows: int = 100_000, folder: Path | None = None) -> ImportRun:
    """Import the same generated file once into an empty shop on a PostgreSQL server (no raw baseline)."""
    env = _env()
    with tempfile.TemporaryDirectory(dir=folder) as temp:
        data = Path(temp) / "orders_export.csv"
        orders = write_shopify_file(data, rows)
        empty_shop(url, env)
        cpu = _cpu_of([sys.executable, "-m", "desktop_app", "--db", url, "import", str(data), "--profile",
                       "shopify"], env)
    return ImportRun(rows, orders, (cpu,), (), "PostgreSQL")


if __name__ == "__main__":  # python -m benchmarks.import_bench [ROWS] [REPEAT]
    outcome = run(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000, int(sys.argv[2]) if len(sys.argv) > 2 else 3)
    print(f"{outcome.rows:,} lines ({outcome.orders:,} orders): command {outcome.lines_per_second:,.0f} lines/s CPU "
          f"{[round(c, 2) for c in outcome.ours]}, raw {outcome.raw_lines_per_second:,.0f} lines/s "
          f"{[round(c, 2) for c in outcome.raw]}, ratio {outcome.ratio:.2f}x")
