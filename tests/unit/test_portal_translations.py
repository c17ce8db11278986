"""Every text of the portal's page templates has a Simplified Chinese entry with the same placeholders."""

import string
from pathlib import Path

from babel.messages.extract import extract_from_dir

from desktop_app.core.i18n import catalogue

TEMPLATES = Path(__file__).resolve().parents[2] / "desktop_app" / "portal" / "templates"


def template_strings() -> set[str]:
    """Return every literal the templates pass to _()."""
    return {message if isinstance(message, str) else message[0]
            for _f, _l, message, _c, _x in extract_from_dir(str(TEMPLATES), method_map=[
                ("**.html", "jinja2.ext:babel_extract")], options_map={"**.html": {"trimmed": "false"}})}


def test_every_portal_text_has_chinese_with_the_same_placeholders():
    found = template_strings()
    assert "Start a return" in found and len(found) > 30
    zh = catalogue("zh_CN")
    missing = sorted(text for text in found if text not in zh)
    assert missing == []

    def fields(text: str) -> set[str]:
        return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}

    assert [text for text in found if fields(text) != fields(zh[text])] == []
