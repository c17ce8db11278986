"""Settings pages, declared Picard-style: each names its title, who may see it, and its load/save."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop_app.core.documents.kinds import DOCUMENT_TYPES, ZPL_DPIS
from desktop_app.core.i18n import N_, current_language
from desktop_app.core.services import users as svc
from desktop_app.core.services.auth import PIN_DIGITS
from desktop_app.core.services.settings import (
    ShopSettings,
    get_settings,
    set_settings,
    setting_keys,
    setting_meaning,
    settings_as_dict,
)
from desktop_app.core.services.users import UserInfo, add_user, list_users, set_my_language
from desktop_app.gui.backend import Desk
from desktop_app.gui.desk_settings import desk_settings
from desktop_app.gui.dialogs.logo_picker import LogoPicker
from desktop_app.gui.dialogs.settings.base import Save, SettingsPage
from desktop_app.gui.dialogs.sign_in import language_box
from desktop_app.gui.formatting import text_of
from desktop_app.gui.i18n import error_text, tr
from desktop_app.gui.printing.print_service import printer_zpl_dpi, set_printer_zpl_dpi
from desktop_app.gui.read_only import look_read_only

# The logo has its own picker (logo_picker.py); the mail server has its own page (mail.py).
SKIPPED_SHOP_KEYS = {"shop.logo", "smtp.host", "smtp.port", "smtp.security", "smtp.username", "smtp.sender"}


class ShopPage(SettingsPage):
    """The shop's settings, stored in the database; only the owner changes them."""

    TITLE = N_("Shop")

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)

        self.note = QLabel()
        self.note.setWordWrap(True)
        self.form = QFormLayout()
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.labels: dict[str, QLabel] = {}
        self.loaded: dict[str, str] = {}
        for key in setting_keys():
            if key in SKIPPED_SHOP_KEYS:
                continue
            field: QLineEdit | QPlainTextEdit
            if key == "shop.address":
                field = QPlainTextEdit()
                field.setFixedHeight(112)
            else:
                field = QLineEdit()
            field.setObjectName(f"setting_{key}")
            look_read_only(field, not desk.user.is_owner)  # a clerk reads the shop settings, and sees so
            label = QLabel(text_of(setting_meaning(key)))
            label.setWordWrap(True)
            self.form.addRow(label, field)
            self.fields[key] = field
            self.labels[key] = label

        self.logo = LogoPicker(desk.user.is_owner)
        self.logo_label = QLabel(tr("The logo on documents"))
        self.form.addRow(self.logo_label, self.logo)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(self.form)
        self.note.setText(tr("These settings belong to the shop and are the same on every desk.")
                          if desk.user.is_owner else
                          tr("Only the owner can change the shop settings; you can read them here."))

    def load(self) -> None:
        """Read the shop settings."""
        values = settings_as_dict(self.desk.db)
        self.logo.set_logo(get_settings(self.desk.db).shop_logo)
        for key, field in self.fields.items():
            value = values.get(key)
            text = "\n".join(value) if isinstance(value, list) else ("" if value is None else str(value))
            self.loaded[key] = text
            if isinstance(field, QPlainTextEdit):
                field.setPlainText(text)
            else:
                field.setText(text)

    def values(self) -> dict[str, str | bytes]:
        """Return the settings whose text changed (and the logo, when a new one was chosen or it was removed)."""
        out: dict[str, str | bytes] = {}
        if self.logo.changed:
            out["shop.logo"] = self.logo.data or ""
        for key, field in self.fields.items():
            text = field.toPlainText() if isinstance(field, QPlainTextEdit) else field.text()
            if text != self.loaded.get(key, ""):
                out[key] = text
        return out

    def save(self) -> Save:
        """Save the changed shop settings (the service refuses anyone but the owner)."""
        changed, ctx = self.values(), self.desk.ctx
        if not changed:
            return None

        def save() -> ShopSettings:
            return set_settings(ctx, changed)

        return save


class DeskPage(SettingsPage):
    """This computer's printers per document and the shop server, kept in QSettings."""

    TITLE = N_("This desk")

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)
        printers = list(QPrinterInfo.availablePrinterNames())
        form = QFormLayout(self)
        self.printers: dict[str, QComboBox] = {}
        for document in DOCUMENT_TYPES:
            kind = document.code
            box = QComboBox()
            box.setObjectName(f"printer_{kind}")
            box.setEditable(True)
            box.addItem(tr("Ask every time"), "")
            for name in printers:
                box.addItem(name, name)
            form.addRow(tr(document.plural), box)
            self.printers[kind] = box
        self.label_language = QComboBox()  # a thermal printer is sent ZPL, any other printer the PDF
        self.label_language.setObjectName("labelPrinterLanguage")
        self.label_language.addItem(tr("PDF (any printer)"), 0)
        for dpi in ZPL_DPIS:
            self.label_language.addItem(tr("ZPL at {dpi} dpi (Zebra and compatible thermal printers)", dpi=dpi), dpi)
        form.addRow(tr("The label printer speaks"), self.label_language)
        self.printers["label"].currentTextChanged.connect(self._show_label_language)
        self.server = QLineEdit()
        self.server.setObjectName("server")
        self.server.setPlaceholderText("postgresql://user@host/returndesk")
        form.addRow(tr("Shop server (leave empty for a file)"), self.server)

    def load(self) -> None:
        """Read this desk's settings."""
        settings = desk_settings()
        for kind, box in self.printers.items():
            name = str(settings.value(f"printers/{kind}", "") or "")
            index = box.findData(name)
            if index >= 0:
                box.setCurrentIndex(index)
            else:
                box.setEditText(name)
        self.server.setText(str(settings.value("desk/server", "") or ""))
        self._show_label_language(self.printers["label"].currentText())

    def _show_label_language(self, printer: str) -> None:
        """Show whether the printer chosen for labels is sent ZPL (and at what resolution) or the PDF."""
        self.label_language.setCurrentIndex(max(0, self.label_language.findData(printer_zpl_dpi(printer.strip()) or 0)))

    def save(self) -> Save:
        """Store this desk's settings at once (no database involved)."""
        settings = desk_settings()
        for kind, box in self.printers.items():
            text = box.currentText().strip()  # a typed printer name counts, not only a listed one
            index = box.findText(text)
            settings.setValue(f"printers/{kind}", box.itemData(index) if index >= 0 else text)
        settings.setValue("desk/server", self.server.text().strip())
        settings.sync()
        set_printer_zpl_dpi(self.printers["label"].currentText().strip(), self.label_language.currentData() or None)
        return None


class LanguagePage(SettingsPage):
    """The signed-in person's language, on their user row; the window switches at once."""

    TITLE = N_("Language")

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)
        self.language = language_box()
        self.note = QLabel(tr("The window changes language as soon as you press OK; customer messages keep "
                              "the customer's language."))
        self.note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(tr("Language"), self.language)
        form.addRow(self.note)

    def load(self) -> None:
        """Show the language in use."""
        self.language.setCurrentIndex(max(0, self.language.findData(current_language())))

    def chosen(self) -> str:
        """Return the language chosen."""
        return str(self.language.currentData())

    def save(self) -> Save:
        """Store the person's language on their user row."""
        lang, ctx = self.chosen(), self.desk.ctx
        if lang == self.desk.user.language:
            return None
        return lambda: set_my_language(ctx, lang)


class UsersPage(SettingsPage):
    """The people who sign in, and adding a clerk; the owner's page."""

    TITLE = N_("Users")
    OWNER_ONLY = True

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("users")
        self.table.setHorizontalHeaderLabels([tr("Name"), tr("Shown as"), tr("Role"), tr("Active"), tr("PIN")])
        self.short_pins = QLabel()  # PINs chosen before new ones needed 6 digits
        self.short_pins.setObjectName("shortPins")
        self.short_pins.setWordWrap(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.name, self.pin = QLineEdit(), QLineEdit()
        self.name.setObjectName("newUserName")
        self.name.setPlaceholderText(tr("Name"))
        self.pin.setObjectName("newUserPin")
        self.pin.setPlaceholderText(tr("First PIN"))
        self.role = QComboBox()
        self.role.addItem(tr("clerk"), "clerk")
        self.role.addItem(tr("owner"), "owner")
        self.add = QPushButton(tr("Add user"))
        self.add.setObjectName("addUser")
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b22222")
        self.users: list[UserInfo] = []
        self.switch_role = QPushButton(tr("Switch owner/clerk"))
        self.switch_role.setObjectName("switchRole")
        self.toggle_active = QPushButton(tr("Deactivate / activate"))
        self.toggle_active.setObjectName("toggleActive")
        self.reset_pin = QPushButton(tr("Set the PIN typed above"))
        self.reset_pin.setObjectName("resetPin")
        row = QHBoxLayout()
        for widget in (self.name, self.pin, self.role, self.add):
            row.addWidget(widget)
        chosen = QHBoxLayout()
        for widget in (self.switch_role, self.toggle_active, self.reset_pin):
            chosen.addWidget(widget)
        chosen.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.short_pins)
        layout.addLayout(chosen)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        self.add.clicked.connect(self.add_user)
        self.switch_role.clicked.connect(lambda: self._change("role"))
        self.toggle_active.clicked.connect(lambda: self._change("active"))
        self.reset_pin.clicked.connect(lambda: self._change("pin"))

    def load(self) -> None:
        """List the users."""
        users = list_users(self.desk.ctx)
        self.users = users
        self.table.setRowCount(len(users))
        for r, user in enumerate(users):
            role = tr("owner") if user.role == "owner" else tr("clerk")
            pin = tr("short: give a new one") if user.short_pin else ""
            for c, text in enumerate((user.name, user.display_name, role, tr("yes") if user.active else tr("no"),
                                      pin)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        short = [user.name for user in users if user.short_pin]
        self.short_pins.setText(tr("{names} still sign in with a PIN shorter than {digits} digits: choose them in "
                                   "the list, type a new PIN below and set it.", names=", ".join(short),
                                   digits=PIN_DIGITS) if short else "")
        self.short_pins.setVisible(bool(short))

    def add_user(self) -> None:
        """Add the user typed in the row below the list."""
        ctx, name, pin, role = self.desk.ctx, self.name.text(), self.pin.text(), self.role.currentData()

        def added(_user: UserInfo) -> None:
            self.name.clear()
            self.pin.clear()
            self.problem.clear()
            self.load()

        self.desk.runner.run(lambda _p: add_user(ctx, name, pin, role), added,
                             lambda error: self.problem.setText(error_text(error)))

    def selected(self) -> UserInfo | None:
        """Return the user of the selected row, or None."""
        row = self.table.currentRow()
        return self.users[row] if 0 <= row < len(self.users) else None

    def _change(self, what: str) -> None:
        """Change the selected user's role, active state or PIN (the service checks the rules)."""
        user, ctx, pin = self.selected(), self.desk.ctx, self.pin.text()
        if user is None:
            self.problem.setText(tr("Choose a user in the list first."))
            return
        job: Callable[[], UserInfo]
        if what == "role":
            role = "clerk" if user.role == "owner" else "owner"
            job = lambda: svc.change_role(ctx, user.id, role, user.version)  # noqa: E731
        elif what == "active":
            job = lambda: svc.set_active(ctx, user.id, not user.active, user.version)  # noqa: E731
        else:
            job = lambda: svc.reset_secret(ctx, user.id, pin, user.version)  # noqa: E731

        def changed(_user: UserInfo) -> None:
            self.problem.clear()
            self.pin.clear()
            self.load()

        self.desk.runner.run(lambda _p: job(), changed, lambda error: self.problem.setText(error_text(error)))
