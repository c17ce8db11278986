"""Names in every script a shop meets print with embedded fonts, extract back as text and draw no missing-glyph box."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from documents_support import decode, fonts, label_data, render, slip_data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from desktop_app.core.documents.coverage import document_warnings
from desktop_app.core.documents.data import Address
from desktop_app.core.documents.fonts import missing_characters, runs, shaped
from desktop_app.core.documents.label import build_label
from desktop_app.core.documents.textfit import draw_runs

NAMES = {
    "polish": ["Łukasz Żółć", "Grzegorz Brzęczyszczykiewicz"],
    "czech": ["Jiří Dvořák", "Věra Čermáková"],
    "turkish": ["Elif Yılmaz", "Çağrı Güneş"],
    "romanian": ["Ștefan Țîrlea", "Ioana Mărgărit"],
    "vietnamese": ["Nguyễn Văn Đức", "Trần Thị Hương"],
    "icelandic": ["Þórunn Guðmundsdóttir", "Ægir Örn"],
    "greek": ["Γιώργος Παπαδόπουλος", "Ελένη Νικολάου"],
    "cyrillic": ["Иван Петров", "Олена Шевченко"],
    "hebrew": ["דוד כהן", "שרה לוי"],
    "arabic": ["محمد علي", "فاطمة الزهراء"],
    "devanagari": ["राहुल शर्मा", "प्रिया पटेल"],
    "thai": ["สมชาย ใจดี", "มาลี ศรีสุข"],
    "simplified": ["张伟", "王秀英"],
    "traditional": ["陳大文", "黃淑華"],
    "kana": ["やまだ たろう", "スズキ ハナコ"],
    "hangul": ["김민준", "이서연"],
    "money": ["€ £ ¥ ₹ ₺ ₽ ₩ ₫ ₴ ₪ ฿", "№ 5 · © ® ™ – “ok” «x»"],
}
SHAPED_SCRIPTS = {"hebrew", "arabic", "devanagari", "thai"}
_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ue000-\uf8ff\\s]")


def _plain(text: str) -> str:
    """Text compared after shaping: compatibility forms folded, direction marks, private glyphs, spaces dropped."""
    return _CONTROLS.sub("", unicodedata.normalize("NFKC", text))


def _extracted(pdf: bytes, folder: Path) -> str:
    source = folder / "text.pdf"
    source.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(source), "-"], capture_output=True, text=True,
                          check=True).stdout


def _matches(name: str, script: str, text: str) -> bool:
    """True when `name` is in the extracted `text`, modulo shaping for scripts that are shaped."""
    want = _plain(name)
    if script not in SHAPED_SCRIPTS:
        return want in _plain(text)
    # a shaped glyph without a character of its own (a conjunct, some ligatures) does not extract: some
    # line must hold only the name's characters (no wrong ones, folded forms count) and most of them
    for line in text.splitlines():
        kept = Counter(c for c in _plain(line) if c in want)
        if kept and not kept - Counter(want) and sum(kept.values()) >= 0.6 * len(want):
            return True
    return False


@pytest.mark.parametrize("script", sorted(NAMES))
def test_every_script_has_a_bundled_font_for_every_character(script):
    for name in NAMES[script]:
        assert missing_characters(name) == [], (script, name)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_names_from_every_script_print_and_extract_back(tmp_path, data):
    script = data.draw(st.sampled_from(sorted(NAMES)))
    name = data.draw(st.sampled_from(NAMES[script]))
    city_script = data.draw(st.sampled_from(sorted(NAMES)))
    city = data.draw(st.sampled_from(NAMES[city_script]))
    pdf = build_label(label_data("en", customer=Address(name, (city, "12345"))))
    text = _extracted(pdf, tmp_path)
    assert _matches(name, script, text), (name, text)
    assert _matches(city, city_script, text), (city, text)
    assert all(fonts(pdf, tmp_path).values())


def test_a_label_with_every_script_embeds_every_font_and_its_codes_still_decode(tmp_path):
    everyone = [names[0] for names in NAMES.values()]
    customer = Address(" ".join(everyone[:4]), tuple(" ".join(everyone[i:i + 3]) for i in range(4, 17, 3)))
    pdf = build_label(label_data("en", customer=customer))
    found = fonts(pdf, tmp_path)
    assert all(found.values()) and len(found) >= 7, found
    assert len(pdf) < 300_000
    codes = decode(render(pdf, tmp_path, dpi=203)[0])
    assert "R-000123" in codes and any(code.startswith("https://maple.example/returns/") or code == "R-000123"
                                       for code in codes)


def _glyph_ids(run_text: str, font_name: str, size: float) -> list[int]:
    """Return the glyph ids a run is drawn with (after shaping where the script needs it)."""
    font = pdfmetrics.getFont(font_name)
    text = shaped(run_text, font_name, size)
    return [font.face.charToGlyph.get(ord(ch), 0) for ch in text]


def _ink_columns(png: Path) -> int:
    image = np.array(Image.open(png).convert("L")) < 128
    return int(image.any(axis=0).sum())


def test_no_name_is_drawn_with_the_missing_glyph_and_every_name_inks_its_width_at_203_dpi(tmp_path):
    """Glyph 0 (.notdef) is what a font draws for a character it lacks: no run may use it, and each
    name rendered at 203 dpi must put ink across most of the width it was measured at."""
    for script, names in NAMES.items():
        for i, name in enumerate(names):
            for run in runs(name):
                ids = _glyph_ids(run.text, run.font, 14)
                assert 0 not in ids, (script, name, run)
            buffer = io.BytesIO()
            canvas = Canvas(buffer, pagesize=(400, 40))
            width = draw_runs(canvas, 10, 12, name, 14)
            canvas.showPage()
            canvas.save()
            inked = _ink_columns(render(buffer.getvalue(), tmp_path, f"{script}{i}")[0])
            assert inked >= 0.5 * width * 203 / 72, (script, name, inked, width)


def test_a_character_no_font_has_prints_as_a_question_mark_and_is_named():
    assert missing_characters("Ann \U0001fae8 Lee \U0001fae8") == ["\U0001fae8"]
    assert "".join(run.text for run in runs("Ann \U0001fae8")) == "Ann ?"


def test_right_to_left_names_are_in_visual_order_with_numbers_left_to_right():
    order = [run.text for run in runs("شارع 12 الملك")]
    assert order == ["الملك", " ", "12", " ", "شارع"] or order[0].strip() == "الملك", order


def test_a_character_no_font_has_is_reported_naming_the_character_and_the_field():
    label = label_data("en", customer=Address("Ann \U0001fae8", ("12 Rue \U0001fae8",)))
    warnings = document_warnings(label, slip_data("en"))
    assert [w.render("en") for w in warnings] == [
        "The character \U0001fae8 (U+1FAE8) in the customer's name is in none of the document fonts; "
        "it prints as ?.",
        "The character \U0001fae8 (U+1FAE8) in the customer's address is in none of the document fonts; "
        "it prints as ?.",
    ]
    assert "客户姓名" in warnings[0].render("zh_CN")
    assert document_warnings(label_data("en"), slip_data("en")) == ()
