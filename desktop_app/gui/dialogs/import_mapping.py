"""The mapping editor: which file column holds which field, how the file is written; saved as a TOML profile."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.i18n import UserFacingError
from desktop_app.core.imports.mapping import KEEP, MappingChoice, choice_from, custom_profile, ordered_fields
from desktop_app.core.imports.preview import read_sample
from desktop_app.core.imports.profile import Profile, builtin_names, load_profile
from desktop_app.core.imports.profile_writer import save_profile, saved_profiles
from desktop_app.gui.dialogs.import_fields import (
    CURRENCY_LABELS,
    DECIMAL_LABELS,
    DELIMITER_LABELS,
    ENCODING_LABELS,
    FIELD_LABELS,
    KIND_LABELS,
    THOUSANDS_LABELS,
)
from desktop_app.gui.i18n import Retranslatable, error_text, tr

log = logging.getLogger(__name__)


def _words(text: str, separator: str = ",") -> list[str]:
    return [part.strip() for part in text.split(separator) if part.strip()]


def _select(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    if index < 0:  # a setting the list does not name (e.g. a built-in profile's gb18030): shown as it is
        combo.addItem(value, value)
        index = combo.count() - 1
    combo.setCurrentIndex(index)


class MappingDialog(Retranslatable, QDialog):
    """Start from a built-in or saved profile (or blank), map the file's columns, and save a custom profile."""

    saved = Signal(str)  # the saved profile's path

    def __init__(self, path: str = "", start: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importMapping")
        self.path = path
        self.base: Profile | None = None
        self.header: list[str] = []
        self.first_row: list[str] = []
        self.choice = MappingChoice()
        self.start_from = QComboBox()
        self.start_from.setObjectName("mappingStart")
        self.start_from.addItem("", "")
        for name in builtin_names():
            self.start_from.addItem(name, name)
        for saved in saved_profiles():
            self.start_from.addItem(saved.stem, str(saved))
        self.name, self.source, self.dates, self.timezone = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.name.setObjectName("mappingName")
        self.dates.setObjectName("mappingDates")
        self.kind, self.delimiter, self.encoding = QComboBox(), QComboBox(), QComboBox()
        self.decimal, self.thousands = QComboBox(), QComboBox()
        self.currency_mode, self.currency_column = QComboBox(), QComboBox()
        self.currency = QLineEdit()
        self.currency.setMaxLength(3)
        self.currency.setMaximumWidth(70)
        self.negative, self.cancelled_at = QCheckBox(), QCheckBox()
        self.prefixes, self.return_statuses, self.cancel_statuses = QLineEdit(), QLineEdit(), QLineEdit()
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("mappingTable")
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(1, 220)
        self.problem = QLabel()
        self.problem.setObjectName("mappingProblem")
        self.problem.setWordWrap(True)
        self.save_button, self.cancel_button = QPushButton(), QPushButton()
        self.save_button.setObjectName("saveMapping")
        self.save_button.setDefault(True)
        self.labels = {key: QLabel() for key in ("start", "name", "kind", "source", "delimiter", "encoding",
                                                 "dates", "timezone", "decimal", "thousands", "currency",
                                                 "prefixes", "returns", "cancels")}
        self._build_layout()
        self.retranslate()
        self.start_from.currentIndexChanged.connect(lambda _i: self._start(self.start_from.currentData()))
        for combo in (self.delimiter, self.encoding):
            combo.currentIndexChanged.connect(lambda _i: self._reload_header())
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.currency_mode.currentIndexChanged.connect(lambda _i: self._currency_mode())
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.start_from.setCurrentIndex(max(0, self.start_from.findData(start)))
        self._start(self.start_from.currentData())
        self.resize(980, 660)

    def _build_layout(self) -> None:
        form = QFormLayout()
        currency_row = QHBoxLayout()
        for widget in (self.currency_mode, self.currency, self.currency_column):
            currency_row.addWidget(widget)
        currency_row.addStretch(1)
        rows: list[tuple[str, Any]] = [
            ("start", self.start_from), ("name", self.name), ("kind", self.kind), ("source", self.source),
            ("delimiter", self.delimiter), ("encoding", self.encoding), ("dates", self.dates),
            ("timezone", self.timezone), ("decimal", self.decimal), ("thousands", self.thousands),
            ("currency", currency_row)]
        for key, widget in rows:
            form.addRow(self.labels[key], widget)
        self.rules = QGroupBox()
        rules = QFormLayout(self.rules)
        rules.addRow(self.negative)
        rules.addRow(self.cancelled_at)
        rules.addRow(self.labels["prefixes"], self.prefixes)
        rules.addRow(self.labels["returns"], self.return_statuses)
        rules.addRow(self.labels["cancels"], self.cancel_statuses)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.rules)
        left.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(left, 0)
        body.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.problem, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.setWindowTitle(tr("Import profile: map the file's columns"))
        self.start_from.setItemText(0, tr("Blank profile"))
        texts = {"start": tr("Start from"), "name": tr("Profile name"), "kind": tr("The file lists"),
                 "source": tr("Orders come from"), "delimiter": tr("Delimiter"), "encoding": tr("Encoding"),
                 "dates": tr("Date formats"), "timezone": tr("Time zone"), "decimal": tr("Decimal separator"),
                 "thousands": tr("Thousands separator"), "currency": tr("Currency"),
                 "prefixes": tr("Credit note numbers start with"), "returns": tr("Statuses that are returns"),
                 "cancels": tr("Statuses that cancel")}
        for key, label in self.labels.items():
            label.setText(texts[key])
        for combo, items in ((self.kind, KIND_LABELS), (self.delimiter, DELIMITER_LABELS),
                             (self.encoding, ENCODING_LABELS), (self.decimal, DECIMAL_LABELS),
                             (self.thousands, THOUSANDS_LABELS),
                             (self.currency_mode, CURRENCY_LABELS)):
            for value, text in items:
                index = combo.findData(value)
                if index < 0:
                    combo.addItem(tr(text), value)
                else:
                    combo.setItemText(index, tr(text))
        self.dates.setPlaceholderText(tr("strptime formats separated by semicolons, e.g. %d.%m.%Y; %d.%m.%Y %H:%M"))
        self.dates.setToolTip(tr("Listed explicitly, never guessed: %d day, %m month, %Y year, %H:%M time."))
        self.timezone.setPlaceholderText(tr("shop (the shop's time zone) or e.g. Europe/Berlin"))
        self.currency.setPlaceholderText(tr("EUR"))
        self.source.setPlaceholderText(tr("the sales channel, e.g. till (the profile's name if empty)"))
        self.rules.setTitle(tr("Returns and cancellations"))
        self.negative.setText(tr("A negative quantity is a return"))
        self.cancelled_at.setText(tr("A filled “Cancelled at” column cancels the order"))
        for edit in (self.prefixes, self.return_statuses, self.cancel_statuses):
            edit.setPlaceholderText(tr("separated by commas"))
        self.table.setHorizontalHeaderLabels([tr("Field"), tr("Column in the file"), tr("First row")])
        self.save_button.setText(tr("Save profile"))
        self.cancel_button.setText(tr("Cancel"))
        if self.table.rowCount():
            self.choice = self.current_choice()  # keep what was chosen while the labels change
        self._fill_table()

    # -- starting values ---------------------------------------------------------------------------
    def _start(self, name_or_path: str) -> None:
        """Load the starting profile (or none) and show its settings against the file's header."""
        self.problem.clear()
        try:
            self.base = load_profile(name_or_path) if name_or_path else None
        except UserFacingError as error:
            self.base = None
            self.problem.setText(error_text(error))
        encoding = "utf-8" if self.base is None or self.base.encoding == "utf-8-sig" else self.base.encoding
        self.header, self.first_row = self._sample(encoding, self.base.delimiters[0] if self.base else ",")
        self._show(choice_from(self.base, self.header))

    def _sample(self, encoding: str, delimiter: str) -> tuple[list[str], list[str]]:
        if not self.path:
            self.problem.setText(tr("Choose the export file in the import window first: its columns are listed "
                                    "here."))
            return [], []
        try:
            return read_sample(self.path, encoding, delimiter)
        except UserFacingError as error:
            self.problem.setText(error_text(error))
            return [], []

    def _show(self, choice: MappingChoice) -> None:
        widgets = (self.delimiter, self.encoding, self.kind)
        for widget in widgets:
            widget.blockSignals(True)
        self.choice = choice
        self.name.setText(choice.name)
        self.source.setText(choice.source)
        _select(self.kind, choice.kind)
        _select(self.delimiter, choice.delimiter)
        _select(self.encoding, choice.encoding)
        self.dates.setText("; ".join(choice.date_formats))
        self.timezone.setText(choice.timezone)
        _select(self.decimal, choice.decimal)
        _select(self.thousands, choice.thousands)
        self.currency.setText(choice.currency)
        _select(self.currency_mode, "column" if choice.currency_column else "fixed")
        self.negative.setChecked(choice.negative_quantity)
        self.cancelled_at.setChecked(choice.cancelled_at_cancels)
        self.prefixes.setText(", ".join(choice.number_prefixes))
        self.return_statuses.setText(", ".join(choice.return_statuses))
        self.cancel_statuses.setText(", ".join(choice.cancel_statuses))
        for widget in widgets:
            widget.blockSignals(False)
        self.rules.setEnabled(choice.kind == "orders")
        self._fill_table()

    def _reload_header(self) -> None:
        self.choice = self.current_choice()
        self.problem.clear()
        self.header, self.first_row = self._sample(self.encoding.currentData(), self.delimiter.currentData())
        self._fill_table()

    def _kind_changed(self) -> None:
        self.rules.setEnabled(self.kind.currentData() == "orders")
        self.choice = self.current_choice()
        self._fill_table()

    def _currency_mode(self) -> None:
        self.currency_column.setVisible(self.currency_mode.currentData() == "column")

    # -- the column table --------------------------------------------------------------------------
    def _combo(self, field: str, chosen: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(f"column_{field}")
        combo.addItem(tr("— not imported —"), "")
        for header in self.header:
            combo.addItem(header, header)
        if chosen == KEEP and self.base is not None and (rule := self.base.rule(field)) is not None:
            combo.addItem(tr("{column} (not in this file)", column=rule.headers[0]), KEEP)
        elif chosen and chosen != KEEP and combo.findData(chosen) < 0:
            combo.addItem(tr("{column} (not in this file)", column=chosen), chosen)
        combo.setCurrentIndex(max(0, combo.findData(chosen)))
        return combo

    def _fill_table(self) -> None:
        """Show one row per field of the chosen kind: its label, the file column, and the first row's value."""
        kind = self.kind.currentData() or "orders"
        fields = ordered_fields(kind)
        for row in range(self.table.rowCount()):  # old combos go at once, not at the next event loop turn
            old = self.table.cellWidget(row, 1)
            if old is not None:
                old.hide()
                self.table.removeCellWidget(row, 1)
        self.table.setRowCount(len(fields))
        for row, field in enumerate(fields):
            label = QTableWidgetItem(tr(FIELD_LABELS.get(field, field)))
            label.setFlags(Qt.ItemFlag.ItemIsEnabled)
            label.setData(Qt.ItemDataRole.UserRole, field)
            self.table.setItem(row, 0, label)
            combo = self._combo(field, self.choice.columns.get(field, ""))
            combo.currentIndexChanged.connect(lambda _i, r=row: self._show_sample(r))
            self.table.setCellWidget(row, 1, combo)
            self._show_sample(row)
        currency = self.choice.currency_column
        self.currency_column.clear()
        for header in self.header:
            self.currency_column.addItem(header, header)
        if currency == KEEP and self.base is not None and (rule := self.base.rule("currency")) is not None:
            self.currency_column.addItem(tr("{column} (not in this file)", column=rule.headers[0]), KEEP)
        self.currency_column.setCurrentIndex(max(0, self.currency_column.findData(currency)))
        self._currency_mode()

    def _show_sample(self, row: int) -> None:
        combo = self.table.cellWidget(row, 1)
        header = combo.currentData() if isinstance(combo, QComboBox) else ""
        index = self.header.index(header) if header in self.header else -1
        value = self.first_row[index] if 0 <= index < len(self.first_row) else ""
        item = QTableWidgetItem(value)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.table.setItem(row, 2, item)

    # -- saving ------------------------------------------------------------------------------------
    def current_choice(self) -> MappingChoice:
        """Return what the editor shows now, as plain values."""
        columns = {}
        for row in range(self.table.rowCount()):
            combo, label = self.table.cellWidget(row, 1), self.table.item(row, 0)
            if isinstance(combo, QComboBox) and label is not None and combo.currentData():
                columns[label.data(Qt.ItemDataRole.UserRole)] = combo.currentData()
        by_column = self.currency_mode.currentData() == "column"
        return MappingChoice(
            name=self.name.text(), kind=self.kind.currentData(), source=self.source.text(),
            encoding=self.encoding.currentData(), delimiter=self.delimiter.currentData(),
            date_formats=_words(self.dates.text(), ";"), timezone=self.timezone.text(),
            decimal=self.decimal.currentData(), thousands=self.thousands.currentData(),
            currency=self.currency.text(), currency_column=(self.currency_column.currentData() or "")
            if by_column else "", columns=columns, negative_quantity=self.negative.isChecked(),
            number_prefixes=_words(self.prefixes.text()), return_statuses=_words(self.return_statuses.text()),
            cancel_statuses=_words(self.cancel_statuses.text()), cancelled_at_cancels=self.cancelled_at.isChecked())

    def save(self) -> None:
        """Check the mapping and save it as a custom profile; a problem is shown as a sentence."""
        start = self.start_from.currentData() or ""
        self.problem.clear()
        try:
            profile = custom_profile(self.current_choice(), self.base)
            same = self.base is not None and start.endswith(".toml") and self.base.name == profile.name
            path = save_profile(profile, overwrite=same)
        except UserFacingError as error:
            self.problem.setText(error_text(error))
            return
        except Exception as error:  # never a traceback in the window
            log.exception("Saving an import profile failed")
            self.problem.setText(error_text(error))
            return
        self.saved.emit(str(path))
        self.accept()
