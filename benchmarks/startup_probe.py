"""Run in a fresh process: start the window on a shop, time until the queue shows data, then scroll it.

The real start path: `AppController.start` (open, daily backup, checks as the app schedules them), the
sign-in dialog filled in and submitted as a person would, the main window, the queue's first rows.

Usage: python -m benchmarks.startup_probe SHOP_FILE SPAWN_TIME [noscroll]; prints one JSON line. SPAWN_TIME is
the parent's time.time() just before it started this process, so interpreter start and imports count too;
`noscroll` stops after the queue shows data (timing runs; the memory figure needs the scroll). `pin=PIN`: the
owner's PIN, given by the parent so this process does not load the demo module (the app never does). `settle`:
let what the app starts after the window shows (the day's backup, the rules check) finish, so the next start is
a second start of the day. Every run closes the shop as the app does at exit (cleanly: no full check next time).
"""

from __future__ import annotations

import json
import resource
import sys
import threading
import time
from typing import Any


def _rss_mb() -> float:
    """Current resident memory of this process in MiB (VmRSS)."""
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _wait(app: Any, done: Any, limit: float = 120.0) -> None:
    ends = time.monotonic() + limit
    while not done() and time.monotonic() < ends:
        app.processEvents()
        time.sleep(0.002)


def main() -> None:
    """Open, sign in as the owner, show the window; measure; print JSON."""
    path, spawned = sys.argv[1], float(sys.argv[2])
    from PySide6.QtWidgets import QApplication

    from desktop_app.gui.app import AppController
    from desktop_app.gui.backend import Desk
    from desktop_app.gui.i18n import install_fonts

    loads = [0]  # how often the queue asks for its ids until it has settled (once is right)
    ask = Desk.return_ids

    def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        loads[0] += 1
        return ask(self, *args, **kwargs)

    Desk.return_ids = counted  # type: ignore[method-assign]

    app = QApplication([])
    install_fonts(app)  # type: ignore[arg-type]
    controller = AppController()
    controller.start(path)  # the app's own start: open, backup, checks, the sign-in dialog
    dialog = controller.dialog
    dialog.name.setText("owner")  # type: ignore[union-attr]
    dialog.pin.setText(_pin())  # type: ignore[union-attr]
    signed_at, cpu_at_sign_in = time.time() - spawned, time.process_time()
    dialog.submit()  # type: ignore[union-attr]
    _wait(app, lambda: controller.window is not None)
    cpu_window = time.process_time() - cpu_at_sign_in  # the PIN check and building the window
    window = controller.window
    assert window is not None
    tab = window.queue
    model = tab.model
    _wait(app, lambda: model.rowCount() > 0)
    _wait(app, lambda: model.pages_loaded > 0, 2.0)  # the view paints its first rows
    if model.pages_loaded == 0 and model.rowCount():
        model.summary(0)
    shown, cpu_to_data = time.time() - spawned, time.process_time()
    rows_open = model.rowCount()
    _wait(app, lambda: False, 1.5)  # a second load of the same queue would arrive now
    settled_loads = loads[0]
    if "noscroll" in sys.argv[3:]:  # a timing run: the start only
        print(json.dumps({"seconds_to_data": shown, "seconds_to_sign_in": signed_at, "queue_loads": settled_loads,
                          "cpu_to_data": cpu_to_data, "rows_open_filter": rows_open,
                          "cpu_sign_in_and_window": cpu_window}))
        _close(app, controller)
        return
    tab.set_status("")  # all returns: the longest list
    _wait(app, lambda: model.rowCount() > rows_open)
    bar = tab.table.verticalScrollBar()
    steps = 40
    for k in range(steps + 1):  # scrolled end to end: top, 39 stops in between, bottom
        bar.setValue(bar.maximum() * k // steps)
        tab.table.viewport().repaint()
        app.processEvents()
    print(json.dumps({
        "seconds_to_data": shown, "seconds_to_sign_in": signed_at, "queue_loads": settled_loads,
        "cpu_to_data": cpu_to_data,
        "rows_open_filter": rows_open, "rows_all": model.rowCount(),
        "pages_loaded": model.pages_loaded, "rss_mb": _rss_mb(),
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "cpu_seconds": time.process_time(),
    }))
    _close(app, controller)


def _pin() -> str:
    """The owner's PIN: `pin=...` from the parent, else the demo's."""
    given = [word.removeprefix("pin=") for word in sys.argv[3:] if word.startswith("pin=")]
    if given:
        return given[0]
    from desktop_app.core.demo.shop import OWNER_PIN

    return OWNER_PIN


def _close(app: Any, controller: Any) -> None:
    """Close as the app does at exit; with `settle`, first let the day's backup and the rules check finish."""
    if "settle" in sys.argv[3:]:
        _wait(app, lambda: False, 2.0)  # they start 1.5 s after the window shows
        for thread in threading.enumerate():
            if thread.name.startswith("returndesk-"):
                thread.join(3600)
    controller.wait()
    if controller.window is not None:
        controller.window.close()
    controller.release()


if __name__ == "__main__":
    main()
