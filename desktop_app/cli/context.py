"""What every command shares: where the shop lives, who is acting, how results and errors are printed."""

from __future__ import annotations

import getpass
import json
import os
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from desktop_app.core.i18n import Message, UserFacingError, _

if TYPE_CHECKING:  # the database layers load when a command opens the shop, not for --help or --version
    from desktop_app.core.db.engine import Database
    from desktop_app.core.services.base import CurrentUser, ServiceContext
    from desktop_app.core.services.startup import DamagedShop

APP_NAME = "ReturnDesk"
DB_FILENAME = "shop.sqlite3"

# Exit codes: 0 success, 1 refused or failed.
EXIT_OK = 0
EXIT_REFUSED = 1


def data_dir() -> Path:
    """Return the user's ReturnDesk data folder (created when missing)."""
    folder = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def default_database() -> str:
    """Return the shop database: `RETURNDESK_DB` or the SQLite file in the data folder."""
    return os.environ.get("RETURNDESK_DB") or str(data_dir() / DB_FILENAME)


@dataclass
class CliContext:
    """The database location, the acting user's name, the language, and the opened shop (lazily)."""

    database: str
    user_name: str | None
    lang: str
    lang_given: bool = False
    customer_messages: bool = False  # a change to a return queues the customer's message (the command: yes)
    _db: Database | None = field(default=None, repr=False)
    _user: CurrentUser | None = field(default=None, repr=False)

    allow_new: bool = False  # only `demo` may create a shop file that does not exist yet
    changes: bool = False  # signed in to change the shop: the daily backup follows the command (reads never)

    @property
    def db(self) -> Database:
        """Return the opened shop database (a SQLite file is migrated on open)."""
        if self._db is None:
            if "://" not in self.database and not self.allow_new and not Path(self.database).exists():
                raise UserFacingError(Message(
                    "There is no shop database at {path}. Check --db, or create a demo shop there with "
                    "`returndesk demo`.", {"path": self.database}))
            self._db = open_shop(self.database)
        return self._db

    def service_context(self, signed_in: bool) -> ServiceContext:
        """Return a ServiceContext; with `signed_in`, sign the acting user in first (PIN asked if needed).

        Only a signed-in context can change a return, so only it loads and carries the customer-message hook.
        """
        from desktop_app.core.services.base import ServiceContext

        if not signed_in:
            return ServiceContext(self.db, None)
        self.changes = True
        user = self.sign_in()
        if not self.customer_messages:
            return ServiceContext(self.db, user)
        from desktop_app.core.notify import hooks

        return ServiceContext(self.db, user, hooks.CUSTOMER_MESSAGES)

    def sign_in(self, reading: bool = False) -> CurrentUser:
        """Sign in the acting user with their PIN (`reading`: the command shows customers' data), or refuse."""
        self.changes = self.changes or not reading
        if self._user is not None:
            return self._user
        db = self.db  # a missing or damaged shop is named before anyone is asked for a PIN
        if not self.user_name:
            raise UserFacingError(Message(
                "This command shows customers' data: say who you are with --user NAME or RETURNDESK_USER."
            ) if reading else Message(
                "This command changes data: say who you are with --user NAME or RETURNDESK_USER."
            ))
        pin = os.environ.get("RETURNDESK_PIN")
        if pin is None:
            if not sys.stdin.isatty():
                raise UserFacingError(Message(
                    "No PIN given: set RETURNDESK_PIN or run the command in a terminal to be asked for it."
                ))
            pin = getpass.getpass(_("PIN for {name}: ", name=self.user_name))
        from desktop_app.cli import desk_session

        self._user = desk_session.sign_in(db, data_dir(), self.database, self.user_name, pin)
        return self._user

    def daily_backup(self) -> None:
        """After a command that signed in to change a shop file, take the daily backup if due (a reader never).

        It runs after the command's work and output, in steps (SQLite's backup API), so other desks keep
        working; a failure is said in one line and does not undo the command.
        """
        if not self.changes or self._db is None or self._db.sqlite_path is None:
            return
        from desktop_app.core.services.startup import daily_backup

        sys.stdout.flush()
        try:
            daily_backup(self._db)
        except UserFacingError as error:
            print(_("The daily backup failed: {reason}", reason=error.render(self.lang)), file=sys.stderr)

    def close(self) -> None:
        """Close the database connections."""
        if self._db is not None:
            self._db.dispose()
            self._db = None


def open_shop(database: str) -> Database:
    """Open the shop database; a damaged SQLite file names its way out (the daily backup comes after writes)."""
    from desktop_app.core.db.schema import open_database
    from desktop_app.core.services.startup import DamagedShop, is_shop_file, open_shop_checked

    if not is_shop_file(database):
        return open_database(database)
    try:
        return open_shop_checked(database, check_rules=False, backup=False).db  # see CliContext.daily_backup
    except DamagedShop as damaged:
        raise DamagedShop(damaged_sentence(damaged), damaged.path, damaged.backup) from None


def damaged_sentence(damaged: DamagedShop) -> Message:
    """Return the one-line sentence for a damaged shop file: the newest good backup and how to restore it."""
    if damaged.backup is None:
        return Message("The shop file {path} is damaged and was not opened; nothing was changed. There is no "
                       "good backup beside it to recover from.", {"path": str(damaged.path)})
    return Message("The shop file {path} is damaged and was not opened; nothing was changed. The newest good "
                   "backup is {backup}: run `returndesk restore {backup}` to recover from it (the damaged file "
                   "is kept).", {"path": str(damaged.path), "backup": str(damaged.backup)})


def to_json(value: Any) -> Any:
    """Return plain JSON values: Decimal as a string, times as ISO 8601, enums as their value."""
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_json(v) for v in value]
    if isinstance(value, Message):
        return value.render()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def print_json(value: Any) -> None:
    """Print one JSON document (stable key order, UTF-8 kept readable)."""
    print(json.dumps(to_json(value), ensure_ascii=False, indent=2, sort_keys=True))


def text(value: Any, lang: str) -> str:
    """Return a value as text for a person: Messages rendered in their language."""
    if isinstance(value, Message):
        return value.render(lang)
    if isinstance(value, Enum):
        return str(value.value)
    if value is None:
        return ""
    return str(value)


def width(value: str) -> int:
    """Return how many terminal columns a text takes (Chinese characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in value)


def _pad(value: str, columns: int) -> str:
    return value + " " * max(0, columns - width(value))


def print_table(headers: list[str], rows: list[list[Any]], lang: str) -> None:
    """Print rows as aligned columns under translated headers."""
    cells = [[text(c, lang) for c in row] for row in rows]
    widths = [max([width(h), *(width(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    print("  ".join(_pad(h, w) for h, w in zip(headers, widths, strict=True)).rstrip())
    for row in cells:
        print("  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip())
