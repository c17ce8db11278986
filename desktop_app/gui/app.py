"""`python -m desktop_app.gui.app`: open the shop database, offer the demo or the first owner, sign in."""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path

from platformdirs import user_data_dir, user_log_dir
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.core.db import sqlite_file
from desktop_app.core.db.engine import Database
from desktop_app.core.i18n import Message
from desktop_app.core.notify.hooks import CUSTOMER_MESSAGES
from desktop_app.core.redact import MaskingFormatter, private_file
from desktop_app.core.services import startup
from desktop_app.core.services.auth import needs_first_owner, sign_in
from desktop_app.core.services.base import CurrentUser
from desktop_app.core.services.invariants import check_invariants
from desktop_app.core.services.startup import is_shop_file
from desktop_app.gui.backend import Desk
from desktop_app.gui.desk_settings import desk_language, desk_settings
from desktop_app.gui.dialogs.sign_in import FirstStartDialog, SignInDialog
from desktop_app.gui.i18n import error_text, install_fonts, install_language, tr
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.messages import show_error, show_info
from desktop_app.gui.outbox import OutboxSender
from desktop_app.gui.shop_opening import open_for_window, problems_sentence
from desktop_app.gui.workers import Runner, ThreadRunner
from desktop_app.paths import resource

log = logging.getLogger(__name__)
DB_ENV = "RETURNDESK_DB"
CHECK_DELAY_MS = 1500  # the checks start this long after the window shows, so the queue's first rows come first


def default_database() -> str:
    """Return the shop database: RETURNDESK_DB, this desk's server, else returndesk.db in the data folder."""
    named = os.environ.get(DB_ENV)
    if named:
        return named
    server = str(desk_settings().value("desk/server", "") or "").strip()
    if server:
        return server
    folder = Path(user_data_dir("ReturnDesk", "ReturnDesk"))
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder / "returndesk.db")


class AppController(QObject):
    """Walks one desk from the database to a signed-in main window, and back on sign-out or reopen."""

    file_damaged = Signal(list)  # problems found by the background integrity check of a large shop file
    rules_broken = Signal(object, list)  # (database, problems) found by the background rules check
    backup_news = Signal(object, str)  # (database, sentence) from the daily backup running in the background

    def __init__(self, runner: Runner | None = None) -> None:
        super().__init__()
        self.runner = runner or ThreadRunner()
        self.runner.default_error = lambda error: show_error(self.window, error_text(error))
        # the queue's searches get their own worker: a slow search never delays a detail, a print or a save
        self.search_runner: Runner = ThreadRunner() if isinstance(self.runner, ThreadRunner) else self.runner
        self.search_runner.default_error = self.runner.default_error
        self.db: Database | None = None
        self.location = ""
        self.window: MainWindow | None = None
        self.dialog: FirstStartDialog | SignInDialog | QMessageBox | None = None
        self.outbox: OutboxSender | None = None
        self.warned: set[str] = set()  # shops whose broken rules were already shown in this session
        self.notices: list[QMessageBox] = []  # the recovery and broken-rules boxes shown at start
        self.unclean = False  # the shop file was not closed cleanly last time: full check after the window shows
        self.file_damaged.connect(self._show_damage)
        self.rules_broken.connect(self._show_broken_rules)
        self.backup_news.connect(self._show_backup_news)

    def start(self, location: str) -> None:
        """Open a shop database and ask who is working (first start: demo or owner)."""
        self._close_window()
        self.release()
        try:
            self.db, recovered = open_for_window(location)
            first = needs_first_owner(self.db)
        except Exception as error:
            log.exception("Opening %s failed", location)
            self.db = None
            box = show_error(None, error_text(error))
            self.dialog = box
            return
        self.location = location
        path = self.db.sqlite_path
        self.unclean = path is not None and not startup.mark_in_use(path)
        if recovered:
            self.notices.append(show_info(None, recovered))
        dialog: FirstStartDialog | SignInDialog
        if first:
            dialog = FirstStartDialog(self.db, self.runner)
            dialog.ready.connect(self._after_first_start)
        else:
            dialog = SignInDialog(self.db, self.runner, location)
            dialog.signed_in.connect(self.show_window)
        self.dialog = dialog
        dialog.show()

    def wait(self) -> None:
        """Let the background work that is queued finish (at exit, and before the smoke test looks)."""
        for runner in (self.runner, self.search_runner):
            if isinstance(runner, ThreadRunner):
                runner.wait()

    def release(self) -> None:
        """Close the shop database; a shop file is marked as closed cleanly."""
        if self.db is None:
            return
        path = self.db.sqlite_path
        self.db.dispose()
        self.db = None
        if path is not None:
            startup.mark_closed(path)

    def _check_after_show(self, location: str) -> None:
        """After the window shows: the rules (first open of this shop in the session), and a full file check
        after an unclean shutdown; each on its own thread, never on the runner that serves the window."""
        db = self.db
        if db is None or not is_shop_file(location):
            return
        self._daily_backup(db)
        if self.unclean:
            self.unclean = False
            self._check_large_file(db)
        if location in self.warned:
            return
        self.warned.add(location)

        def work() -> None:
            try:
                problems = check_invariants(db)
            except Exception as error:  # a closed or busy shop: the next start checks again
                log.warning("The rules check of %s failed: %s", location, error)
                return
            if problems:
                self.rules_broken.emit(db, problems)  # delivered on the window's thread

        threading.Thread(target=work, name="returndesk-rules-check", daemon=True).start()

    def _daily_backup(self, db: Database) -> None:
        """Take the daily backup on its own thread, in steps, telling its progress in the status bar."""
        shown = [-1]

        def progress(done: int, total: int) -> None:
            percent = 100 * done // max(total, 1)
            if percent >= shown[0] + 10:  # a sentence every tenth, not every step
                shown[0] = percent
                self.backup_news.emit(db, tr("Daily backup: {percent} % copied", percent=percent))

        def work() -> None:
            try:
                taken = startup.daily_backup(db, progress=progress)
            except Exception as error:  # the shop stays usable; the next start tries again
                log.warning("The daily backup of %s failed: %s", db.sqlite_path, error)
                self.backup_news.emit(db, tr("The daily backup failed: {reason}", reason=error_text(error)))
                return
            if taken is not None:
                self.backup_news.emit(db, tr("Daily backup written: {name}", name=taken.name))

        threading.Thread(target=work, name="returndesk-daily-backup", daemon=True).start()

    def _show_backup_news(self, db: Database, text: str) -> None:
        """Show how the daily backup is going in the window's status bar (while that shop is open)."""
        if self.window is not None and self.db is db:
            self.window.statusBar().showMessage(text, 15000)

    def _show_broken_rules(self, db: Database, problems: list[Message]) -> None:
        """Warn once that the shop's rules are broken (only while that shop is still the one open)."""
        if problems and self.db is db:
            self.notices.append(show_error(self.window, problems_sentence(problems)))

    def _show_damage(self, problems: list[Message]) -> None:
        """Tell the person at the desk that the file is damaged (found after it opened)."""
        self.notices.append(show_error(self.window, problems_sentence(problems)))

    def _check_large_file(self, db: Database) -> None:
        """A shop file too large to check on open gets SQLite's full check on its own thread, off the runner.

        Called after an unclean shutdown only: a cleanly closed shop is not read end to end at every start.
        """
        path = db.sqlite_path
        if path is None or not path.exists() or path.stat().st_size <= sqlite_file.QUICK_CHECK_ON_OPEN_LIMIT:
            return

        def work() -> None:
            problems = startup.integrity_problems(db)
            if problems:
                self.file_damaged.emit(problems)  # delivered on the window's thread

        threading.Thread(target=work, name="returndesk-integrity-check", daemon=True).start()

    def _after_first_start(self, user: CurrentUser | None) -> None:
        if user is not None:
            self.show_window(user)
        elif self.db is not None:
            self.dialog = SignInDialog(self.db, self.runner, self.location)
            self.dialog.signed_in.connect(self.show_window)
            self.dialog.show()

    def show_window(self, user: CurrentUser) -> MainWindow:
        """Open the main window for a signed-in person, in their language."""
        assert self.db is not None
        if user.language:
            install_language(user.language)
        desk = Desk(self.db, user, self.runner, CUSTOMER_MESSAGES,  # changes to a return queue the customer's message
                    searches=self.search_runner)
        window = MainWindow(desk, self.location)
        window.open_database_requested.connect(self.start)
        window.sign_out_requested.connect(lambda: self.start(self.location))
        self.window = window
        window.destroyed.connect(lambda *_: self._forget_window(window))  # news arriving later has nobody to tell
        window.show()
        self._start_outbox()
        location = self.location
        QTimer.singleShot(CHECK_DELAY_MS, lambda: self._check_after_show(location))
        return window

    def _start_outbox(self) -> None:
        """Send customer messages in the background while someone is signed in."""
        if self.outbox is not None:
            self.outbox.stop()
        if isinstance(self.runner, ThreadRunner) and self.db is not None:
            self.outbox = OutboxSender(self.db)
            self.outbox.start(first_after_ms=CHECK_DELAY_MS)  # after the queue's first rows, like the checks

    def _forget_window(self, window: MainWindow) -> None:
        """Drop a window Qt has deleted, so late background news is not shown on it."""
        if self.window is window:
            self.window = None

    def _close_window(self) -> None:
        if self.outbox is not None:
            self.outbox.stop()
            self.outbox = None
        if self.window is not None:
            self.window.discarding = True  # the person already answered about unsaved work
            self.window.close()
            self.window.deleteLater()
            self.window = None


def _log_to_file() -> None:
    """Send details to a log file in the user's log folder (the window only shows plain sentences)."""
    folder = Path(user_log_dir("ReturnDesk", "ReturnDesk"))
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    handlers[0].setLevel(logging.WARNING)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(private_file(folder / "returndesk.log"), encoding="utf-8"))
    except OSError:
        pass
    masking = MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in handlers:  # a server URL's password never reaches the log
        handler.setFormatter(masking)
    logging.basicConfig(level=logging.INFO, handlers=handlers)


def _database_argument(argv: list[str]) -> str | None:
    """Return the value of `--db PATH_OR_URL` on the command line, if given."""
    for index, word in enumerate(argv):
        if word == "--db" and index + 1 < len(argv):
            return argv[index + 1]
        if word.startswith("--db="):
            return word.split("=", 1)[1]
    return None


def smoke_test(controller: AppController, who: str) -> int:
    """Sign in as `name:PIN`, open the main window, and report whether it shows (used by `make dist-test`)."""
    if controller.db is None:
        print("ReturnDesk could not open the database.", file=sys.stderr)
        return 1
    name, _sep, pin = who.partition(":")
    try:
        user = sign_in(controller.db, name, pin)
    except Exception as error:  # a sentence, never a traceback
        print(error_text(error), file=sys.stderr)
        return 1
    window = controller.show_window(user)
    controller.wait()  # the queue loads in the background; let it arrive before looking
    QApplication.processEvents()
    shown = window.isVisible()
    rows = window.queue.model.rowCount()
    print(f"ReturnDesk window opened with {rows} returns in the queue." if shown else "The window did not open.")
    window.close()
    return 0 if shown else 1


def main(argv: list[str] | None = None) -> int:
    """Run the desktop window until it is closed."""
    _log_to_file()
    argv = list(argv if argv is not None else sys.argv)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName("ReturnDesk")
    app.setOrganizationName("ReturnDesk")
    install_fonts(app)
    icon = resource("icons", "returndesk.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    install_language(desk_language())
    controller = AppController()
    controller.start(_database_argument(argv[1:]) or default_database())
    if os.environ.get("RETURNDESK_SMOKE_TEST"):
        result = smoke_test(controller, os.environ["RETURNDESK_SMOKE_TEST"])
        controller.release()
        return result
    code = app.exec()
    controller.wait()
    controller.release()  # closed cleanly: the next start needs no full check of the file
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())
