"""Packing slip, instructions, credit note and return kit: content, pages and readable codes."""

from datetime import date
from decimal import Decimal

import pytest
from documents_support import (
    credit_note_data,
    decode,
    degrade,
    fonts,
    instructions_data,
    kit_data,
    label_data,
    page_sizes,
    page_text,
    render,
    slip_data,
)

from desktop_app.core.documents.credit_note import build_credit_note, totals
from desktop_app.core.documents.data import CreditNoteLine
from desktop_app.core.documents.instructions import build_instructions
from desktop_app.core.documents.kit import build_return_kit
from desktop_app.core.documents.label import build_label
from desktop_app.core.documents.scan import ScanCode, parse_scan
from desktop_app.core.documents.slip import build_slip
from desktop_app.core.i18n import UserFacingError


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_packing_slip_lists_items_and_its_codes_read_back(tmp_path, lang):
    pdf = build_slip(slip_data(lang))
    assert page_sizes(pdf) == [(595.3, 841.9)]
    text = page_text(pdf)
    assert "TS-RED-M" in text and "MUG-01" in text
    assert ("尺码不合适" in text and "请放入包裹" in text) if lang == "zh_CN" else "Wrong size" in text
    (png,) = render(pdf, tmp_path)
    for image in (png, degrade(png)):
        assert {"RMA:R-000123", "R-000123"} <= set(decode(image))


def test_a_long_slip_continues_on_more_pages_and_keeps_every_line(tmp_path):
    pdf = build_slip(slip_data("en", lines=80), "letter")
    sizes = page_sizes(pdf)
    assert len(sizes) > 1 and set(sizes) == {(612.0, 792.0)}
    everything = "".join(page_text(pdf, i) for i in range(len(sizes)))
    assert everything.count("TS-RED-M") == 40 and everything.count("MUG-01") == 40
    (last,) = render(pdf, tmp_path, page=len(sizes))
    assert "R-000123" in decode(last)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_instructions_have_numbered_steps_terms_and_a_qr_code(tmp_path, lang):
    pdf = build_instructions(instructions_data(lang))
    text = page_text(pdf)
    if lang == "zh_CN":
        assert "如何退货" in text and "顺丰速运" in text and "自签收之日起30天内可退货" in text
        assert fonts(pdf, tmp_path)["DroidSansFallback"]
    else:
        assert "How to return your items" in text and "Royal Mail" in text and "30 days" in text
    assert all(str(n) in text for n in (1, 2, 3, 4))
    (png,) = render(pdf, tmp_path)
    assert "RMA:R-000123" in decode(png)


def test_credit_note_shows_lines_and_totals_in_the_currency(tmp_path):
    data = credit_note_data("en")
    assert totals(data) == (Decimal("43.33"), Decimal("8.67"), Decimal("52.00"))
    text = page_text(build_credit_note(data))
    assert "CN-2026-0007" in text and "€52.00" in text and "€8.67" in text and "R-000123" in text
    zh = page_text(build_credit_note(credit_note_data("zh_CN")))
    assert "贷记单" in zh and "¥52.00" in zh


def test_a_credit_note_that_does_not_add_up_is_refused():
    bad = (CreditNoteLine("Mug", 1, Decimal("10.00"), Decimal("2.00"), Decimal("12.01")),)
    with pytest.raises(UserFacingError, match="does not add up"):
        build_credit_note(credit_note_data("en", lines=bad))
    with pytest.raises(UserFacingError):
        build_credit_note(credit_note_data("en", lines=()))


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_return_kit_label_scans_back_to_its_order(tmp_path, lang):
    pdf = build_return_kit(kit_data(lang))
    assert page_sizes(pdf) == [(288.0, 432.0), (595.3, 841.9)]
    label_png, instructions_png = render(pdf, tmp_path)
    for image in (label_png, degrade(label_png)):
        codes = decode(image)
        assert codes.count("RDKIT:1001") == 2, codes  # QR code and Code 128
    assert {parse_scan(code) for code in codes} == {ScanCode("kit", "1001")}
    assert "RDKIT:1001" in decode(instructions_png)


def test_the_cut_off_part_is_printed_once_on_the_last_page_whatever_the_number_of_lines():
    for count in range(1, 45, 3):
        pdf = build_slip(slip_data("en", lines=count))
        pages = [page_text(pdf, i) for i in range(len(page_sizes(pdf)))]
        marks = ["Cut here and put this part in the parcel." in text for text in pages]
        assert marks[-1] and sum(marks) == 1, count
        assert "".join(pages).count("TS-RED-M") == (count + 1) // 2


def test_very_long_chinese_text_stays_on_every_page():
    from dataclasses import replace

    from documents_support import char_boxes

    from desktop_app.core.documents.data import Address, CreditNoteLine, SlipLine

    long_name = "超长的商品名称用于测试换行与缩小字体" * 12
    customer = Address("欧阳" * 40, ("北京市朝阳区建国路八十八号现代城" * 14,))
    slip = build_slip(replace(slip_data("zh_CN", customer=customer), include=(long_name,),
                              lines=(SlipLine("SKU-" + "X" * 60, long_name, 1, long_name),)))
    note = build_credit_note(credit_note_data("zh_CN", customer=customer, lines=(
        CreditNoteLine(long_name, 1, Decimal("1.00"), Decimal("0.13"), Decimal("1.13")),)))
    for pdf in (slip, note):
        (width, height), *_rest = page_sizes(pdf)
        boxes = char_boxes(pdf)
        assert len(boxes) > 300
        for ch, (left, bottom, right, top) in boxes:
            assert left >= 20 and right <= width - 20 and bottom >= 20 and top <= height - 20, ch


def _images_on_first_page(pdf: bytes) -> int:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    doc = pdfium.PdfDocument(pdf)
    try:
        return len(list(doc[0].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])))
    finally:
        doc.close()


def test_the_shops_logo_is_printed_and_a_broken_one_is_left_out():
    import io
    from dataclasses import replace

    from PIL import Image

    from desktop_app.core.documents.policy_pdf import render_policy
    from desktop_app.core.domain.policy import PolicyRules

    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), (200, 30, 30)).save(buffer, "PNG")
    logo = buffer.getvalue()
    builders = [
        lambda lg: build_slip(replace(slip_data("en"), logo=lg)),
        lambda lg: build_instructions(replace(instructions_data("zh_CN"), logo=lg)),
        lambda lg: build_credit_note(replace(credit_note_data("en"), logo=lg)),
        lambda lg: render_policy(PolicyRules("GB", "GBP"), "pdf", "en", logo=lg),
    ]
    for build in builders:
        assert _images_on_first_page(build(logo)) == 1
        broken = build(b"\x89PNG\r\n\x1a\nnot really a picture")
        assert _images_on_first_page(broken) == 0 and page_text(broken)


def test_many_long_steps_and_terms_stay_on_the_instructions_page():
    from dataclasses import replace

    from documents_support import char_boxes

    from desktop_app.core.documents.data import InstructionStep

    steps = tuple(InstructionStep(kind, "请仔细阅读这一步的说明。" * 12)
                  for kind in ("pack", "attach", "drop_off", "track") * 3)
    data = replace(instructions_data("zh_CN"), steps=steps, policy_terms=("政策条款很长。" * 30,) * 6)
    pdf = build_instructions(data, "letter")
    assert page_sizes(pdf) == [(612.0, 792.0)]
    boxes = char_boxes(pdf)
    assert sum(ch == "请" for ch, _box in boxes) >= 12
    for ch, (left, bottom, right, top) in boxes:
        assert left >= 20 and right <= 592 and bottom >= 20 and top <= 772, ch


def test_dates_and_money_follow_the_document_language_and_the_shops_country():
    from desktop_app.core.i18n.formats import format_amount, format_day, locale_for

    day = date(2026, 12, 2)
    assert format_day(day, "en", "DE") == "2 Dec 2026" and format_day(day, "en", "US") == "Dec 2, 2026"
    assert format_day(day, "zh_CN", "DE") == "2026年12月2日" and format_day(day, "en", "") == "Dec 2, 2026"
    assert format_amount(Decimal("2282"), "INR", "en", "IN") == "₹2,282.00"
    assert format_amount(Decimal("2282"), "EUR", "en", "DE") == "2.282,00\xa0€"
    assert locale_for("en", "XX") == "en_US" and locale_for("zh_CN", "TW") == "zh_Hans_CN"
    german = page_text(build_label(label_data("en", label_date=day, country="DE")))
    assert "2 Dec 2026" in german
    note = page_text(build_credit_note(credit_note_data("en", currency="EUR", country="DE", issue_date=day)))
    assert "2 Dec 2026" in note and "€" in note and "," in note.split("€")[0][-6:]
