"""The main window's menus and shortcuts, in one table so every frequent action has a key."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from desktop_app.core.i18n import LANGUAGES, N_, UserFacingError, current_language
from desktop_app.core.services.base import CurrentUser
from desktop_app.core.services.users import set_my_language
from desktop_app.gui.desk_settings import set_desk_language
from desktop_app.gui.i18n import LANGUAGE_NAMES, error_text, install_language, tr
from desktop_app.gui.messages import show_error, show_info
from desktop_app.gui.printing.jobs import PrintJobs
from desktop_app.gui.saving import checked_save_path, remember_folder, save_folder
from desktop_app.gui.window_base import DeskWindow

if TYPE_CHECKING:  # the dialogs' modules load when a dialog is first opened, not with the window
    from desktop_app.gui.dialogs.about_dialog import AboutDialog, GuideDialog
    from desktop_app.gui.dialogs.import_dialog import ImportDialog
    from desktop_app.gui.dialogs.outbox_dialog import OutboxDialog
    from desktop_app.gui.dialogs.settings.dialog import SettingsDialog

# (menu, action name, title, shortcut); None marks a separator.
# Portable key strings, not StandardKey: some platforms (and the offscreen one) map Refresh to nothing.
MENUS: dict[str, list[tuple[str, str, str] | None]] = {
    N_("&File"): [
        ("new_db", N_("&New shop database…"), "Ctrl+N"),
        ("open_db", N_("&Open shop database…"), "Ctrl+O"),
        None,
        ("import", N_("&Import orders…"), "Ctrl+I"),
        ("outbox", N_("Customer &messages…"), "Ctrl+Shift+E"),
        None,
        ("backup", N_("&Back up…"), "Ctrl+B"),
        ("restore", N_("&Restore from a backup…"), ""),
        None,
        ("settings", N_("&Settings…"), "Ctrl+,"),
        ("sign_out", N_("Sign &out"), "Ctrl+Shift+L"),
        ("quit", N_("&Quit"), "Ctrl+Q"),
    ],
    N_("&Returns"): [
        ("new_return", N_("&New return…"), "Ctrl+Shift+N"),
        ("scan", N_("&Scan a parcel…"), "F2"),
        ("find", N_("&Find…"), "Ctrl+F"),
        ("refresh", N_("Re&fresh"), "F5"),
        None,
        ("approve_selected", N_("&Approve selected"), "Ctrl+Shift+Return"),
        ("overdue", N_("&Overdue only"), "Ctrl+Shift+O"),
        None,
        ("print_label", N_("Print &label…"), "Ctrl+P"),
        ("print_slip", N_("Print packing sli&p…"), "Ctrl+Shift+P"),
        ("print_instructions", N_("Print customer &instructions…"), ""),
        ("print_credit_note", N_("Print &credit note…"), ""),
        ("return_kit", N_("Return &kit for an order…"), "Ctrl+K"),
    ],
    N_("&View"): [
        ("tab_returns", N_("&Returns"), "Ctrl+1"),
        ("tab_policy", N_("&Policy"), "Ctrl+2"),
        ("tab_reports", N_("Re&ports"), "Ctrl+3"),
    ],
    N_("&Help"): [
        ("guide", N_("&User guide"), "F1"),
        ("about", N_("&About ReturnDesk"), ""),
    ],
}


class MenuBuilder:
    """Builds the menus of a MainWindow and connects each action to the window."""

    def __init__(self, window: DeskWindow) -> None:
        self.window = window
        self.menus: dict[str, QMenu] = {}
        self.actions: dict[str, QAction] = window.actions_by_name
        self.language_menu: QMenu | None = None
        self.language_actions: dict[str, QAction] = {}

    def build(self) -> None:
        """Create every menu and action."""
        bar = self.window.menuBar()
        for title, entries in MENUS.items():
            menu = bar.addMenu(tr(title))
            self.menus[title] = menu
            for entry in entries:
                if entry is None:
                    menu.addSeparator()
                    continue
                name, _label, keys = entry
                action = QAction(self.window)
                action.setObjectName(f"act_{name}")
                if keys:
                    action.setShortcut(QKeySequence(keys))
                menu.addAction(action)
                self.actions[name] = action
            if title == "&View":
                self._language_menu(menu)
        self._connect()

    def _language_menu(self, view: QMenu) -> None:
        view.addSeparator()
        self.language_menu = view.addMenu("")
        group = QActionGroup(self.window)
        for lang in LANGUAGES:
            action = QAction(LANGUAGE_NAMES[lang], self.window, checkable=True)
            action.setObjectName(f"lang_{lang}")
            action.setChecked(lang == current_language())
            action.triggered.connect(lambda _c=False, code=lang: self.window_set_language(code))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[lang] = action

    def window_set_language(self, lang: str) -> None:
        """Switch the language now (every open window retranslates itself) and keep it for this person."""
        install_language(lang)
        set_desk_language(lang)
        self.window.language_changed.emit(lang)
        desk = self.window.desk
        if desk.user.language != lang:

            def remembered(user: CurrentUser) -> None:
                desk.user = user

            desk.runner.run(lambda _p: set_my_language(desk.ctx, lang), remembered,
                            lambda error: show_error(self.window, error_text(error)))

    def _connect(self) -> None:
        w, a = self.window, self.actions
        a["new_db"].triggered.connect(lambda: self._choose_database(save=True))
        a["open_db"].triggered.connect(lambda: self._choose_database(save=False))
        a["import"].triggered.connect(self.import_file)
        a["outbox"].triggered.connect(self.outbox)
        a["backup"].triggered.connect(self.backup)
        a["restore"].triggered.connect(self.restore)
        a["settings"].triggered.connect(self.settings)
        a["sign_out"].triggered.connect(w.sign_out)
        a["quit"].triggered.connect(w.close)
        a["scan"].triggered.connect(w.scan)
        a["new_return"].triggered.connect(lambda: w.new_return(""))
        a["find"].triggered.connect(w.focus_search)
        a["refresh"].triggered.connect(w.refresh)
        a["approve_selected"].triggered.connect(w.queue.approve_selection)
        self.print_jobs = PrintJobs(w)
        self.print_jobs.connect_actions(a)
        a["overdue"].setCheckable(True)
        a["overdue"].toggled.connect(w.queue.overdue.setChecked)
        w.queue.overdue.toggled.connect(a["overdue"].setChecked)
        for i, name in enumerate(("tab_returns", "tab_policy", "tab_reports")):
            a[name].triggered.connect(lambda _c=False, index=i: w.tabs.setCurrentIndex(index))
        a["guide"].triggered.connect(self.guide)
        a["about"].triggered.connect(self.about)
        is_sqlite = w.desk.db.sqlite_path is not None
        a["backup"].setEnabled(is_sqlite and w.desk.user.is_owner)
        a["restore"].setEnabled(is_sqlite and w.desk.user.is_owner)

    def retranslate(self) -> None:
        """Set every menu and action title in the current language."""
        for title, entries in MENUS.items():
            self.menus[title].setTitle(tr(title))
            for entry in entries:
                if entry is not None:
                    self.actions[entry[0]].setText(tr(entry[1]))
        if self.language_menu is not None:
            self.language_menu.setTitle(tr("&Language"))
            for lang, action in self.language_actions.items():
                action.setChecked(lang == current_language())

    # -- handlers ----------------------------------------------------------------------------------
    def _choose_database(self, save: bool) -> None:
        title = tr("New shop database") if save else tr("Open shop database")
        path = self.window.choose_file(title, save, tr("ReturnDesk database (*.returndesk *.db *.sqlite)"))
        if path and self.window.may_leave(lambda: self.window.open_database_requested.emit(path)):
            self.window.open_database_requested.emit(path)

    def import_file(self) -> ImportDialog:
        """Open the import dialog; the queue refreshes after an import."""
        from desktop_app.gui.dialogs.import_dialog import ImportDialog

        dialog = ImportDialog(self.window.desk, self.window)
        dialog.imported.connect(self.window.refresh)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def outbox(self) -> OutboxDialog:
        """Open the outbox: customer messages, their state and what to do with one that did not go."""
        from desktop_app.gui.dialogs.outbox_dialog import OutboxDialog

        dialog = OutboxDialog(self.window.desk, self.window)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def backup(self) -> None:
        """Copy the shop database to a file the owner chooses (it holds every customer's data)."""
        from desktop_app.core.db.backup import backup_to

        if not self.window.desk.user.is_owner:
            show_error(self.window, tr("Only the owner can back up the shop."))
            return
        start = save_folder("backup") / f"returndesk-backup-{date.today():%Y-%m-%d}.db"
        chosen = self.window.choose_file(tr("Back up the shop"), True, tr("Backup (*.db)"), str(start))
        if not chosen:
            return
        try:
            path = checked_save_path(self.window, chosen)
        except UserFacingError as error:
            show_error(self.window, error_text(error))
            return
        db = self.window.desk.db

        def written(copy: Path) -> None:
            remember_folder("backup", copy)  # the next backup is offered in the same folder
            show_info(self.window, tr("Backup written to {path}.", path=str(copy)))

        self.window.desk.runner.run(
            lambda _p: backup_to(db, path),
            written,
            lambda error: show_error(self.window, error_text(error)))

    def restore(self) -> None:
        """Replace the shop database with a backup, then open it again (sign in again)."""
        from desktop_app.core.services.backups import restore_backup

        path = self.window.choose_file(tr("Restore from a backup"), False, tr("Backup (*.db)"))
        ctx = self.window.desk.ctx
        target = ctx.db.sqlite_path
        if not path or target is None:
            return
        self.window.desk.runner.run(
            lambda _p: restore_backup(ctx, path),
            lambda _r: self.window.open_database_requested.emit(str(target)),
            lambda error: show_error(self.window, error_text(error)))

    def settings(self) -> SettingsDialog:
        """Open the settings dialog."""
        from desktop_app.gui.dialogs.settings.dialog import SettingsDialog

        dialog = SettingsDialog(self.window.desk, self.window)
        dialog.language_chosen.connect(self.window_set_language)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def guide(self) -> GuideDialog:
        """Show the short user guide with the keyboard shortcuts."""
        from desktop_app.gui.dialogs.about_dialog import GuideDialog

        dialog = GuideDialog(self.window)
        dialog.open()
        return dialog

    def about(self) -> AboutDialog:
        """Show the version and the bundled licences."""
        from desktop_app.gui.dialogs.about_dialog import AboutDialog

        dialog = AboutDialog(self.window)
        dialog.open()
        return dialog
