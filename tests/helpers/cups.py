"""A real CUPS scheduler for printing tests: a cups-pdf queue and a raw queue feeding a fake thermal printer."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PDF_QUEUE = "ReturnDeskTestPDF"
RAW_QUEUE = "ReturnDeskTestZebra"
CUPS_PDF_PPD = "lsb/usr/cups-pdf/CUPS-PDF_noopt.ppd"


def _running() -> bool:
    result = subprocess.run(["lpstat", "-r"], capture_output=True, text=True)
    return "is running" in result.stdout and "not" not in result.stdout


def ensure_cupsd() -> None:
    """Start cupsd when it is not running (as root), else fail with what to do."""
    for tool in ("cupsd", "lpadmin", "lpstat", "lp"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: install cups, cups-client and printer-driver-cups-pdf (see .ci/run)")
    if _running():
        return
    if os.geteuid() != 0:
        pytest.fail("cupsd is not running and only root can start it: run 'sudo cupsd' (or .ci/run) first")
    subprocess.run(["cupsd"], check=True)
    deadline = time.monotonic() + 20
    while not _running():
        if time.monotonic() > deadline:
            pytest.fail("cupsd was started but did not answer within 20 s")
        time.sleep(0.2)


@dataclass
class FakeZebra:
    """A TCP listener on a free port that keeps every job sent to it, like a thermal printer on port 9100."""

    server: socket.socket
    jobs: list[bytes] = field(default_factory=list)

    @property
    def port(self) -> int:
        """The port it listens on."""
        return int(self.server.getsockname()[1])

    def serve(self) -> None:
        """Accept connections and keep what each one sends, until the socket closes."""
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                chunks = []
                while chunk := conn.recv(65536):
                    chunks.append(chunk)
            self.jobs.append(b"".join(chunks))

    def wait(self, count: int, timeout: float = 60) -> list[bytes]:
        """Return the jobs once `count` have arrived (fail after `timeout` seconds)."""
        deadline = time.monotonic() + timeout
        while len(self.jobs) < count:
            if time.monotonic() > deadline:
                pytest.fail(f"the thermal printer got {len(self.jobs)} of {count} jobs")
            time.sleep(0.2)
        return self.jobs


@dataclass
class CupsQueues:
    """The queues of a test: a PDF printer (files land in `pdf_folder`) and a raw thermal printer."""

    pdf: str
    raw: str
    zebra: FakeZebra
    pdf_folder: Path

    def printed_pdf(self, title: str, timeout: float = 120) -> Path:
        """Return the PDF cups-pdf wrote for the job titled `title` once it is complete."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = sorted(self.pdf_folder.glob(f"{title}*.pdf"))
            if found and not _active_jobs(self.pdf):
                return found[-1]
            time.sleep(0.3)
        pytest.fail(f"cups-pdf wrote no file for {title} in {self.pdf_folder} within {timeout:.0f} s")


def _active_jobs(queue: str) -> bool:
    return bool(subprocess.run(["lpstat", "-o", queue], capture_output=True, text=True).stdout.strip())


@pytest.fixture(scope="module")
def cups_queues() -> Iterator[CupsQueues]:
    """Start cupsd if needed, add the two queues for this module and remove them afterwards."""
    ensure_cupsd()
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    zebra = FakeZebra(server)
    threading.Thread(target=zebra.serve, daemon=True).start()
    subprocess.run(["lpadmin", "-p", PDF_QUEUE, "-E", "-v", "cups-pdf:/", "-m", CUPS_PDF_PPD],
                   check=True, capture_output=True)
    subprocess.run(["lpadmin", "-p", RAW_QUEUE, "-E", "-v", f"socket://127.0.0.1:{zebra.port}", "-m", "raw"],
                   check=True, capture_output=True)
    try:
        yield CupsQueues(PDF_QUEUE, RAW_QUEUE, zebra, Path(pwd.getpwuid(os.geteuid()).pw_dir) / "PDF")
    finally:
        for queue in (PDF_QUEUE, RAW_QUEUE):
            subprocess.run(["lpadmin", "-x", queue], capture_output=True)
        server.close()
