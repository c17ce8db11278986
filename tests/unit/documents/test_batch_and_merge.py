"""Many labels and slips in one PDF with progress and cancel; carrier labels appended."""

import pytest
from documents_support import decode, label_data, page_sizes, render, slip_data

from desktop_app.core.documents.batch import build_batch, build_labels
from desktop_app.core.documents.label import build_label
from desktop_app.core.documents.merge import append_pdf
from desktop_app.core.i18n import UserFacingError


def test_a_batch_has_every_label_and_slip_in_order_and_reports_progress(tmp_path):
    labels = [label_data("en", rma=f"R-00010{i}") for i in range(3)]
    seen = []

    def progress(done, total):
        seen.append((done, total))
        return True

    pdf = build_batch([*labels, slip_data("zh_CN")], progress=progress)
    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    assert page_sizes(pdf) == [(288.0, 432.0)] * 3 + [(595.3, 841.9)]
    pages = render(pdf, tmp_path)
    assert [("R-00010" + str(i)) in decode(pages[i]) for i in range(3)] == [True] * 3


def test_a_batch_can_be_cancelled():
    calls = []

    def stop_after_two(done, total):
        calls.append(done)
        return done < 2

    assert build_labels((label_data("en") for _ in range(10)), progress=stop_after_two) is None
    assert calls == [0, 1, 2]


def test_an_empty_batch_is_refused():
    with pytest.raises(UserFacingError, match="nothing to print"):
        build_labels([])


def test_a_carrier_label_is_appended_after_ours():
    ours = build_label(label_data("en"))
    carrier = build_label(label_data("en", rma="R-999999"), "a4")
    merged = append_pdf(ours, carrier)
    assert page_sizes(merged) == [(288.0, 432.0), (595.3, 841.9)]


def test_a_broken_carrier_label_is_refused_with_a_sentence():
    with pytest.raises(UserFacingError, match="carrier label is not a readable PDF"):
        append_pdf(build_label(label_data("en")), b"%PDF-1.4 broken")


def test_the_bench_prints_a_batch_from_a_shop_and_the_baseline(tmp_path):
    from benchmarks.dataset import build
    from benchmarks.label_bench import baseline_labels, bench_labels, sample_labels

    build(tmp_path / "shop.sqlite3", 40, progress=lambda _m: None)
    result = bench_labels(tmp_path / "shop.sqlite3", 6, repeat=1)
    assert result.count == 6 and result.pdf_bytes > 0 and 0 < result.statements <= 12
    pages = render(baseline_labels(sample_labels(2)), tmp_path, "baseline")
    assert "R-000002" in decode(pages[1])


def test_a_batch_of_returns_prints_each_label_followed_by_its_slip():
    from documents_support import page_text

    from desktop_app.core.documents.data import ReturnDocuments

    returns = [ReturnDocuments(label_data("en", rma=f"R-00020{i}"), slip_data("en", rma=f"R-00020{i}"))
               for i in range(2)]
    pdf = build_batch(returns, label_size="letter", slip_size="letter")
    assert page_sizes(pdf) == [(612.0, 792.0)] * 4
    assert ["R-000200" in page_text(pdf, 0), "Packing slip" in page_text(pdf, 1),
            "R-000201" in page_text(pdf, 2), "R-000201" in page_text(pdf, 3)] == [True] * 4
