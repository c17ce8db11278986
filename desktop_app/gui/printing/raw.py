"""Send printer-language bytes (ZPL) to a print queue as they are, without any driver in between."""

from __future__ import annotations

import shutil
import subprocess

from desktop_app.gui.i18n import tr
from desktop_app.gui.printing.errors import PrintFailed


def send_raw(printer: str, data: bytes, title: str = "ReturnDesk") -> None:
    """Queue `data` unchanged on the CUPS printer `printer` (Linux, macOS) with lp -o raw.

    Raises PrintFailed with a sentence when there is no lp command or the queue refuses the job.
    """
    lp = shutil.which("lp")
    if lp is None:
        raise PrintFailed(tr("Printing to a thermal printer needs the CUPS lp command, which is not installed on "
                             "this computer."))
    try:
        done = subprocess.run([lp, "-d", printer, "-o", "raw", "-t", title], input=data, capture_output=True,
                              timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        done = None
    if done is None or done.returncode != 0:
        raise PrintFailed(tr("The printer {printer} did not accept the label. Check its name and that it is "
                             "switched on, then try again.", printer=printer))
