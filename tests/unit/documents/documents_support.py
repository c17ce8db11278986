"""Helpers for document tests: sample data, rendering with poppler, decoding with zbar, text boxes."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageEnhance, ImageFilter

from desktop_app.core.documents.data import (
    Address,
    CreditNoteData,
    CreditNoteLine,
    InstructionsData,
    LabelData,
    ReturnKitData,
    SlipData,
    SlipLine,
)
from desktop_app.core.documents.instructions import default_steps

for tool in ("pdftoppm", "zbarimg", "pdffonts"):
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is missing: install poppler-utils and zbar-tools (see .ci/run)")

SHOP_EN = Address("Returns, Maple & Co.", ("Unit 4, Riverside Estate", "12 Mill Lane", "Leeds LS1 4AB", "UK"))
SHOP_ZH = Address("枫叶小店 退货部", ("上海市浦东新区世纪大道100号", "环球金融中心25楼", "邮编 200120"))
CUSTOMER_EN = Address("Jane Doe", ("221B Baker Street", "London NW1 6XE", "United Kingdom"))
CUSTOMER_ZH = Address("张伟", ("北京市朝阳区建国路88号", "SOHO现代城3号楼1201室"), "138 0013 8000")


def label_data(lang: str = "en", **changes) -> LabelData:
    """A realistic return label in `lang`, with any field replaced by `changes`."""
    zh = lang == "zh_CN"
    values = dict(
        shop_name="枫叶小店" if zh else "Maple & Co.", return_address=SHOP_ZH if zh else SHOP_EN,
        customer=CUSTOMER_ZH if zh else CUSTOMER_EN, rma="R-000123",
        carrier="顺丰速运" if zh else "Royal Mail",
        tracking_number="1Z999AA10123456784", prepaid=not zh, item_count=3, label_date=date(2026, 11, 26),
        lang=lang, status_url=None if zh else "https://maple.example/returns/{rma}",
    )
    values.update(changes)
    return LabelData(**values)


def slip_data(lang: str = "en", lines: int = 3, **changes) -> SlipData:
    """A packing slip in `lang` with `lines` lines."""
    zh = lang == "zh_CN"
    base = [SlipLine("TS-RED-M", "有机棉T恤 红色 M码" if zh else "Organic cotton T-shirt, red, M", 2,
                     "尺码不合适" if zh else "Wrong size"),
            SlipLine("MUG-01", "陶瓷马克杯" if zh else "Ceramic mug 350 ml", 1,
                     "运输途中损坏" if zh else "Damaged")]
    rows = tuple((base * lines)[:lines])
    include = ("配件和说明书", "本退货单") if zh else ("Accessories and manuals", "This slip")
    values = dict(shop_name="枫叶小店" if zh else "Maple & Co.", rma="R-000123", order_number="1001",
                  customer=CUSTOMER_ZH if zh else CUSTOMER_EN, lines=rows, include=include,
                  slip_date=date(2026, 11, 26), lang=lang, status_url=None)
    values.update(changes)
    return SlipData(**values)


def instructions_data(lang: str = "en", **changes) -> InstructionsData:
    """Customer instructions in `lang`."""
    zh = lang == "zh_CN"
    terms = ("自签收之日起30天内可退货。",) if zh else ("Returns are accepted within 30 days of delivery.",)
    values = dict(shop_name="枫叶小店" if zh else "Maple & Co.", customer_name="张伟" if zh else "Jane Doe",
                  steps=default_steps(lang, "顺丰速运" if zh else "Royal Mail", not zh, "R-000123"),
                  policy_terms=terms, rma="R-000123", order_number="1001", deadline=date(2026, 12, 26),
                  lang=lang, contact="returns@maple.example")
    values.update(changes)
    return InstructionsData(**values)


def credit_note_data(lang: str = "en", **changes) -> CreditNoteData:
    """A two-line credit note in `lang`."""
    zh = lang == "zh_CN"
    lines = (CreditNoteLine("有机棉T恤" if zh else "T-shirt", 2, Decimal("33.33"), Decimal("6.67"),
                            Decimal("40.00")),
             CreditNoteLine("陶瓷马克杯" if zh else "Mug", 1, Decimal("10.00"), Decimal("2.00"),
                            Decimal("12.00")))
    values = dict(number="CN-2026-0007", issue_date=date(2026, 11, 26),
                  shop_name="枫叶小店" if zh else "Maple", shop_address=SHOP_ZH if zh else SHOP_EN,
                  customer=CUSTOMER_ZH if zh else CUSTOMER_EN, rma="R-000123", order_number="1001",
                  lines=lines, currency="CNY" if zh else "EUR", lang=lang)
    values.update(changes)
    return CreditNoteData(**values)


def kit_data(lang: str = "en") -> ReturnKitData:
    """A return kit for order 1001."""
    label = label_data(lang)
    return ReturnKitData(label.shop_name, label.return_address, label.customer, "1001", label.carrier, True,
                         date(2026, 11, 26), instructions_data(lang, rma=None), 2, "", lang)


def render(pdf: bytes, folder: Path, name: str = "page", dpi: int = 203, page: int | None = None) -> list[Path]:
    """Render every page (or only `page`, from 1) to a grey PNG at `dpi` without antialiasing."""
    source = folder / f"{name}.pdf"
    source.write_bytes(pdf)
    only = ["-f", str(page), "-l", str(page)] if page else []
    subprocess.run(["pdftoppm", "-r", str(dpi), "-aa", "no", "-aaVector", "no", "-gray", "-png", *only,
                    str(source), str(folder / name)], check=True)
    return sorted(folder.glob(f"{name}-*.png"))


def degrade(png: Path) -> Path:
    """Return a blurred, low-contrast copy of a rendered page (a worn print head, a poor scan)."""
    image = Image.open(png).convert("L").filter(ImageFilter.GaussianBlur(1.2))
    image = ImageEnhance.Contrast(image).enhance(0.45)
    out = png.with_name(png.stem + "-degraded.png")
    image.save(out)
    return out


def decode(png: Path) -> list[str]:
    """Return every code zbar finds on the image (QR codes and barcodes)."""
    result = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True)
    return [line for line in result.stdout.splitlines() if line]


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """Return (width, height) in points of every page."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return [tuple(round(v, 1) for v in page.get_size()) for page in doc]
    finally:
        doc.close()


def page_text(pdf: bytes, index: int = 0) -> str:
    """Return the text of one page."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[index].get_textpage().get_text_range()
    finally:
        doc.close()


def char_boxes(pdf: bytes, index: int = 0) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Return (character, (left, bottom, right, top)) in points for every printed character of a page."""
    doc = pdfium.PdfDocument(pdf)
    try:
        text = doc[index].get_textpage()
        out = []
        for i in range(text.count_chars()):
            ch = text.get_text_range(i, 1)
            if ch.strip():
                out.append((ch, text.get_charbox(i)))
        return out
    finally:
        doc.close()


def fonts(pdf: bytes, folder: Path) -> dict[str, bool]:
    """Return font name -> embedded, from poppler's pdffonts."""
    source = folder / "fonts.pdf"
    source.write_bytes(pdf)
    lines = subprocess.run(["pdffonts", str(source)], capture_output=True, text=True, check=True).stdout
    found: dict[str, bool] = {}
    for line in lines.splitlines()[2:]:
        parts = line.split()
        emb = parts[-5]
        found[parts[0].split("+")[-1]] = emb == "yes"
    return found
