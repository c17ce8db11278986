"""Signing in, and the first start of an empty shop: try the demo shop or create the owner."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.db.engine import Database
from desktop_app.core.i18n import LANGUAGES, current_language
from desktop_app.core.services.auth import sign_in, sign_in_names
from desktop_app.core.services.base import CurrentUser
from desktop_app.gui.i18n import LANGUAGE_NAMES, Retranslatable, error_text, install_language, tr
from desktop_app.gui.workers import Progress, Runner

if TYPE_CHECKING:  # the demo and the shop set-up load only on a first start, not at every sign-in
    from desktop_app.core.demo.shop import DemoSummary


def language_box() -> QComboBox:
    """Return a language chooser showing each language in its own words."""
    box = QComboBox()
    box.setObjectName("language")
    for lang in LANGUAGES:
        box.addItem(LANGUAGE_NAMES[lang], lang)
    box.setCurrentIndex(max(0, box.findData(current_language())))
    return box


class SignInDialog(Retranslatable, QDialog):
    """Name and PIN; `signed_in` carries the CurrentUser."""

    signed_in = Signal(object)

    def __init__(self, db: Database, runner: Runner, location: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.db, self.runner, self.location = db, runner, location
        self.user: CurrentUser | None = None
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.names = QComboBox()  # the shop's people to choose from; a name can still be typed
        self.names.setObjectName("userNames")
        self.names.setEditable(True)
        self.names.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.name = QLineEdit()
        self.name.setObjectName("userName")
        self.names.setLineEdit(self.name)
        self.pin = QLineEdit()
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.language = language_box()
        self.language.currentIndexChanged.connect(lambda _i: install_language(self.language.currentData()))
        self.problem = QLabel()
        self.problem.setObjectName("signInProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b22222")
        self.form = QFormLayout()
        self.name_label, self.pin_label, self.language_label = QLabel(), QLabel(), QLabel()
        self.form.addRow(self.name_label, self.names)
        self.form.addRow(self.pin_label, self.pin)
        self.form.addRow(self.language_label, self.language)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.retranslate()
        self.runner.run(lambda _p: sign_in_names(db), self._list_names, lambda _error: None)

    def _list_names(self, names: tuple[str, ...]) -> None:
        """Offer the shop's user names; the field stays empty until one is chosen or typed."""
        typed = self.name.text()
        self.names.clear()
        self.names.addItems(list(names))
        self.names.setCurrentIndex(-1)
        self.name.setText(typed)
        self.name.setPlaceholderText(tr("Choose your name") if names else "")

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.setWindowTitle(tr("Sign in to ReturnDesk"))
        self.intro.setText(tr("Shop database: {location}", location=self.location))
        self.name_label.setText(tr("Name"))
        self.pin_label.setText(tr("PIN or password"))
        self.language_label.setText(tr("Language"))
        self.ok.setText(tr("Sign in"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Quit"))

    def submit(self) -> None:
        """Check the name and PIN in the background (the hash is deliberately slow)."""
        db, name, secret = self.db, self.name.text(), self.pin.text()
        self.ok.setEnabled(False)
        self.runner.run(lambda _p: sign_in(db, name, secret), self._done, self._refused)

    def _done(self, user: CurrentUser) -> None:
        self.ok.setEnabled(True)
        self.user = user
        self.accept()
        self.signed_in.emit(user)

    def _refused(self, error: BaseException) -> None:
        self.ok.setEnabled(True)
        self.problem.setText(error_text(error))
        self.pin.clear()
        self.pin.setFocus()


class FirstStartDialog(Retranslatable, QDialog):
    """An empty shop: build the demo shop (in the background, with progress) or create the first owner."""

    ready = Signal(object)  # the CurrentUser created, or None after the demo (then sign in)
    demo_orders = 2000

    def __init__(self, db: Database, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstStartDialog")
        self.db, self.runner = db, runner
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.demo = QPushButton()
        self.demo.setObjectName("tryDemo")
        self.progress = QProgressBar()
        self.progress.hide()
        self.demo_note = QLabel()
        self.demo_note.setWordWrap(True)
        self.owner_intro = QLabel()
        self.owner_intro.setWordWrap(True)
        self.name, self.pin, self.pin_again = QLineEdit(), QLineEdit(), QLineEdit()
        self.name.setObjectName("ownerName")
        for field in (self.pin, self.pin_again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.name_label, self.pin_label, self.again_label, self.language_label = (QLabel() for _ in range(4))
        self.language = language_box()
        self.language.currentIndexChanged.connect(lambda _i: install_language(self.language.currentData()))
        # the shop itself, as `returndesk init` sets it up (left empty: set later in Settings)
        self.shop_name, self.currency, self.country = QLineEdit(), QLineEdit(), QLineEdit()
        self.shop_name.setObjectName("shopName")
        self.currency.setObjectName("shopCurrency")
        self.country.setObjectName("shopCountry")
        self.currency.setPlaceholderText("EUR")
        self.country.setPlaceholderText("DE")
        self.shop_label, self.currency_label, self.country_label = (QLabel() for _ in range(3))
        form = QFormLayout()
        form.addRow(self.name_label, self.name)
        form.addRow(self.pin_label, self.pin)
        form.addRow(self.again_label, self.pin_again)
        form.addRow(self.language_label, self.language)
        form.addRow(self.shop_label, self.shop_name)
        form.addRow(self.currency_label, self.currency)
        form.addRow(self.country_label, self.country)
        self.create_button = QPushButton()
        self.create_button.setObjectName("createOwner")
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b22222")
        self.demo.clicked.connect(self.build_demo)
        self.create_button.clicked.connect(self.create_owner)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.demo)
        layout.addWidget(self.demo_note)
        layout.addWidget(self.progress)
        layout.addSpacing(12)
        layout.addWidget(self.owner_intro)
        layout.addLayout(form)
        layout.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.problem)
        self.setMinimumWidth(480)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.setWindowTitle(tr("Welcome to ReturnDesk"))
        self.intro.setText(tr("This shop database is empty. Try ReturnDesk with a demo shop, or set up your "
                              "own shop by creating its owner."))
        self.demo.setText(tr("Try the demo shop"))
        self.demo_note.setText(tr("The demo has orders, returns in every state and the users owner "
                                  "(PIN 4321) and clerk (PIN 1234)."))
        self.owner_intro.setText(tr("Or create the owner of your shop:"))
        self.name_label.setText(tr("Name"))
        self.pin_label.setText(tr("PIN or password"))
        self.again_label.setText(tr("Repeat it"))
        self.language_label.setText(tr("Language"))
        self.shop_label.setText(tr("Shop name"))
        self.currency_label.setText(tr("Currency"))
        self.country_label.setText(tr("Country (a starting policy follows its law)"))
        self.create_button.setText(tr("Create the owner"))

    def build_demo(self) -> None:
        """Fill the empty database with the demo shop in the background, showing progress."""
        db = self.db
        self.demo.setEnabled(False)
        self.create_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()

        def report(done: int, total: int, _text: str) -> None:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

        def failed(error: BaseException) -> None:
            self.progress.hide()
            self.demo.setEnabled(True)
            self.create_button.setEnabled(True)
            self.problem.setText(error_text(error))

        orders = self.demo_orders
        self.runner.run(lambda progress: _run_demo(db, orders, progress),
                        lambda _r: self._finish(None), failed, report)

    def create_owner(self) -> None:
        """Create the first owner from the form."""
        if self.pin.text() != self.pin_again.text():
            self.problem.setText(tr("The two PINs are not the same. Type them again."))
            return
        from desktop_app.core.services.shop_setup import ShopSetup, set_up_shop

        db = self.db
        setup = ShopSetup(owner=self.name.text(), pin=self.pin.text(), language=self.language.currentData(),
                          shop_name=self.shop_name.text(), currency=self.currency.text(), country=self.country.text())
        self.runner.run(lambda _p: set_up_shop(db, setup), self._finish,
                        lambda error: self.problem.setText(error_text(error)))

    def _finish(self, user: CurrentUser | None) -> None:
        self.accept()
        self.ready.emit(user)


def _run_demo(db: Database, orders: int, progress: Progress) -> DemoSummary:
    """Build the demo shop, passing its progress on and stopping when Cancel was pressed."""
    from desktop_app.core.demo.shop import build_demo

    def step(done: int, total: int) -> None:
        progress.report(done, total)
        progress.check()

    return build_demo(db, orders=orders, progress=step)
