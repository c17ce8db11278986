"""The window's text: `tr()` over the core catalogue, Qt's own translations and the bundled CJK font."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop_app.core.i18n import LANGUAGES, Message, UserFacingError, current_language, set_language
from desktop_app.core.i18n import _ as _core
from desktop_app.core.i18n import plural as _plural
from desktop_app.paths import resource

LANGUAGE_NAMES = {"en": "English", "zh_CN": "简体中文"}
_qt_translators: list[QTranslator] = []
_font_families: list[str] = []


def tr(msgid: str, **values: Any) -> str:
    """Translate a window text now (same catalogue as the core) and fill in its `{named}` values."""
    return _core(msgid, **values)


def trn(singular: str, plural_text: str, n: int, **values: Any) -> str:
    """Translate a window text that depends on a count (`%n` is the count, as in Qt), then fill `{named}` values."""
    return _plural(singular, plural_text, n, **values)


def render(message: Message | str) -> str:
    """Return a core Message (or plain text) in the window's language."""
    return message.render(current_language()) if isinstance(message, Message) else str(message)


def error_text(error: BaseException) -> str:
    """Return a plain sentence for any error: the user-facing one, or a generic one (never a traceback)."""
    if isinstance(error, UserFacingError):
        return error.render(current_language())
    return tr("Something went wrong and nothing was changed. The details are in the log file.")


def install_fonts(app: QApplication) -> list[str]:
    """Register the bundled CJK font and add it as a fallback family of the application font."""
    if not _font_families:
        font_id = QFontDatabase.addApplicationFont(str(resource("fonts", "DroidSansFallbackFull.ttf")))
        if font_id >= 0:
            _font_families.extend(QFontDatabase.applicationFontFamilies(font_id))
    font = QFont(app.font())
    families = [f for f in font.families() if f not in _font_families] or [font.family()]
    font.setFamilies([*families, *_font_families])
    app.setFont(font)
    return list(_font_families)


def install_language(lang: str) -> None:
    """Switch core and window text to `lang`, load Qt's own translations, and retranslate open windows."""
    if lang not in LANGUAGES:
        lang = "en"
    set_language(lang)
    app = QCoreApplication.instance()
    for old in _qt_translators:
        QCoreApplication.removeTranslator(old)
    _qt_translators.clear()
    if lang != "en":
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        translator = QTranslator(app)
        if translator.load(f"qtbase_{lang}", folder):
            QCoreApplication.installTranslator(translator)
            _qt_translators.append(translator)
    if isinstance(app, QApplication):
        for widget in app.topLevelWidgets():
            QCoreApplication.sendEvent(widget, QEvent(QEvent.Type.LanguageChange))


class Retranslatable:
    """Mixin: a widget whose `retranslate()` sets every visible text, called again on a language change."""

    def retranslate(self) -> None:  # pragma: no cover - overridden
        """Set every visible text in the current language."""

    def changeEvent(self, event: QEvent) -> None:
        """Retranslate when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]
