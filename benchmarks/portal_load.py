"""Load test of the customers' portal: 50 customers at once for 60 s, two portal processes, PostgreSQL.

Run `python -m benchmarks.portal_load [--customers 50] [--seconds 60]` (not part of `make test`). It starts a
throwaway PostgreSQL cluster (the test suite's), writes a shop with one order per planned request, starts two
`returndesk portal` processes on loopback and lets each simulated customer alternate between them (as a
round-robin proxy would): look up its next order, open it, check a line with the policy, send the request,
open the status page. Each customer sends its requests from its own address (X-Forwarded-For, trusted from
loopback) so the look-up limits count it as a real customer. At the end every answered request is checked
against the database: one return per sent request, none twice, none lost.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import httpx
from sqlalchemy import func, select

from desktop_app.core.db.models import Customer, Order, OrderLine, Product, Return, utcnow
from desktop_app.core.db.schema import open_database
from desktop_app.core.services import policies
from desktop_app.core.services.auth import create_first_owner
from desktop_app.core.services.base import ServiceContext
from desktop_app.core.services.settings import set_settings
from tests.conftest import _free_port, _start_cluster, pg_bindir
from tests.integration.services.returns_shop import RULES

ROOT = Path(__file__).resolve().parents[1]
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
PICK = re.compile(r'name="pick_(\d+)"')
KEY = re.compile(r'name="request_key" value="([^"]+)"')


def build_shop(url: str, orders: int) -> None:
    """Write the owner, settings, the published policy and `orders` orders of one line each."""
    db = open_database(url)
    owner = ServiceContext(db, create_first_owner(db, "owner", "432100", "Olga Owner"))
    set_settings(owner, {"shop.country": "DE", "shop.timezone": "Europe/Berlin", "shop.currency": "EUR",
                         "shop.name": "Load Test Shop", "shop.status_url_template": "http://127.0.0.1/status/{rma}"})
    policies.publish(owner, policies.save_draft(owner, RULES, title="v1").id)
    now = utcnow()
    with db.write() as s:
        product = Product(sku="MUG-1", name="Blue mug", category="general", price_minor=1199, currency="EUR",
                          stock=100000)
        s.add(product)
        s.flush()
        for n in range(orders):
            customer = Customer(name=f"Customer {n}", email=f"c{n}@example.com", country="DE")
            s.add(customer)
            s.flush()
            order = Order(number=f"L{n:06d}", channel="shop", customer_id=customer.id, currency="EUR",
                          ordered_at=now - timedelta(days=5), delivered_at=now - timedelta(days=2),
                          total_minor=2398, ship_postcode="10115")
            order.lines = [OrderLine(position=1, product_id=product.id, sku="MUG-1", name="Blue mug",
                                     category="general", quantity=2, unit_price_minor=1199, unit_tax_minor=191)]
            s.add(order)
    db.dispose()


class Stats:
    """Page times and errors of the run."""

    def __init__(self) -> None:
        self.times: dict[str, list[float]] = {}
        self.errors: list[str] = []
        self.sent: list[tuple[str, str]] = []  # (order number, rma) of every request the portal accepted

    def add(self, page: str, seconds: float) -> None:
        """Record one page's time."""
        self.times.setdefault(page, []).append(seconds)


async def _timed(stats: Stats, page: str, call) -> httpx.Response:
    start = time.perf_counter()
    response = await call
    stats.add(page, time.perf_counter() - start)
    return response


async def one_request(http: httpx.AsyncClient, bases: list[str], n: int, stats: Stats, address: str) -> None:
    """One customer's whole request for order n, each page from the next portal process."""
    headers = {"X-Forwarded-For": address}
    urls = iter(bases * 4)
    page = await _timed(stats, "start page", http.get(next(urls) + "/", headers=headers))
    number = f"L{n:06d}"
    found = await _timed(stats, "look-up", http.post(next(urls) + "/lookup", headers=headers, data={
        "csrf": CSRF.search(page.text).group(1), "number": number, "contact": f"c{n}@example.com"}))
    if found.status_code != 303:
        raise RuntimeError(f"look-up {number}: {found.status_code}")
    order = await _timed(stats, "order page", http.get(next(urls) + "/order", headers=headers))
    line = PICK.search(order.text).group(1)
    form = {"csrf": CSRF.search(order.text).group(1), "request_key": KEY.search(order.text).group(1),
            "resolution": "refund", f"pick_{line}": "1",
            f"qty_{line}": "1", f"reason_{line}": "defective", f"condition_{line}": "unused", "action": "check"}
    checked = await _timed(stats, "policy check", http.post(next(urls) + "/order", headers=headers, data=form))
    if "verdict ok" not in checked.text:
        raise RuntimeError(f"check {number}: {checked.status_code}")
    sent = await _timed(stats, "send request", http.post(next(urls) + "/order", headers=headers,
                                                         data={**form, "action": "send"}))
    if sent.status_code != 303 or "/status/" not in sent.headers.get("location", ""):
        raise RuntimeError(f"send {number}: {sent.status_code}")
    status = await _timed(stats, "status page", http.get(next(urls) + sent.headers["location"], headers=headers))
    if status.status_code != 200:
        raise RuntimeError(f"status {number}: {status.status_code}")
    stats.sent.append((number, sent.headers["location"].rsplit("/", 1)[1].split(".")[0]))


async def customer(index: int, customers: int, bases: list[str], stop: float, stats: Stats) -> None:
    """A customer who sends one request after another until the time is up (orders index, index+N, ...)."""
    n = index
    async with httpx.AsyncClient(timeout=120) as http:
        while time.monotonic() < stop:
            try:
                await one_request(http, bases[index % 2:] + bases[:index % 2], n, stats, f"10.{n // 65536 % 256}."
                                  f"{n // 256 % 256}.{n % 256}")
            except Exception as error:  # every failure is counted, the customer goes on
                stats.errors.append(f"{type(error).__name__}: {error}")
            http.cookies.clear()
            n += customers


def _portal(url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RETURNDESK_LANG": "en"}
    return subprocess.Popen([sys.executable, "-m", "desktop_app", "--db", url, "portal", "--port", str(port),
                             "--forwarded-allow-ips", "127.0.0.1"], env=env, stderr=subprocess.DEVNULL)


def _wait(base: str) -> None:
    for _ in range(150):
        try:
            if httpx.get(base + "/", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the portal at {base} did not start")


def _check_database(url: str, stats: Stats) -> dict[str, int]:
    db = open_database(url)
    with db.read() as s:
        rows = s.execute(select(Order.number, Return.rma).join(Return, Return.order_id == Order.id)
                         .where(Return.channel == "portal")).all()
        per_order = s.execute(select(Return.order_id, func.count()).group_by(Return.order_id)
                              .having(func.count() > 1)).all()
    db.dispose()
    in_db = {(number, rma) for number, rma in rows}
    return {"returns_in_database": len(in_db), "requests_accepted": len(stats.sent),
            "lost": len(set(stats.sent) - in_db), "unexpected": len(in_db - set(stats.sent)),
            "orders_with_two_returns": len(per_order)}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(stats: Stats, seconds: float, checks: dict[str, int]) -> dict:
    """Return the run's figures: per page and overall p50/p95/max in ms, requests, errors, database checks."""
    every = [t for values in stats.times.values() for t in values]
    pages = {page: {"count": len(v), "p50_ms": round(statistics.median(v) * 1000, 1),
                    "p95_ms": round(_percentile(v, 0.95) * 1000, 1), "max_ms": round(max(v) * 1000, 1)}
             for page, v in stats.times.items()}
    return {"seconds": round(seconds, 1), "pages": pages, "requests": len(every),
            "requests_per_second": round(len(every) / seconds, 1),
            "p50_ms": round(statistics.median(every) * 1000, 1), "p95_ms": round(_percentile(every, 0.95) * 1000, 1),
            "errors": len(stats.errors), "error_kinds": dict(Counter(e.split(":")[0] for e in stats.errors)),
            "error_samples": stats.errors[:5], "load_average_after": round(os.getloadavg()[0], 1), **checks}


def main(argv: list[str] | None = None) -> int:
    """Run the load test and print its figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--orders", type=int, default=6000)
    args = parser.parse_args(argv)
    bindir = pg_bindir()
    if bindir is None:
        raise SystemExit("PostgreSQL binaries (initdb, pg_ctl) are needed")
    cluster = _start_cluster(bindir)
    processes: list[subprocess.Popen] = []
    try:
        url = cluster.url(cluster.create_database())
        build_shop(url, args.orders)
        ports = [_free_port(), _free_port()]
        processes = [_portal(url, port) for port in ports]
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base in bases:
            _wait(base)
        stats = Stats()
        start = time.monotonic()

        async def run_all() -> None:
            await asyncio.gather(*(customer(i, args.customers, bases, start + args.seconds, stats)
                                   for i in range(args.customers)))

        asyncio.run(run_all())
        result = report(stats, time.monotonic() - start, _check_database(url, stats))
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=20)
        cluster.run("pg_ctl", "-D", str(cluster.data), "-m", "immediate", "-w", "stop")
    print(json.dumps(result, indent=2))
    (ROOT / "benchmarks" / "portal_results.json").write_text(json.dumps(result, indent=2) + "\n")
    return 0 if result["errors"] == 0 and result["lost"] == 0 and result["orders_with_two_returns"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
