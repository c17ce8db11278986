"""File > Import: a shop export through a saved profile, checked first, in the background with Cancel."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
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
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui.backend import Desk
from desktop_app.gui.i18n import Retranslatable, error_text, tr
from desktop_app.gui.workers import Progress

OTHER_PROFILE = ""


class ImportDialog(Retranslatable, QDialog):
    """Choose a file and its profile; check only, or import; see the counts or every bad line."""

    imported = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop_app.core.imports.profile import builtin_names

        self.setObjectName("importDialog")
        self.desk = desk
        self.progress: Progress | None = None
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.file = QLineEdit()
        self.file.setObjectName("importFile")
        self.browse = QPushButton()
        self.profile = QComboBox()
        self.profile.setObjectName("importProfile")
        for name in builtin_names():
            self.profile.addItem(name, name)
        self.profile.addItem("", OTHER_PROFILE)
        self.profile.setCurrentIndex(max(0, self.profile.findData("shopify")))
        self.profile_file = QLineEdit()
        self.profile_file.setObjectName("profileFile")
        self.profile_file.setVisible(False)
        self.check_only = QCheckBox()
        self.check_only.setObjectName("checkOnly")
        self.bar = QProgressBar()
        self.bar.hide()
        self.result = QPlainTextEdit()
        self.result.setObjectName("importResult")
        self.result.setReadOnly(True)
        self.start = QPushButton()
        self.start.setObjectName("startImport")
        self.start.setDefault(True)
        self.cancel = QPushButton()
        self.cancel.setObjectName("cancelImport")
        self.close_button = QPushButton()
        self.file_label, self.profile_label = QLabel(), QLabel()
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(self.browse)
        form = QFormLayout()
        form.addRow(self.file_label, file_row)
        form.addRow(self.profile_label, self.profile)
        form.addRow("", self.profile_file)
        form.addRow("", self.check_only)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.start, self.cancel, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.bar)
        layout.addWidget(self.result, 1)
        layout.addLayout(buttons)
        self.browse.clicked.connect(self._browse)
        self.profile.currentIndexChanged.connect(
            lambda _i: self.profile_file.setVisible(self.profile.currentData() == OTHER_PROFILE))
        self.start.clicked.connect(self.run)
        self.cancel.clicked.connect(self._cancel)
        self.close_button.clicked.connect(self.reject)
        self.cancel.setEnabled(False)
        self.resize(720, 480)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.setWindowTitle(tr("Import orders and returns"))
        self.intro.setText(tr("Import an export of your shop. The whole file is checked first: a file with "
                              "bad lines is refused whole, and importing the same orders again adds nothing."))
        self.file_label.setText(tr("File"))
        self.profile_label.setText(tr("Profile"))
        self.browse.setText(tr("Choose…"))
        self.profile.setItemText(self.profile.count() - 1, tr("Another profile (a TOML file)…"))
        self.profile_file.setPlaceholderText(tr("Path of the profile's .toml file"))
        self.check_only.setText(tr("Only check the file, change nothing"))
        self.start.setText(tr("Import"))
        self.cancel.setText(tr("Stop"))
        self.close_button.setText(tr("Close"))

    def choose_file(self) -> str:
        """Ask for the export file (tests replace this)."""
        path, _filter = QFileDialog.getOpenFileName(self, tr("Choose the export file"), "",
                                                    tr("Exports (*.csv *.tsv *.txt);;All files (*)"))
        return str(path or "")

    def _browse(self) -> None:
        path = self.choose_file()
        if path:
            self.file.setText(path)

    def run(self) -> None:
        """Check or import the file in the background, showing progress; Stop cancels with no change."""
        from desktop_app.core.imports.writer import import_file

        profile = self.profile.currentData() or self.profile_file.text().strip()
        db, user, path, dry = self.desk.db, self.desk.user, self.file.text().strip(), self.check_only.isChecked()
        if not path or not profile:
            self.result.setPlainText(tr("Choose the file and its profile first."))
            return
        self.start.setEnabled(False)
        self.cancel.setEnabled(True)
        self.bar.setRange(0, 0)
        self.bar.show()
        self.result.clear()

        def task(progress: Progress) -> Any:
            return import_file(db, path, profile, user, dry_run=dry,
                               progress=lambda done, total: (progress.report(done, total), not progress.cancelled)[1])

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
        lines = [tr("Checked {rows} lines: nothing was changed.", rows=result.rows) if result.dry_run
                 else tr("Imported {rows} lines.", rows=result.rows),
                 tr("Orders: {added} new, {known} already there.", added=result.orders_added,
                    known=result.orders_already_there),
                 tr("Returns: {added} new, {known} already there.", added=result.returns_added,
                    known=result.returns_already_there),
                 tr("Products: {products} new; customers: {customers} new.", products=result.products_added,
                    customers=result.customers_added)]
        self.result.setPlainText("\n".join(lines))
        if not result.dry_run:
            self.imported.emit()

    def _failed(self, error: BaseException) -> None:
        self._finish()
        self.result.setPlainText(error_text(error))
