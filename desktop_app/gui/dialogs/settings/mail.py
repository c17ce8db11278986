"""The Mail settings page: the shop's mail server, its password (keyring or private file) and a test message."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from desktop_app.core.i18n import N_, Message
from desktop_app.core.notify.secrets import load_password, password_storage, save_password
from desktop_app.core.notify.sender import SmtpConfig, send_test_message
from desktop_app.core.services.base import InvalidInput, require_owner
from desktop_app.core.services.settings import ShopSettings, set_settings, settings_as_dict
from desktop_app.gui.backend import Desk
from desktop_app.gui.dialogs.outbox_dialog import mail_runner_for
from desktop_app.gui.dialogs.settings.base import Save, SettingsPage
from desktop_app.gui.i18n import error_text, tr
from desktop_app.gui.workers import Progress

SECURITY = (("starttls", N_("STARTTLS (usually port 587)")), ("ssl", N_("SSL/TLS (usually port 465)")),
            ("none", N_("None (port 25; only for a server inside the shop)")))
USUAL_PORTS = {"starttls": "587", "ssl": "465", "none": "25"}
TEXT_KEYS = ("smtp.host", "smtp.port", "smtp.username", "smtp.sender")


def _config(values: dict[str, str], shop_name: str) -> SmtpConfig:
    """Build an SmtpConfig from the page's values (not yet saved)."""
    security = values["smtp.security"] or "starttls"
    port = values["smtp.port"].strip() or str({"ssl": 465, "none": 25}.get(security, 587))
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise InvalidInput(Message("The port is a number from 1 to 65535."))
    return SmtpConfig(host=values["smtp.host"].strip(), port=int(port), security=security,
                      username=values["smtp.username"].strip(), sender=values["smtp.sender"].strip(),
                      sender_name=shop_name, timeout=15.0)


class MailPage(SettingsPage):
    """The owner's page for the outgoing mail server; messages wait in the outbox until it works."""

    TITLE = N_("Mail")
    OWNER_ONLY = True

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)

        self.mail_runner = mail_runner_for(desk)  # a slow mail server never holds up the desk's other work
        self.loaded: dict[str, str] = {}
        self.shop: dict[str, str] = {"name": "", "email": ""}
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        labels = {"smtp.host": N_("Mail server"), "smtp.port": N_("Port"),
                  "smtp.username": N_("User name"), "smtp.sender": N_("Sender address")}
        for key in TEXT_KEYS:
            field = QLineEdit()
            field.setObjectName(f"mail_{key.removeprefix('smtp.')}")
            self.fields[key] = field
            form.addRow(tr(labels[key]), field)
            if key == "smtp.port":
                self.security = QComboBox()
                self.security.setObjectName("mail_security")
                for value, label in SECURITY:
                    self.security.addItem(tr(label), value)
                form.addRow(tr("Security"), self.security)
        self.fields["smtp.host"].setPlaceholderText("mail.example.com")
        self.fields["smtp.port"].setPlaceholderText(tr("the usual port"))
        self.fields["smtp.sender"].setPlaceholderText("returns@example.com")
        self.password = QLineEdit()
        self.password.setObjectName("mail_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(tr("unchanged"))
        form.addRow(tr("Password"), self.password)
        self.storage = QLabel(
            tr("The password is kept in this computer's keyring.") if password_storage() == "keyring"
            else tr("This computer has no keyring: the password is kept in a file only you can read, "
                    "but it is not encrypted."))
        self.storage.setObjectName("mail_storage")
        self.storage.setWordWrap(True)
        self.test = QPushButton(tr("Send a test message"))
        self.test.setObjectName("mail_test")
        self.result = QLabel()
        self.result.setObjectName("mail_result")
        self.result.setWordWrap(True)
        intro = QLabel(tr("Customer messages leave through this server. Until it is set up they wait in the "
                          "outbox, where you can open them in your mail client or copy them."))
        intro.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.test)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.storage)
        layout.addLayout(row)
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.test.clicked.connect(self.send_test)
        self.security.currentIndexChanged.connect(self._usual_port)

    def _usual_port(self) -> None:
        """Follow the security choice with its usual port, unless the owner typed another one."""
        port = self.fields["smtp.port"]
        if port.text().strip() in ("", *USUAL_PORTS.values()):
            port.setText(USUAL_PORTS.get(str(self.security.currentData()), "587"))

    def load(self) -> None:
        """Read the shop's mail settings."""
        values = settings_as_dict(self.desk.db)
        for key, field in self.fields.items():
            value = values.get(key)
            self.loaded[key] = "" if value is None else str(value)
            field.setText(self.loaded[key])
        self.loaded["smtp.security"] = str(values.get("smtp.security") or "starttls")
        self.security.blockSignals(True)
        self.security.setCurrentIndex(max(0, self.security.findData(self.loaded["smtp.security"])))
        self.security.blockSignals(False)
        self.shop = {"name": str(values.get("shop.name") or ""), "email": str(values.get("shop.email") or "")}

    def values(self) -> dict[str, str]:
        """Return every mail setting as typed."""
        out = {key: field.text().strip() for key, field in self.fields.items()}
        out["smtp.security"] = str(self.security.currentData())
        return out

    def changed(self) -> dict[str, str]:
        """Return the mail settings whose text changed."""
        return {key: text for key, text in self.values().items() if text != self.loaded.get(key, "")}

    def save(self) -> Save:
        """Save the changed settings and a newly typed password (the owner's)."""
        changed, ctx, password = self.changed(), self.desk.ctx, self.password.text()
        account = self.fields["smtp.username"].text().strip()
        if not changed and not password:
            return None

        def save() -> ShopSettings | None:
            require_owner(ctx, Message("change the shop settings"))
            result = set_settings(ctx, changed) if changed else None
            if password:
                save_password(account, password)
            return result

        return save

    def send_test(self) -> None:
        """Send a test message to the shop's own address with the values as typed, in the background."""
        values, typed, ctx = self.values(), self.password.text(), self.desk.ctx
        to_address = self.shop["email"] or values["smtp.sender"]
        if not values["smtp.host"]:
            self.result.setText(tr("Type the mail server first."))
            return
        if not to_address:
            self.result.setText(tr("The test message goes to the shop's own address: set the shop's e-mail "
                                   "(Shop page) or the sender address first."))
            return
        subject = tr("ReturnDesk test message")
        body = tr("This message shows that ReturnDesk can send customer messages through {host}.",
                  host=values["smtp.host"])

        def task(_progress: Progress) -> str:
            require_owner(ctx, Message("change the shop settings"))
            config = _config(values, self.shop["name"])
            password = typed or (load_password(config.username) if config.username else None)
            send_test_message(config, password, to_address, subject, body)
            return to_address

        def sent(address: str) -> None:
            self.test.setEnabled(True)
            self.result.setStyleSheet("color: #1b5e20")
            self.result.setText(tr("A test message was sent to {address}. Check that it arrived.",
                                   address=address))

        def failed(error: BaseException) -> None:
            self.test.setEnabled(True)
            self.result.setStyleSheet("color: #b22222")
            self.result.setText(error_text(error))

        self.test.setEnabled(False)
        self.result.setStyleSheet("")
        self.result.setText(tr("Sending a test message…"))
        self.mail_runner.run(task, sent, failed)
