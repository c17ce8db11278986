"""Label throughput for `make bench`: our batch builder against a minimal ReportLab label baseline."""

from __future__ import annotations

import io
import time
from dataclasses import dataclass
from datetime import date

from reportlab.pdfgen.canvas import Canvas

from desktop_app.core.documents.batch import build_labels
from desktop_app.core.documents.codes import draw_code128, draw_qr, qr_matrix
from desktop_app.core.documents.common import INCH
from desktop_app.core.documents.data import Address, LabelData
from desktop_app.core.documents.scan import format_rma, rma_qr_payload

TARGET_PER_SECOND = 100.0


@dataclass(frozen=True)
class BenchResult:
    """Labels per second for ReturnDesk's labels and for the minimal baseline."""

    count: int
    seconds: float
    per_second: float
    baseline_seconds: float
    baseline_per_second: float
    pdf_bytes: int
    cpu_per_second: float = 0.0  # labels per second of this process's CPU time (steadier on a busy machine)
    baseline_cpu_per_second: float = 0.0

    @property
    def meets_target(self) -> bool:
        """True when the labels print at least TARGET_PER_SECOND per second."""
        return self.per_second >= TARGET_PER_SECOND


def sample_labels(n: int, lang_mix: bool = True) -> list[LabelData]:
    """Return `n` realistic labels, every other one in Chinese when `lang_mix`."""
    out = []
    for i in range(1, n + 1):
        zh = lang_mix and i % 2 == 0
        customer = (Address("张伟", ("北京市朝阳区建国路88号", f"SOHO现代城{i}号楼1201室")) if zh
                    else Address(f"Customer {i}", (f"{i} Baker Street", "London NW1 6XE", "United Kingdom")))
        shop = Address("Returns, Maple & Co.", ("Unit 4, Riverside Estate", "12 Mill Lane", "Leeds LS1 4AB"))
        out.append(LabelData("Maple & Co.", shop, customer, format_rma(i), "Royal Mail", f"1Z999AA1{i:010d}",
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


def bench_labels(n: int = 500) -> BenchResult:
    """Time `n` labels in one batch PDF, and the baseline, each once after a short warm-up."""
    labels = sample_labels(n)
    build_labels(sample_labels(4))
    baseline_labels(sample_labels(4))
    qr_matrix.cache_clear()
    start, cpu = time.perf_counter(), time.process_time()
    pdf = build_labels(labels) or b""
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    qr_matrix.cache_clear()  # the baseline makes its own QR codes too
    start, cpu = time.perf_counter(), time.process_time()
    baseline_labels(labels)
    base_seconds, base_cpu = time.perf_counter() - start, time.process_time() - cpu
    return BenchResult(n, seconds, n / seconds, base_seconds, n / base_seconds, len(pdf),
                       n / max(cpu_seconds, 1e-9), n / max(base_cpu, 1e-9))


def main() -> None:
    """Print the label benchmark as one line per measurement."""
    result = bench_labels()
    print(f"labels: {result.count} in {result.seconds:.2f} s = {result.per_second:.0f}/s "
          f"(target {TARGET_PER_SECOND:.0f}/s, {'met' if result.meets_target else 'MISSED'}), "
          f"PDF {result.pdf_bytes / 1024:.0f} KiB; {result.cpu_per_second:.0f}/s of CPU time")
    print(f"baseline (minimal ReportLab label, same QR + Code 128): {result.baseline_seconds:.2f} s = "
          f"{result.baseline_per_second:.0f}/s; {result.baseline_cpu_per_second:.0f}/s of CPU time")


if __name__ == "__main__":
    main()
