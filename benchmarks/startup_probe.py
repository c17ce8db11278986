"""Run in a fresh process: start the window on a shop, time until the queue shows data, then scroll it.

The real start path: `AppController.start` (open, daily backup, checks as the app schedules them), the
sign-in dialog filled in and submitted as a person would, the main window, the queue's first rows.

Usage: python -m benchmarks.startup_probe SHOP_FILE SPAWN_TIME [noscroll]; prints one JSON line. SPAWN_TIME is
the parent's time.time() just before it started this process, so interpreter start and imports count too;
`noscroll` stops after the queue shows data (timing runs; the memory figure needs the scroll).
"""

from __future__ import annotations

import json
import resource
import sys
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

    from desktop_app.core.demo.shop import OWNER_PIN
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
    dialog.pin.setText(OWNER_PIN)  # type: ignore[union-attr]
    signed_at = time.time() - spawned
    dialog.submit()  # type: ignore[union-attr]
    _wait(app, lambda: controller.window is not None)
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
                          "cpu_to_data": cpu_to_data, "rows_open_filter": rows_open}))
        window.close()
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
    controller.runner.wait() if hasattr(controller.runner, "wait") else None
    window.close()


if __name__ == "__main__":
    main()
