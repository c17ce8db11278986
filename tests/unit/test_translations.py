"""Every string the app marks for translation has a Simplified Chinese entry."""

from pathlib import Path

from babel.messages.extract import extract_from_dir

from desktop_app.core.i18n import Message, catalogue

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {
    "_": None,
    "N_": None,
    "Message": (1,),
    "UserFacingError": (1,),
    "tr": None,
    "trn": (1, 2),
    "plural": (1, 2),
}


def marked_strings() -> set[str]:
    """Return every literal passed to a translation marker in the app's code."""
    found: set[str] = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        str(ROOT / "desktop_app"), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        text = message if isinstance(message, str) else message[0]
        if text:
            found.add(text)
    return found


def test_the_app_marks_strings_for_translation():
    assert len(marked_strings()) > 0


def test_every_marked_string_has_a_chinese_translation():
    zh = catalogue("zh_CN")
    missing = sorted(s for s in marked_strings() if s not in zh)
    assert missing == [], f"{len(missing)} strings lack zh_CN: {missing[:20]}"


def test_chinese_translations_keep_the_same_placeholders():
    import string

    def fields(text: str) -> set[str]:
        return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}

    zh = catalogue("zh_CN")
    wrong = [msgid for msgid, text in zh.items() if fields(msgid) != fields(text)]
    assert wrong == []


def test_a_message_renders_in_both_languages():
    msg = Message("ReturnDesk's resources folder is missing from this installation.")
    assert msg.render("en").startswith("ReturnDesk")
    assert "资源" in msg.render("zh_CN")
