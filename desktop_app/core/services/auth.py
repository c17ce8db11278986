"""Signing in: PINs and passwords hashed with scrypt, a growing lockout after wrong attempts, first owner."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import func, select
from sqlalchemy import text as sql_text

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import User, utcnow
from desktop_app.core.i18n import LANGUAGES, N_, Message, UserFacingError
from desktop_app.core.services.admin_common import writing
from desktop_app.core.services.base import CurrentUser, InvalidInput, Role
from desktop_app.core.services.text_checks import check_text

# Measured on the project's 2-core machine: n=2^14 0.05 s of CPU, 2^15 0.12 s, 2^16 0.26 s, 2^17 0.48 s
# (docs/safety.md). Hashes made with a lower n still verify and are renewed at the next sign-in.
SCRYPT_N = 2**16
SCRYPT_R = 8
SCRYPT_P = 1
_KEY_LEN = 32
_SALT_LEN = 16
FREE_ATTEMPTS = 3
FIRST_LOCK = timedelta(seconds=30)
LONGEST_LOCK = timedelta(minutes=15)
# Anyone at any desk can type wrong PINs for the owner's name: the owner is never locked out for longer.
OWNER_LONGEST_LOCK = timedelta(minutes=1)
NAME_MAX = 64
PIN_DIGITS = 6  # a new PIN has at least this many digits
OLD_PIN_DIGITS = 4  # PINs chosen before the rule still sign in, flagged to the owner


class SignInRefused(UserFacingError):
    """Wrong name or PIN, an inactive user, or a lockout after too many wrong attempts."""


_SCRYPT_RUNS = [0]  # how many PIN hashes this process computed


def _scrypt(secret: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    _SCRYPT_RUNS[0] += 1
    return hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=dklen,
                          maxmem=256 * n * r + 1024 * 1024)


def scrypt_runs() -> int:
    """Return how many scrypt hashes (the slow part of a sign-in) this process has computed so far."""
    return _SCRYPT_RUNS[0]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_secret(secret: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    """Return a salted scrypt hash of a PIN or password as `scrypt$n=..,r=..,p=..$salt$key`."""
    salt = secrets.token_bytes(_SALT_LEN)
    key = _scrypt(secret, salt, n, r, p, _KEY_LEN)
    return f"scrypt$n={n},r={r},p={p}${_b64(salt)}${_b64(key)}"


def verify_secret(secret: str, stored: str) -> bool:
    """Return whether a PIN or password matches a stored hash (constant-time comparison)."""
    try:
        scheme, params, salt_text, key_text = stored.split("$")
        values = dict(part.split("=") for part in params.split(","))
        n, r, p = int(values["n"]), int(values["r"]), int(values["p"])
        salt, key = base64.b64decode(salt_text), base64.b64decode(key_text)
    except (ValueError, KeyError):
        return False
    if scheme != "scrypt":
        return False
    candidate = _scrypt(secret, salt, n, r, p, len(key))
    return hmac.compare_digest(candidate, key)


@cache
def _dummy_hash() -> str:
    """Return a hash to check an unknown name's PIN against (made once, when first needed)."""
    return hash_secret("not-a-real-pin")


def is_short_pin(secret: str) -> bool:
    """Return whether a secret is a PIN with fewer digits than new PINs need (allowed before the rule)."""
    text = secret or ""
    return text.isdigit() and text.isascii() and len(text) < PIN_DIGITS


def needs_rehash(stored: str) -> bool:
    """Return whether a stored hash uses weaker scrypt parameters than today's (it is renewed on sign-in)."""
    try:
        values = dict(part.split("=") for part in stored.split("$")[1].split(","))
        return (int(values["n"]), int(values["r"]), int(values["p"])) < (SCRYPT_N, SCRYPT_R, SCRYPT_P)
    except (IndexError, ValueError, KeyError):
        return True


def check_secret_rules(secret: str) -> None:
    """Refuse a new PIN shorter than 6 digits or a password shorter than 8 characters."""
    text = secret or ""
    if text.isdigit() and text.isascii():
        if len(text) < PIN_DIGITS:
            raise InvalidInput(Message("A new PIN needs at least {digits} digits.", {"digits": PIN_DIGITS}))
        return
    if len(text) < 8:
        raise InvalidInput(Message("Choose a PIN of at least {digits} digits or a password of at least 8 "
                                   "characters.", {"digits": PIN_DIGITS}))


def check_user_name(name: str) -> str:
    """Return a cleaned sign-in name, or refuse an empty, too long or spaced one."""
    clean = (name or "").strip()
    if not clean or len(clean) > NAME_MAX or any(ch.isspace() for ch in clean):
        raise InvalidInput(
            Message("A user name needs 1 to {max} characters without spaces.", {"max": NAME_MAX}))
    return check_text(clean, N_("The user name"), NAME_MAX)


def check_language(language: str) -> str:
    """Return a supported language code, or refuse another one."""
    if language not in LANGUAGES:
        raise InvalidInput(Message("Choose the language {choices}.", {"choices": " / ".join(LANGUAGES)}))
    return language


def lock_duration(failed_attempts: int) -> timedelta:
    """Return how long sign-in stays locked after this many wrong attempts in a row (doubling, capped)."""
    if failed_attempts < FREE_ATTEMPTS:
        return timedelta(0)
    factor: float = 2 ** (failed_attempts - FREE_ATTEMPTS)
    return min(FIRST_LOCK * factor, LONGEST_LOCK)


def current_user_of(user: User) -> CurrentUser:
    """Return the signed-in person for a user row."""
    return CurrentUser(id=user.id, name=user.name, display_name=user.display_name or user.name,
                       role=Role(user.role), language=user.language)


_WRONG = Message("That name and PIN do not match. Check both and try again.")


def sign_in_names(db: Database) -> tuple[str, ...]:
    """Return the names people sign in with (active people, owners first), for the sign-in list."""
    with db.read() as session:
        rows = session.scalars(select(User.name).where(User.active.is_(True), User.system.is_(False))
                               .order_by(User.role.desc(), User.name))
        return tuple(rows)


def sign_in(db: Database, name: str, secret: str, *, now: datetime | None = None) -> CurrentUser:
    """Return the signed-in user; a wrong PIN and an unknown name get the same refusal."""
    moment = now or utcnow()
    refusal: Message | None = None
    with writing(db) as session:
        user = session.scalar(select(User).where(User.name == (name or "").strip()).with_for_update())
        if user is None or not user.active or user.system:
            verify_secret(secret or "", _dummy_hash())  # same work either way
            refusal = _WRONG
        elif user.locked_until is not None and user.locked_until > moment:
            seconds = int((user.locked_until - moment).total_seconds()) + 1
            refusal = Message("Too many wrong attempts. Wait {seconds} seconds and try again.",
                              {"seconds": seconds})
        elif verify_secret(secret or "", user.secret_hash):
            if user.failed_attempts or user.locked_until is not None:
                user.failed_attempts = 0
                user.locked_until = None
            if needs_rehash(user.secret_hash):
                user.secret_hash = hash_secret(secret)
            if user.short_pin != is_short_pin(secret):  # the owner sees who still signs in with a short PIN
                user.short_pin = is_short_pin(secret)
            signed_in = current_user_of(user)
        else:
            user.failed_attempts += 1
            pause = lock_duration(user.failed_attempts)
            if user.role == Role.OWNER.value:
                pause = min(pause, OWNER_LONGEST_LOCK)
            user.locked_until = moment + pause if pause else None
            refusal = _WRONG
    if refusal is not None:
        raise SignInRefused(refusal)
    return signed_in


def needs_first_owner(db: Database) -> bool:
    """Return True while the shop has no people at all (the window then asks for the first owner)."""
    with db.read() as session:
        return (session.scalar(select(func.count()).select_from(User).where(User.system.is_(False))) or 0) == 0


def create_first_owner(db: Database, name: str, secret: str, display_name: str = "",
                       language: str = "en") -> CurrentUser:
    """Create the shop's first owner; refused once any user exists."""
    clean = check_user_name(name)
    check_secret_rules(secret)
    check_language(language)
    with writing(db) as session:
        if session.get_bind().dialect.name == "postgresql":  # two desks starting at once: one owner wins
            session.execute(sql_text("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE"))
        if (session.scalar(select(func.count()).select_from(User).where(User.system.is_(False))) or 0) > 0:
            raise InvalidInput(Message("This shop already has users; the owner adds new ones."))
        user = User(name=clean, display_name=(display_name or "").strip() or clean, role=Role.OWNER.value,
                    secret_hash=hash_secret(secret), language=language)
        session.add(user)
        session.flush()
        return current_user_of(user)
