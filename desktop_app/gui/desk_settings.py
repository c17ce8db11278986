"""The desk's own settings (window state, language, printers, server) in QSettings, never the database."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

SETTINGS_ENV = "RETURNDESK_SETTINGS"


def desk_settings() -> QSettings:
    """Return this desk's settings (an INI file named by RETURNDESK_SETTINGS, e.g. in tests)."""
    path = os.environ.get(SETTINGS_ENV)
    if path:
        return QSettings(str(Path(path)), QSettings.Format.IniFormat)
    return QSettings("ReturnDesk", "ReturnDesk")


def desk_language() -> str:
    """Return the language this desk last used (English on a new desk)."""
    return str(desk_settings().value("ui/language", "en") or "en")


def set_desk_language(lang: str) -> None:
    """Remember the language for the next start and the sign-in window."""
    settings = desk_settings()
    settings.setValue("ui/language", lang)
    settings.sync()
