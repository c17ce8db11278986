"""Where the window saves a file: never over the shop's database or backups; dialogs start where they last saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths

from desktop_app.core.files.output import check_output
from desktop_app.gui.desk_settings import desk_settings


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


def save_folder(kind: str) -> Path:
    """Return the folder a Save dialog for one kind of document starts in: the last one used, else Documents."""
    remembered = str(desk_settings().value(f"save/{kind}", "") or "")
    if remembered and Path(remembered).is_dir():
        return Path(remembered)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def remember_folder(kind: str, saved: str | Path) -> None:
    """Remember the folder a document of this kind was saved in, for the next Save dialog of that kind."""
    settings = desk_settings()
    settings.setValue(f"save/{kind}", str(Path(saved).parent))
    settings.sync()
