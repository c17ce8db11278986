"""Label throughput for `make bench`, end to end: the window's batch print path (`documents.batch_pdf`, the
returns read from the shop file, then drawn) against a raw baseline (the same rows read with plain sqlite3
and a minimal ReportLab label with the same QR code and Code 128), interleaved A B A B on CPU time.
"""

from __future__ import annotations

import io
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import event

from desktop_app.core.db.engine import Database
from desktop_app.core.documents.codes import draw_code128, draw_qr, qr_matrix
from desktop_app.core.documents.common import INCH
from desktop_app.core.documents.data import Address, LabelData
from desktop_app.core.documents.scan import format_rma, rma_qr_payload

TARGET_PER_SECOND = 100.0  # issue 20: with the fonts of every script
BATCH_TARGET_PER_SECOND = 250.0  # issue 23: a batch from the shop, read in a few queries
_RAW = ("SELECT r.rma, r.carrier, r.tracking_number, r.label_prepaid, o.ship_name, o.ship_street, o.ship_postcode, "
        "o.ship_city, o.ship_country, (SELECT SUM(l.requested_qty) FROM return_lines l WHERE l.return_id = r.id) "
        "FROM returns r LEFT JOIN orders o ON o.id = r.order_id WHERE r.rma IN ({marks})")
_SHOP = Address("Returns, Maple & Co.", ("Unit 4, Riverside Estate", "12 Mill Lane", "Leeds LS1 4AB"))


@dataclass(frozen=True)
class BenchResult:
    """Labels per second end to end (median of interleaved runs) for ReturnDesk and the raw baseline."""

    count: int
    seconds: float  # median wall time of one batch
    per_second: float
    baseline_seconds: float
    baseline_per_second: float
    pdf_bytes: int
    cpu_per_second: float = 0.0  # labels per second of this process's CPU time (steadier on a busy machine)
    baseline_cpu_per_second: float = 0.0
    statements: int = 0  # SQL statements the batch ran
    paired_ratio: float = 0.0  # median of ReturnDesk CPU / baseline CPU over the interleaved pairs

    @property
    def meets_target(self) -> bool:
        """True when the labels print at least BATCH_TARGET_PER_SECOND per second of CPU time."""
        return self.cpu_per_second >= BATCH_TARGET_PER_SECOND


def sample_labels(n: int, lang_mix: bool = True) -> list[LabelData]:
    """Return `n` realistic labels, every other one in Chinese when `lang_mix`."""
    out = []
    for i in range(1, n + 1):
        zh = lang_mix and i % 2 == 0
        customer = (Address("张伟", ("北京市朝阳区建国路88号", f"SOHO现代城{i}号楼1201室")) if zh
                    else Address(f"Customer {i}", (f"{i} Baker Street", "London NW1 6XE", "United Kingdom")))
        out.append(LabelData("Maple & Co.", _SHOP, customer, format_rma(i), "Royal Mail", f"1Z999AA1{i:010d}",
                             i % 3 != 0, 1 + i % 4, date(2026, 11, 26), "zh_CN" if zh else "en",
                             "https://maple.example/returns/{rma}"))
    return out


def baseline_labels(labels: list[LabelData]) -> bytes:
    """A minimal 4×6 label per return: two lines of text, the same QR code and Code 128, one PDF."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(4 * INCH, 6 * INCH), invariant=True)
    for data in labels:
        canvas.setFont("Helvetica-Bold", 24)
        canvas.drawString(12, 390, data.rma)
        canvas.setFont("Helvetica", 10)
        canvas.drawString(12, 370, data.customer.name.encode("ascii", "replace").decode())
        draw_qr(canvas, 6 * INCH, rma_qr_payload(data.rma, data.status_url), 154, 168, 122)
        draw_code128(canvas, 6 * INCH, data.rma, 4, 362, 280, 44)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def raw_labels(path: Path, rmas: list[str]) -> bytes:
    """The baseline end to end: the batch's rows read with one plain sqlite3 query, then minimal labels."""
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute(_RAW.format(marks=", ".join("?" * len(rmas))), rmas).fetchall()
    labels = [LabelData("Maple & Co.", _SHOP, Address(name or "", (street or "", f"{postcode} {city}", country)),
                        rma, carrier, tracking, bool(prepaid), int(count or 0), date.today(), "en", None)
              for rma, carrier, tracking, prepaid, name, street, postcode, city, country, count in rows]
    return baseline_labels(labels)


def parcel_rmas(path: Path, n: int) -> list[str]:
    """Return the `n` newest RMAs of the shop (the window prints a batch picked in the queue)."""
    with closing(sqlite3.connect(path)) as conn:
        return [r for (r,) in conn.execute("SELECT rma FROM returns ORDER BY id DESC LIMIT ?", (n,))]


def _timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """Run `fn` once with a cold QR cache; return its wall and CPU seconds and its result."""
    qr_matrix.cache_clear()  # every run makes its own QR codes
    began, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - began, time.process_time() - cpu, result


def bench_labels(path: Path, n: int = 500, repeat: int = 5) -> BenchResult:
    """Print `n` labels of the shop at `path` through the window's batch path, interleaved with the baseline."""
    from desktop_app.core.services.documents import batch_pdf

    rmas = parcel_rmas(path, n)
    db = Database(path)
    statements = [0]
    event.listen(db.engine, "before_cursor_execute", lambda *_a: statements.__setitem__(0, statements[0] + 1))
    try:
        batch_pdf(db, rmas[:4]), raw_labels(path, rmas[:4])  # warm-up: fonts, imports, connections
        ours: list[tuple[float, float]] = []
        raw: list[tuple[float, float]] = []
        pdf, count = b"", 0
        for _ in range(repeat):
            statements[0] = 0
            wall, cpu, out = _timed(lambda: batch_pdf(db, rmas, "label"))
            ours.append((wall, cpu))
            pdf = out if isinstance(out, bytes) else b""
            count = statements[0]
            wall, cpu, _ = _timed(lambda: raw_labels(path, rmas))
            raw.append((wall, cpu))
    finally:
        db.dispose()
    k = len(rmas)
    med = statistics.median
    return BenchResult(k, med(w for w, _ in ours), k / med(w for w, _ in ours), med(w for w, _ in raw),
                       k / med(w for w, _ in raw), len(pdf), k / med(c for _, c in ours), k / med(c for _, c in raw),
                       count, med(a[1] / max(b[1], 1e-9) for a, b in zip(ours, raw, strict=True)))


def main() -> None:
    """Print the label benchmark on the cached 10,000-return shop."""
    from benchmarks import dataset

    with tempfile.TemporaryDirectory(dir=dataset.CACHE, prefix="labels-") as work:
        r = bench_labels(dataset.working_copy(10_000, Path(work)))
    print(f"labels end to end: {r.count} in {r.seconds:.2f} s wall = {r.per_second:.0f}/s; {r.cpu_per_second:.0f}/s "
          f"of CPU time (target {BATCH_TARGET_PER_SECOND:.0f}/s, {'met' if r.meets_target else 'MISSED'}); "
          f"{r.statements} SQL statements; PDF {r.pdf_bytes / 1024:.0f} KiB")
    print(f"raw baseline (sqlite3 + minimal ReportLab label): {r.baseline_per_second:.0f}/s wall, "
          f"{r.baseline_cpu_per_second:.0f}/s of CPU time; paired CPU ratio {r.paired_ratio:.2f}x")


if __name__ == "__main__":
    main()
