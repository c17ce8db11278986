"""Return labels print at 203 dpi with a QR code and a Code 128 that a real decoder reads."""

import pytest
from documents_support import char_boxes, decode, degrade, fonts, label_data, page_sizes, page_text, render

from desktop_app.core.documents.data import Address
from desktop_app.core.documents.label import build_label
from desktop_app.core.documents.scan import parse_scan
from desktop_app.core.i18n import UserFacingError

SIZES = {"4x6": (288.0, 432.0), "a4": (595.3, 841.9), "letter": (612.0, 792.0)}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("size", ["4x6", "a4", "letter"])
def test_label_codes_decode_sharp_and_degraded(tmp_path, lang, size):
    pdf = build_label(label_data(lang), size)
    assert page_sizes(pdf) == [SIZES[size]]
    (png,) = render(pdf, tmp_path)
    for image in (png, degrade(png)):
        codes = decode(image)
        assert "R-000123" in codes, f"Code 128 not read from {image.name}: {codes}"
        qr = [c for c in codes if c != "R-000123"]
        assert len(qr) == 1 and parse_scan(qr[0]).value == "R-000123"


def test_qr_uses_the_shops_status_url_template(tmp_path):
    (png,) = render(build_label(label_data("en", status_url="https://maple.example/r/{rma}")), tmp_path)
    assert "https://maple.example/r/R-000123" in decode(png)


def test_prepaid_and_postage_due_are_marked(tmp_path):
    assert "POSTAGE PAID" in page_text(build_label(label_data("en", prepaid=True)))
    assert "POSTAGE DUE" in page_text(build_label(label_data("en", prepaid=False)))
    zh = page_text(build_label(label_data("zh_CN", prepaid=False)))
    assert "运费到付" in zh and "顺丰速运" in zh and "1Z999AA10123456784" in zh and "2026年11月26日" in zh


def test_chinese_and_latin_text_use_embedded_bundled_fonts_only(tmp_path):
    found = fonts(build_label(label_data("zh_CN")), tmp_path)
    assert found["DroidSansFallback"] is True and found["NotoSans-Regular"] is True
    assert all(found.values()), found


def test_a_200_character_chinese_address_stays_inside_its_area_of_the_label(tmp_path):
    address = "北京市朝阳区建国路八十八号现代城" * 12 + "八十八号现代城三号楼"
    assert len(address) >= 200
    customer = Address("欧阳" * 20, (address,))
    pdf = build_label(label_data("zh_CN", customer=customer))
    text = page_text(pdf).replace("\r", "").replace("\n", "")
    assert address in text, "the address was cut"
    boxes = char_boxes(pdf)
    assert boxes
    for ch, (left, bottom, right, top) in boxes:
        assert left >= 6 and right <= 282 and bottom >= 6 and top <= 426, ch
    sender_box = [b for ch, b in boxes if ch in "朝阳建国"]
    assert min(bottom for _l, bottom, _r, _t in sender_box) > 432 - 128, "the sender address ran into the box"
    (png,) = render(pdf, tmp_path)
    assert "R-000123" in decode(png)


def test_emoji_and_unknown_characters_never_break_a_label(tmp_path):
    customer = Address("Zoë 😀 Łukasz 𝄞", ("Straße 1 ✈", "\x00\x07 Tab\there"))
    pdf = build_label(label_data("en", customer=customer, carrier="DHL 🚚"))
    text = page_text(pdf)
    assert "Zoë ? Łukasz ?" in text and "DHL ?" in text
    (png,) = render(pdf, tmp_path)
    assert "R-000123" in decode(png)


def test_an_unknown_paper_size_is_refused_with_a_sentence():
    with pytest.raises(UserFacingError, match="4x6, a4 or letter"):
        build_label(label_data("en"), "a5")


def test_label_and_slip_take_the_services_bundle_and_a_language(tmp_path):
    from documents_support import slip_data

    from desktop_app.core.documents.data import ReturnDocuments
    from desktop_app.core.documents.slip import build_slip

    bundle = ReturnDocuments(label_data("en"), slip_data("en"))
    assert "运费已付" in page_text(build_label(bundle, "4x6", lang="zh_CN"))
    assert "退货装箱单" in page_text(build_slip(bundle, lang="zh_CN"))
    assert "Packing slip" in page_text(build_slip(bundle))


@pytest.mark.parametrize("rma", ["", "123", "R-12", "RMA:R-000123"])
def test_a_label_for_a_malformed_return_number_is_refused(rma):
    with pytest.raises(UserFacingError, match="not a return number"):
        build_label(label_data("en", rma=rma))


def test_every_bar_and_space_of_the_code_128_is_a_whole_number_of_printer_dots(tmp_path):
    from PIL import Image

    from desktop_app.core.documents.codes import code128_fits

    module = code128_fits("R-000123", 288 - 24 + 16)
    assert module >= 2
    (png,) = render(build_label(label_data("en")), tmp_path)
    image = Image.open(png).convert("L")
    assert image.size == (812, 1218)  # 4 x 6 inches at 203 dpi
    row = [image.getpixel((x, 1080)) < 128 for x in range(image.width)]
    first, last = row.index(True), len(row) - 1 - row[::-1].index(True)
    runs, length = [], 1
    for x in range(first + 1, last + 1):
        if row[x] == row[x - 1]:
            length += 1
        else:
            runs.append(length)
            length = 1
    runs.append(length)
    assert len(runs) > 40
    assert all(run % module == 0 for run in runs), runs
    assert first >= 10 * module and image.width - 1 - last >= 10 * module  # quiet zones


def test_pdfium_renders_the_same_readable_codes(tmp_path):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(build_label(label_data("zh_CN")))
    try:
        bitmap = doc[0].render(scale=203 / 72, grayscale=True, no_smoothtext=True, no_smoothimage=True,
                               no_smoothpath=True)
        image = bitmap.to_pil()
    finally:
        doc.close()
    assert image.size == (812, 1218)
    path = tmp_path / "pdfium.png"
    image.save(path)
    assert sorted(decode(path)) == ["R-000123", "RMA:R-000123"]
