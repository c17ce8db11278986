"""File > Import: a shop export through a profile, previewed as read, checked first, in the background with Stop."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.i18n import UserFacingError
from desktop_app.core.imports.preview import preview_rows
from desktop_app.core.imports.profile import builtin_names
from desktop_app.core.imports.profile_writer import saved_profiles
from desktop_app.core.imports.writer import import_file
from desktop_app.gui.backend import Desk
from desktop_app.gui.dialogs.import_mapping import MappingDialog
from desktop_app.gui.i18n import Retranslatable, error_text, render, tr
from desktop_app.gui.workers import Progress

OTHER_PROFILE = ""
PREVIEW_ROWS = 20
log = logging.getLogger(__name__)


class ImportDialog(Retranslatable, QDialog):
    """Choose a file and its profile; check only, or import; see the counts or every bad line."""

    imported = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.desk = desk
        self.progress: Progress | None = None
        self._make_widgets()
        self._lay_out()
        self._connect()
        self.cancel.setEnabled(False)
        self.resize(900, 660)
        self.retranslate()
        self.refresh_preview()

    def _make_widgets(self) -> None:
        """Create the file, profile, preview, progress and button widgets."""
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.file = QLineEdit()
        self.file.setObjectName("importFile")
        self.browse = QPushButton()
        self.profile = QComboBox()
        self.profile.setObjectName("importProfile")
        self._fill_profiles("shopify")
        self.edit_mapping = QPushButton()
        self.edit_mapping.setObjectName("editMapping")
        self.preview_note = QLabel()
        self.preview_note.setObjectName("previewNote")
        self.preview_note.setWordWrap(True)
        self.preview = QTableWidget()
        self.preview.setObjectName("importPreview")
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.verticalHeader().setDefaultSectionSize(22)
        self.profile_file = QLineEdit()
        self.profile_file.setObjectName("profileFile")
        self.profile_file.setVisible(False)
        self.check_only = QCheckBox()
        self.check_only.setObjectName("checkOnly")
        self.bar = QProgressBar()
        self.bar.hide()
        self.outcome = QPlainTextEdit()
        self.outcome.setObjectName("importResult")
        self.outcome.setReadOnly(True)
        self.start = QPushButton()
        self.start.setObjectName("startImport")
        self.start.setDefault(True)
        self.cancel = QPushButton()
        self.cancel.setObjectName("cancelImport")
        self.close_button = QPushButton()
        self.file_label, self.profile_label = QLabel(), QLabel()

    def _lay_out(self) -> None:
        """Place the widgets: the form on top, the preview, the progress, the outcome, the buttons."""
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(self.browse)
        form = QFormLayout()
        form.addRow(self.file_label, file_row)
        profile_row = QHBoxLayout()
        profile_row.addWidget(self.profile, 1)
        profile_row.addWidget(self.edit_mapping)
        form.addRow(self.profile_label, profile_row)
        form.addRow("", self.profile_file)
        form.addRow("", self.check_only)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.start, self.cancel, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.preview_note)
        layout.addWidget(self.preview, 3)
        layout.addWidget(self.bar)
        layout.addWidget(self.outcome, 1)
        layout.addLayout(buttons)

    def _connect(self) -> None:
        """Wire the widgets to what they do."""
        self.browse.clicked.connect(self._browse)
        self.profile.currentIndexChanged.connect(self._profile_changed)
        self.file.textChanged.connect(lambda _t: self.refresh_preview())
        self.profile_file.textChanged.connect(lambda _t: self.refresh_preview())
        self.edit_mapping.clicked.connect(self.open_mapping)
        self.start.clicked.connect(self.run)
        self.cancel.clicked.connect(self._cancel)
        self.close_button.clicked.connect(self.reject)

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.setWindowTitle(tr("Import orders and returns"))
        self.intro.setText(tr("Import an export of your shop. The whole file is checked first: a file with "
                              "bad lines is refused whole, and importing the same orders again adds nothing."))
        self.file_label.setText(tr("File"))
        self.profile_label.setText(tr("Profile"))
        self.browse.setText(tr("Choose…"))
        self.profile.setItemText(self.profile.count() - 1, tr("Another profile (a TOML file)…"))
        for index in range(self.profile.count() - 1):
            data = self.profile.itemData(index)
            if data.endswith(".toml"):
                self.profile.setItemText(index, tr("{name} (saved)", name=Path(data).stem))
        self.edit_mapping.setText(tr("Edit mapping…"))
        self.profile_file.setPlaceholderText(tr("Path of the profile's .toml file"))
        self.check_only.setText(tr("Only check the file, change nothing"))
        self.start.setText(tr("Import"))
        self.cancel.setText(tr("Stop"))
        self.close_button.setText(tr("Close"))
        self.refresh_preview()

    # -- profiles and preview ----------------------------------------------------------------------
    def _fill_profiles(self, select: str) -> None:
        """List the built-in profiles, then the saved ones, then "another profile"; select one by data."""
        self.profile.blockSignals(True)
        self.profile.clear()
        for name in builtin_names():
            self.profile.addItem(name, name)
        for path in saved_profiles():
            self.profile.addItem(tr("{name} (saved)", name=path.stem), str(path))
        self.profile.addItem(tr("Another profile (a TOML file)…"), OTHER_PROFILE)
        self.profile.setCurrentIndex(max(0, self.profile.findData(select)))
        self.profile.blockSignals(False)

    def _profile_changed(self, _index: int) -> None:
        self.profile_file.setVisible(self.profile.currentData() == OTHER_PROFILE)
        self.refresh_preview()

    def chosen_profile(self) -> str:
        """Return the chosen profile: a built-in name or a .toml path ('' when none is given)."""
        return str(self.profile.currentData() or self.profile_file.text().strip())

    def set_file(self, path: str) -> None:
        """Put a file in the dialog (Choose…, or a file dropped on the main window); the preview follows."""
        self.file.setText(path)

    def refresh_preview(self) -> None:
        """Show the file's first rows exactly as the chosen profile reads them, or the sentence why not."""
        self.preview.clear()
        self.preview.setRowCount(0)
        self.preview.setColumnCount(0)
        path, profile = self.file.text().strip(), self.chosen_profile()
        if not path or not profile:
            self.preview_note.setText(tr("Choose the file and its profile to see its first rows here."))
            return
        try:
            headers, rows = preview_rows(path, profile, PREVIEW_ROWS)
        except Exception as error:  # a sentence for the person, never a traceback
            if not isinstance(error, UserFacingError):
                log.exception("Preview of %s failed", path)
            self.preview_note.setText(f"{error_text(error)} "
                                      f"{tr('Choose another profile, or make one with Edit mapping….')}")
            return
        self.preview.setColumnCount(len(headers))
        self.preview.setHorizontalHeaderLabels(headers)
        self.preview.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                self.preview.setItem(r, c, QTableWidgetItem(cell))
        self.preview.resizeColumnsToContents()
        for column in range(self.preview.columnCount()):
            self.preview.setColumnWidth(column, min(self.preview.columnWidth(column), 260))
        self.preview_note.setText(tr("The first {count} rows as this profile reads them:", count=len(rows)))

    def open_mapping(self) -> Any:
        """Open the mapping editor on the chosen file, starting from the chosen profile."""
        editor = MappingDialog(self.file.text().strip(), self.chosen_profile(), self)
        editor.saved.connect(self._mapping_saved)
        editor.finished.connect(editor.deleteLater)
        editor.open()
        return editor

    def _mapping_saved(self, path: str) -> None:
        self._fill_profiles(path)
        self._profile_changed(self.profile.currentIndex())

    def choose_file(self) -> str:
        """Ask for the export file (tests replace this)."""
        path, _filter = QFileDialog.getOpenFileName(self, tr("Choose the export file"), "",
                                                    tr("Exports (*.csv *.tsv *.txt);;All files (*)"))
        return str(path or "")

    def _browse(self) -> None:
        path = self.choose_file()
        if path:
            self.set_file(path)

    def run(self) -> None:
        """Check or import the file in the background, showing progress; Stop cancels with no change."""
        profile = self.chosen_profile()
        db, user, path, dry = self.desk.db, self.desk.user, self.file.text().strip(), self.check_only.isChecked()
        if not path or not profile:
            self.outcome.setPlainText(tr("Choose the file and its profile first."))
            return
        self.start.setEnabled(False)
        self.cancel.setEnabled(True)
        self.bar.setRange(0, 0)
        self.bar.show()
        self.outcome.clear()

        def task(progress: Progress) -> Any:
            def step(done: int, total: int) -> bool:
                progress.report(done, total)
                return not progress.cancelled

            return import_file(db, path, profile, user, dry_run=dry, progress=step)

        self.progress = self.desk.runner.run(task, self._done, self._failed, self._report)

    def _report(self, done: int, total: int, _text: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, max(total, 1)))

    def _cancel(self) -> None:
        if self.progress is not None:
            self.progress.cancel()

    def _finish(self) -> None:
        self.start.setEnabled(True)
        self.cancel.setEnabled(False)
        self.bar.hide()

    def _done(self, result: Any) -> None:
        self._finish()
        lines = [render(line) for line in result.summary_lines()]
        self.outcome.setPlainText("\n".join(lines))
        if not result.dry_run:
            self.imported.emit()

    def _failed(self, error: BaseException) -> None:
        self._finish()
        self.outcome.setPlainText(error_text(error))
