"""Long, mixed-script and unknown text wraps or shrinks to its box and never crashes."""

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.documents.fonts import CJK, LATIN, Run, runs, text_width
from desktop_app.core.documents.textfit import LEADING, fit, wrap

MIXED = st.text(
    alphabet=st.sampled_from(
        [*"abc XYZ 123 é-/,.", *"上海市浦东新区，。", "😀", "\u0301", "\t", "\n", "\x00", "𝄞", "Ω"]
    ),
    max_size=300,
)


@settings(max_examples=150, deadline=None)
@given(text=MIXED, width=st.floats(20, 400), height=st.floats(8, 300))
def test_fitted_text_stays_inside_its_box(text, width, height):
    fitted = fit(text, width, height, max_size=14, min_size=5)
    assert 5 <= fitted.size <= 14
    for line in fitted.lines:
        assert text_width(line, fitted.size) <= width + 1e-6
    assert fitted.height <= max(height, fitted.size * LEADING) + 1e-6


def test_words_are_not_broken_when_they_fit_and_chinese_breaks_between_characters():
    lines = wrap("Organic cotton shirt with long sleeves", 60, 10)
    assert len(lines) > 1 and " ".join(lines) == "Organic cotton shirt with long sleeves"
    lines = wrap("上海市浦东新区世纪大道一百号", 50, 10)
    assert "".join(lines) == "上海市浦东新区世纪大道一百号" and len(lines) > 1


def test_text_shrinks_before_it_is_cut_and_a_cut_is_marked():
    assert fit("Jane Doe", 200, 20, 14).size == 14
    shrunk = fit("A longer customer name that needs two lines", 120, 30, 14)
    assert shrunk.size < 14 and len(shrunk.lines) <= 2
    cut = fit("x " * 500, 50, 10, 10, min_size=5)
    assert len(cut.lines) == 1 and cut.lines[0].endswith("…")


def test_characters_no_font_has_become_question_marks_and_chinese_uses_the_bundled_font():
    assert runs("Hi \U0001fae8 上海") == (Run(LATIN, "Hi ? "), Run(CJK, "上海"))
