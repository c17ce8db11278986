"""Time an end-to-end import of a generated order file (the benchmark target is 30,000 lines a second)."""

from __future__ import annotations

import csv
import random
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from desktop_app.core.db.engine import Database

BENCH_PROFILE = """
name = "bench"
kind = "orders"
source = "bench"
encoding = "utf-8"
delimiter = ","
date_formats = ["%Y-%m-%d"]
currency = "EUR"

[columns]
order_number = "Order"
order_date = "Date"
customer_key = "Customer"
country = "Country"
sku = "SKU"
product_name = "Product"
quantity = "Qty"
unit_price = "Price"

[rules]
negative_quantity = true
"""


@dataclass(frozen=True)
class BenchResult:
    """How long the import of `lines` generated lines took, end to end (validation and write)."""

    lines: int
    seconds: float
    orders: int
    returns: int

    @property
    def lines_per_second(self) -> float:
        """Return the throughput."""
        return self.lines / self.seconds if self.seconds else float("inf")


def write_bench_file(path: Path, lines: int, seed: int = 7) -> None:
    """Write a realistic order-line CSV: 1 to 4 lines per order, 2 % of lines are negative (returns)."""
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["Order", "Date", "Customer", "Country", "SKU", "Product", "Qty", "Price"])
        written, order = 0, 0
        while written < lines:
            order += 1
            day = (start + timedelta(days=order // 400)).isoformat()
            customer = f"C{rng.randrange(50_000):05d}"
            country = rng.choice(("DE", "FR", "GB", "US", "CN"))
            for _ in range(min(rng.randint(1, 4), lines - written)):
                sku = rng.randrange(2_000)
                qty = rng.randint(1, 3) * (-1 if rng.random() < 0.02 else 1)
                price = f"{rng.randrange(199, 19_999) / 100:.2f}"
                out.writerow([f"B{order:07d}", day, customer, country, f"SKU-{sku:04d}", f"Product {sku}",
                              qty, price])
                written += 1


def bench_import(lines: int = 500_000, folder: Path | None = None) -> BenchResult:
    """Generate a `lines`-line CSV, import it into a fresh SQLite shop, and time the import."""
    from desktop_app.core.db.models import Base, User
    from desktop_app.core.imports.writer import import_file
    from desktop_app.core.services.base import CurrentUser, Role

    with tempfile.TemporaryDirectory(dir=folder) as temp:
        here = Path(temp)
        data, profile = here / "bench.csv", here / "bench.toml"
        write_bench_file(data, lines)
        profile.write_text(BENCH_PROFILE, encoding="utf-8")
        db = Database(here / "bench.sqlite3")
        try:
            Base.metadata.create_all(db.engine)
            with db.write() as session:
                session.add(User(name="bench", role="owner", secret_hash="-"))
            user = CurrentUser(1, "bench", "Bench", Role.OWNER)
            began = time.perf_counter()
            result = import_file(db, data, profile, user)
            seconds = time.perf_counter() - began
        finally:
            db.dispose()
    return BenchResult(lines, seconds, result.orders_added, result.returns_added)


if __name__ == "__main__":  # pragma: no cover - manual run: python -m benchmarks.import_bench
    import sys

    outcome = bench_import(int(sys.argv[1]) if len(sys.argv) > 1 else 500_000)
    print(f"{outcome.lines} lines in {outcome.seconds:.1f} s: {outcome.lines_per_second:,.0f} lines/s "
          f"({outcome.orders} orders, {outcome.returns} returns)")
