"""The shop settings ReturnDesk knows: each key's default and how its text from the owner is checked."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desktop_app.core.domain.errors import InvalidCurrency
from desktop_app.core.domain.money import Money, exponent
from desktop_app.core.i18n import LANGUAGES, N_, Message
from desktop_app.core.notify.address import parse_sender
from desktop_app.core.services.base import InvalidInput
from desktop_app.core.services.text_checks import text_problem

LOGO_MAX_BYTES = 1024 * 1024
_NOT_ISO_3166 = {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()./-]{3,32}$")
_HOST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$")
SMTP_SECURITY = ("starttls", "ssl", "none")
SMTP_DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}

Parser = Callable[[Any, str], Any]


@dataclass(frozen=True)
class SettingSpec:
    """One shop setting: its key, what it means, its default (as stored) and its parser."""

    key: str
    meaning: str
    default: Any
    parse: Parser


def _bad(msgid: str, **values: Any) -> InvalidInput:
    return InvalidInput(Message(msgid, values))


def _text(limit: int) -> Parser:
    def parse(value: Any, _currency: str) -> str:
        text = str(value).strip()
        if len(text) > limit:
            raise _bad(N_("Use at most {limit} characters."), limit=limit)
        if text_problem(text, limit) is not None:
            raise _bad(N_("Use text without control characters (such as NUL)."))
        return text
    return parse


def _lines(value: Any, _currency: str) -> list[str]:
    text = str(value).replace("\\n", "\n")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 8 or any(len(line) > 120 for line in lines):
        raise _bad(N_("An address has at most 8 lines of at most 120 characters."))
    return lines


def _email(value: Any, _currency: str) -> str:
    text = str(value).strip()
    if text and not _EMAIL.match(text):
        raise _bad(N_("{value} is not an e-mail address such as shop@example.com."), value=text)
    return text


def _sender(value: Any, _currency: str) -> str:
    text = str(value).strip()
    sender = parse_sender(text) if text else None
    if text and (sender is None or not _EMAIL.match(sender.addr_spec)):
        raise _bad(N_("{value} is not a sender such as \"My Shop <shop@example.com>\"."), value=text)
    return text


def _phone(value: Any, _currency: str) -> str:
    text = str(value).strip()
    if text and not _PHONE.match(text):
        raise _bad(N_("{value} is not a phone number such as +49 30 1234567."), value=text)
    return text


@cache
def countries() -> frozenset[str]:
    """Return the two-letter country codes a shop may name (read from Babel's data when first asked)."""
    from babel import Locale

    return frozenset(k for k in Locale("en").territories
                     if isinstance(k, str) and len(k) == 2 and k.isalpha() and k not in _NOT_ISO_3166)


def _country(value: Any, _currency: str) -> str:
    code = str(value).strip().upper()
    if code == "UK":
        code = "GB"
    if code not in countries():
        raise _bad(N_("{value} is not a two-letter country code such as DE, GB, CN or US."), value=value)
    return code


def _currency(value: Any, _currency: str) -> str:
    code = str(value).strip().upper()
    try:
        exponent(code)
    except InvalidCurrency as exc:
        raise InvalidInput(exc.message) from None
    return code


def _timezone(value: Any, _currency: str) -> str:
    name = str(value).strip()
    try:
        ZoneInfo(name)
        known = bool(name)
    except (ZoneInfoNotFoundError, ValueError):
        known = False
    if not known:
        raise _bad(N_("{value} is not a time zone such as Europe/Berlin or Asia/Shanghai."), value=name)
    return name


def _language(value: Any, _currency: str) -> str:
    text = str(value).strip()
    if text not in LANGUAGES:
        raise _bad(N_("Choose the language {choices}."), choices=" / ".join(LANGUAGES))
    return text


def _logo(value: Any, _currency: str) -> str | None:
    if isinstance(value, bytes):
        data = value
    else:
        text = str(value).strip()
        if not text:
            return None
        path = Path(text).expanduser()
        if not path.is_file():
            raise _bad(N_("There is no picture file at {path}."), path=text)
        data = path.read_bytes()
    if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff")):
        raise _bad(N_("The logo must be a PNG or JPEG picture."))
    if len(data) > LOGO_MAX_BYTES:
        raise _bad(N_("The logo must be smaller than 1 MB."))
    return base64.b64encode(data).decode("ascii")


def _url_template(value: Any, _currency: str) -> str:
    text = str(value).strip()
    if not text:
        return ""
    if not text.startswith(("https://", "http://")) or "{rma}" not in text:
        raise _bad(N_("The status page address must start with https:// and contain {{rma}}, for example "
                   "https://shop.example/returns/{{rma}}."))
    try:
        text.format(rma="R-1")
    except (KeyError, IndexError, ValueError):
        raise _bad(N_("The status page address may contain no placeholder other than {{rma}}.")) from None
    return text


def _amount(value: Any, currency: str) -> int | None:
    text = str(value).strip().replace(",", ".")
    if text.lower() in ("", "none", "unlimited"):
        return None
    try:
        amount = Decimal(text)
        exact = amount.is_finite() and amount == amount.quantize(Decimal(1).scaleb(-exponent(currency)))
    except InvalidOperation:
        exact = False
    if not exact or amount < 0 or amount > 10**9:
        raise _bad(N_("{value} is not an amount such as 150 or 150.00 (or \"none\" for no limit)."),
                   value=value)
    return Money(amount, currency).to_minor()


def _integer(low: int, high: int) -> Parser:
    def parse(value: Any, _currency: str) -> int:
        try:
            number = int(str(value).strip())
        except ValueError:
            number = low - 1
        if not low <= number <= high:
            raise _bad(N_("Enter a whole number from {low} to {high}."), low=low, high=high)
        return number
    return parse


def _optional(parse: Parser) -> Parser:
    def parse_optional(value: Any, currency: str) -> Any:
        return None if not str(value).strip() else parse(value, currency)
    return parse_optional


def _rate(value: Any, _currency: str) -> int:
    text = str(value).strip().rstrip("%").strip().replace(",", ".")
    try:
        rate = Decimal(text)
        ok = rate.is_finite() and 0 <= rate < 100 and rate == rate.quantize(Decimal("0.001"))
    except InvalidOperation:
        ok = False
    if not ok:
        raise _bad(N_("{value} is not a tax rate in percent such as 19 or 5.5."), value=value)
    return int(rate * 10_000)


def _yes_no(value: Any, _currency: str) -> bool:
    text = str(value).strip().lower()
    if text not in ("yes", "no", "true", "false"):
        raise _bad(N_("Answer yes or no."))
    return text in ("yes", "true")


def _host(value: Any, _currency: str) -> str:
    text = str(value).strip()
    if text and not _HOST.match(text):
        raise _bad(N_("{value} is not a server name such as smtp.example.com."), value=text)
    return text


def _security(value: Any, _currency: str) -> str:
    text = str(value).strip().lower()
    if text not in SMTP_SECURITY:
        raise _bad(N_("Choose the connection security {choices}."), choices=" / ".join(SMTP_SECURITY))
    return text


SPECS: dict[str, SettingSpec] = {spec.key: spec for spec in (
    SettingSpec("shop.name", N_("The shop's name on documents and messages"), "", _text(200)),
    SettingSpec("shop.address", N_("The shop's return address, one line each"), [], _lines),
    SettingSpec("shop.email", N_("The shop's e-mail address for customers"), "", _email),
    SettingSpec("shop.phone", N_("The shop's phone number"), "", _phone),
    SettingSpec("shop.country", N_("The shop's country (two letters, e.g. DE)"), "", _country),
    SettingSpec("shop.currency", N_("The shop's currency (e.g. EUR)"), "EUR", _currency),
    SettingSpec("shop.timezone", N_("The shop's time zone (e.g. Europe/Berlin)"), "UTC", _timezone),
    SettingSpec("shop.language", N_("The language of customer messages by default"), "en", _language),
    SettingSpec("shop.logo", N_("The logo on documents (a PNG or JPEG file)"), None, _logo),
    SettingSpec("shop.status_url_template",
                N_("The address of a return's status page, with the rma placeholder"), "", _url_template),
    SettingSpec("clerk.refund_limit", N_("The largest refund a clerk may issue (none: no limit)"), 10000,
                _amount),
    SettingSpec("backup.keep", N_("How many backups to keep"), 10, _integer(1, 365)),
    SettingSpec("smtp.host", N_("The outgoing mail server"), "", _host),
    SettingSpec("smtp.port", N_("The outgoing mail server's port (465 for ssl, 587 for starttls)"), None,
                _optional(_integer(1, 65535))),
    SettingSpec("smtp.security", N_("Mail connection security: starttls, ssl or none"), "starttls",
                _security),
    SettingSpec("smtp.username", N_("The user name on the mail server"), "", _text(256)),
    SettingSpec("smtp.sender", N_("The sender of customer messages"), "", _sender),
    SettingSpec("sla.days", N_("Business days to resolve a return after it arrives"), 5, _integer(0, 365)),
    SettingSpec("sla.approval_days", N_("Business days to approve or reject a return request"), 2,
                _integer(0, 365)),
    SettingSpec("tax.default_rate",
                N_("Default tax rate in %, for imports without tax (empty: the country's)"), None,
                _optional(_rate)),
    SettingSpec("tax.prices_include_tax",
                N_("Prices include tax: yes or no (empty: as usual in the country)"),
                None, _optional(_yes_no)),
)}
