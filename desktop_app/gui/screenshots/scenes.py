"""`python -m desktop_app.gui.screenshots FOLDER`: PNGs of every tab and dialog in English and Chinese.

The same scenes drive `tests/gui/test_layout.py`, which fails on any clipped label or button.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QDialog, QScrollArea, QWidget

from desktop_app.core.db.schema import open_database
from desktop_app.core.demo.shop import build_demo
from desktop_app.core.services import returns
from desktop_app.core.services.auth import sign_in
from desktop_app.gui.backend import Desk
from desktop_app.gui.dialogs.about_dialog import AboutDialog, GuideDialog
from desktop_app.gui.dialogs.settings.dialog import SettingsDialog
from desktop_app.gui.dialogs.sign_in import FirstStartDialog, SignInDialog
from desktop_app.gui.dialogs.step_dialogs import InspectDialog, ReceiveDialog, ResolveDialog
from desktop_app.gui.i18n import install_fonts, install_language
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.printing.jobs import label_preview
from desktop_app.gui.screenshots.bench_scenes import bench_scenes
from desktop_app.gui.screenshots.import_scenes import import_scenes
from desktop_app.gui.screenshots.layout_check import clipped
from desktop_app.gui.screenshots.new_return_scenes import wizard_scenes
from desktop_app.gui.screenshots.outbox_scenes import outbox_scenes
from desktop_app.gui.screenshots.policy_scenes import policy_scenes
from desktop_app.gui.screenshots.reports_scenes import reports_scenes
from desktop_app.gui.workers import SyncRunner

Scene = tuple[str, QWidget]


def _settle(widget: QWidget) -> None:
    widget.show()
    for _ in range(3):
        QApplication.processEvents()


def _first(db: Any, status: str) -> Any:
    ids = returns.return_ids(db, returns.ReturnFilter(status=status))
    return returns.get_return(db, returns.summaries_by_ids(db, ids[:1])[0].rma) if ids else None


def scan_error(window: MainWindow, code: str) -> QDialog:
    """Open the scan dialog and scan a code it cannot use: its error state (unknown or unreadable code)."""
    dialog = window.scan()
    _settle(dialog)
    dialog.field.setText(code)
    dialog.submit()
    return dialog


def scenes(window: MainWindow) -> Iterator[Scene]:
    """Show each tab and dialog in turn and yield it (closed again after the caller looked)."""
    desk = window.desk
    approved, received = _first(desk.db, "approved"), _first(desk.db, "received")
    if approved is not None:
        window.queue.open_detail(approved)
    for index, name in enumerate(("returns", "policy", "reports")):
        window.tabs.setCurrentIndex(index)
        _settle(window)
        yield f"tab_{name}", window
        if name == "policy":
            yield from policy_scenes(window, window.policy)

    yield from reports_scenes(window)
    window.tabs.setCurrentIndex(0)
    dialogs: list[tuple[str, Callable[[], QDialog]]] = [
        ("dialog_scan", lambda: window.scan()),
        ("dialog_scan_unknown", lambda: scan_error(window, "R-999999")),
        ("dialog_scan_unreadable", lambda: scan_error(window, "%%%")),
        ("dialog_sign_in", lambda: SignInDialog(desk.db, desk.runner, "returndesk.db", window)),
        ("dialog_first_start", lambda: FirstStartDialog(desk.db, desk.runner, window)),
        ("dialog_import", lambda: window.menus.import_file()),
        ("dialog_guide", lambda: GuideDialog(window)),
        ("dialog_about", lambda: AboutDialog(window)),
    ]
    dialogs.append(("dialog_new_return", lambda: window.new_return("")))
    if approved is not None:
        dialogs.append(("dialog_receive", lambda: ReceiveDialog(window, approved)))
        dialogs.append(("dialog_print_preview", lambda: label_preview(window, approved.rma)))
    if received is not None:
        dialogs.append(("dialog_inspect", lambda: InspectDialog(window, received)))
        dialogs.append(("dialog_resolve", lambda: ResolveDialog(window, received)))
    for name, make in dialogs:
        dialog = make()
        _settle(dialog)
        yield name, dialog
        dialog.close()
        dialog.deleteLater()

    yield from import_scenes(window)
    yield from wizard_scenes(window, desk)
    settings = SettingsDialog(desk, window)
    for row, page in enumerate(settings.pages):
        settings.list.setCurrentRow(row)
        _settle(settings)
        yield f"dialog_settings_{type(page).__name__.removesuffix('Page').lower()}", settings
        if type(page).__name__ == "ShopPage":  # its last fields (tax, logo) lie below the fold
            area = settings.stack.currentWidget()
            assert isinstance(area, QScrollArea)
            scroll = area.verticalScrollBar()
            scroll.setValue(scroll.maximum())
            _settle(settings)
            yield "dialog_settings_shop_tax", settings
    settings.close()
    settings.deleteLater()

    yield from outbox_scenes(window)
    yield from bench_scenes(window)


def _after_switch(window: MainWindow, lang: str, out: Path) -> int:
    """Switch the open window's language live and grab the queue and the scan error; return clipped texts."""
    install_language(lang)
    problems = 0
    window.tabs.setCurrentIndex(0)
    _settle(window)
    dialog = scan_error(window, "R-999999")
    for name, widget in (("tab_returns", window), ("dialog_scan_unknown", dialog)):
        _settle(widget)
        widget.grab().save(str(out / f"{name}_after_switch_{lang}.png"))
        for problem in clipped(widget):
            problems += 1
            print(f"{name} after switch [{lang}]: {problem}", file=sys.stderr)
    dialog.close()
    dialog.deleteLater()
    return problems


def _demo_desk(folder: Path) -> Desk:
    db = open_database(folder / "screenshots.db")
    build_demo(db, orders=1500, seed=7)  # enough orders for 15 months that read like a shop's
    return Desk(db, sign_in(db, "owner", "4321"), SyncRunner())


def main(argv: list[str] | None = None) -> int:
    """Write every scene in English and Chinese; report any clipped text on stderr."""
    args = argv if argv is not None else sys.argv[1:]
    out = Path(args[0] if args else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication([])
    install_fonts(app)  # type: ignore[arg-type]
    problems = 0
    with tempfile.TemporaryDirectory() as tmp:
        desk = _demo_desk(Path(tmp))
        for lang in ("en", "zh_CN"):
            os.environ["RETURNDESK_SETTINGS"] = str(Path(tmp) / f"desk-{lang}.ini")  # default window size
            install_language(lang)
            window = MainWindow(desk, "returndesk.db")
            for name, widget in scenes(window):
                widget.grab().save(str(out / f"{name}_{lang}.png"))
                for problem in clipped(widget):
                    problems += 1
                    print(f"{name} [{lang}]: {problem}", file=sys.stderr)
            problems += _after_switch(window, "zh_CN" if lang == "en" else "en", out)
            window.discarding = True  # the policy scenes leave a draft: nobody is there to answer a question
            window.close()
            window.deleteLater()
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        install_language("en")
        QApplication.processEvents()
        desk.db.dispose()
    print(f"Wrote screenshots to {out}; {problems} clipped texts.")
    return 0



if __name__ == "__main__":
    raise SystemExit(main())
