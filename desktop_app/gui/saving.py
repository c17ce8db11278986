"""Where the window may save a file: never over the shop's database, its backups or any database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop_app.core.files.output import check_output


def shop_file_of(widget: Any) -> Path | None:
    """Return the open shop's SQLite file, found through the widget's parents' desk (None if unknown)."""
    while widget is not None:
        desk = getattr(widget, "desk", None)
        db = getattr(desk, "db", None)
        if db is not None:
            found: Path | None = db.sqlite_path
            return found
        widget = widget.parent() if callable(getattr(widget, "parent", None)) else None
    return None


def checked_save_path(widget: Any, path: str | Path) -> Path:
    """Return `path` if the window may save there, or raise the refusal sentence.

    The Save dialog has already asked before replacing an existing file, so replacing one is allowed here;
    the shop's database, its companions, its backup folder and any database never are.
    """
    return check_output(path, shop=shop_file_of(widget), force=True)
