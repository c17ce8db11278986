"""The command's desk session: a private token file per shop and user, so that a PIN is hashed once a while.

The token file lives in the user's data folder (0600, folder 0700, written whole); the shop holds the rest
(core/services/desk_sessions.py). `returndesk sign-out` (cli/sign_out_cmd.py) ends it and removes the file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.core.db.engine import Database
    from desktop_app.core.services.base import CurrentUser

SESSIONS_FOLDER = "sessions"
SUFFIX = ".session"


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def shop_identity(database: str) -> str:
    """Return what names a shop for its session files: the resolved file, or the server URL without password."""
    if "://" not in database:
        return str(Path(database).resolve())
    from sqlalchemy.engine import make_url

    return make_url(database).set(password=None).render_as_string(hide_password=False)


def sessions_folder(data: Path) -> Path:
    """Return (making it, owner-only) the folder of token files inside the user's data folder."""
    folder = data / SESSIONS_FOLDER
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def shop_prefix(database: str) -> str:
    """Return the start of every token file name of one shop."""
    return _key(shop_identity(database))


def token_file(data: Path, database: str, user_name: str) -> Path:
    """Return the token file of one shop and one user in this desk's data folder."""
    return sessions_folder(data) / f"{shop_prefix(database)}-{_key(user_name.strip())}{SUFFIX}"


def read_token(path: Path) -> str | None:
    """Return the token kept in a private file of ours, or None (missing, unreadable, or open to others)."""
    try:
        facts = path.lstat()
        if not path.is_file() or path.is_symlink() or facts.st_mode & 0o077 or facts.st_uid != os.getuid():
            return None
        token = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return token or None


def sign_in(db: Database, data: Path, database: str, name: str, pin: str) -> CurrentUser:
    """Sign `name` in with `pin`: by the desk's live session when it matches, else the full check (then a session)."""
    from desktop_app.core.files.output import write_text_atomic
    from desktop_app.core.i18n import UserFacingError
    from desktop_app.core.services import auth, desk_sessions

    path = token_file(data, database, name)
    token = read_token(path)
    if token is not None:
        user = desk_sessions.resume_session(db, name, token, pin)
        if user is not None:
            return user
    user = auth.sign_in(db, name, pin)
    # no session kept (read-only data folder, a busy shop): the next command checks the PIN in full
    with contextlib.suppress(OSError, UserFacingError):
        write_text_atomic(path, desk_sessions.start_session(db, user, pin, replaces=token), private=True)
    return user
