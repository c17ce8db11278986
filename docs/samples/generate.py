"""Regenerate the sample PNGs of every document in English and Chinese: `python docs/samples/generate.py`."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop_app.core.documents.credit_note import build_credit_note
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
from desktop_app.core.documents.instructions import build_instructions, default_steps
from desktop_app.core.documents.kit import build_return_kit
from desktop_app.core.documents.label import build_label
from desktop_app.core.documents.policy_pdf import render_policy
from desktop_app.core.documents.policy_text import policy_terms
from desktop_app.core.documents.slip import build_slip
from desktop_app.core.domain.policy import (
    CategoryRule,
    HolidayExtension,
    PolicyRules,
    Resolution,
)

HERE = Path(__file__).resolve().parent


def sample_logo() -> bytes:
    """A made-up shop logo: a maple-red disc and a dark bar."""
    from io import BytesIO

    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (300, 100), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((5, 5, 95, 95), fill=(200, 60, 30, 255))
    draw.rectangle((110, 30, 290, 70), fill=(40, 40, 40, 255))
    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


LOGO = sample_logo()
DAY = date(2026, 11, 26)
RULES = PolicyRules(
    "GB", "GBP", holiday_extension=HolidayExtension((11, 1), (12, 24), (1, 31)),
    category_rules=(CategoryRule("Underwear", final_sale=True), CategoryRule("Electronics", window_days=14)),
    restocking_fee_percent=Decimal("10"), return_shipping_cost=Decimal("4.95"),
    store_credit_bonus_percent=Decimal("10"), keep_it_below=Decimal("5"),
    allowed_resolutions=(Resolution.REFUND, Resolution.STORE_CREDIT, Resolution.EXCHANGE, Resolution.KEEP_IT),
)


def people(lang: str) -> tuple[str, Address, Address]:
    """Shop name, return address and customer for a language."""
    if lang == "zh_CN":
        shop = Address("枫叶小店 退货部", ("上海市浦东新区世纪大道100号", "环球金融中心25楼", "邮编 200120"),
                       "021-5555 0000")
        return ("枫叶小店", shop,
                Address("欧阳明月", ("北京市朝阳区建国路88号", "SOHO现代城3号楼1201室"), "138 0013 8000"))
    shop = Address("Returns, Maple & Co.", ("Unit 4, Riverside Trading Estate", "12 Mill Lane",
                                            "Leeds LS1 4AB", "United Kingdom"))
    return ("Maple & Co.", shop,
            Address("Jane Doe", ("221B Baker Street", "London NW1 6XE", "United Kingdom")))


def documents(lang: str) -> dict[str, bytes]:
    """Build every document for one language."""
    zh = lang == "zh_CN"
    shop, ret, cust = people(lang)
    carrier = "顺丰速运" if zh else "Royal Mail"
    url = None if zh else "https://maple.example/returns/{rma}"
    label = LabelData(shop, ret, cust, "R-000123", carrier, "SF1234567890123" if zh else "1Z999AA10123456784",
                      not zh, 3, DAY, lang, url)
    lines = ((SlipLine("TS-RED-M", "有机棉T恤 红色 M码", 2, "尺码不合适"),
              SlipLine("MUG-01", "陶瓷马克杯 350毫升", 1, "运输途中损坏")) if zh else
             (SlipLine("TS-RED-M", "Organic cotton T-shirt, red, size M", 2, "Wrong size or fit"),
              SlipLine("MUG-01", "Ceramic mug 350 ml", 1, "Damaged in transit")))
    include = ("包装盒内的所有物品：配件、说明书", "本退货单") if zh else (
        "Everything that came in the box: accessories, manuals", "This slip")
    slip = SlipData(shop, "R-000123", "1001", cust, lines, include, DAY, lang, url, LOGO)
    instructions = InstructionsData(shop, cust.name, default_steps(lang, carrier, not zh, "R-000123", not zh),
                                    policy_terms(RULES, lang), "R-000123", "1001", date(2026, 12, 26), lang,
                                    url, "returns@maple.example", LOGO)
    kit = ReturnKitData(shop, ret, cust, "1001", carrier, True, DAY,
                        InstructionsData(shop, cust.name, default_steps(lang, carrier, True),
                                         policy_terms(RULES, lang), None, "1001", None, lang), 3, "", lang)
    cur = "CNY" if zh else "GBP"
    note = CreditNoteData("CN-2026-0007", DAY, shop, ret, cust, "R-000123", "1001",
                          (CreditNoteLine(lines[0].name, 2, Decimal("33.33"), Decimal("6.67"),
                                          Decimal("40.00")),
                           CreditNoteLine(lines[1].name, 1, Decimal("10.00"), Decimal("2.00"),
                                          Decimal("12.00"))),
                          cur, lang, "GB123456789", "原支付方式" if zh else "Card (original payment)", "", LOGO)
    return {
        "label-4x6": build_label(label, "4x6"), "label-a4": build_label(label, "a4"),
        "kit": build_return_kit(kit), "slip": build_slip(slip),
        "instructions": build_instructions(instructions),
        "credit-note": build_credit_note(note),
        "policy": render_policy(RULES, "pdf", lang, shop, "returns@maple.example", date(2026, 11, 1), 3,
                                logo=LOGO),
    }


def main() -> None:
    """Render each document's first pages to PNG in this folder (labels at 203 dpi, sheets at 72 dpi)."""
    for old in HERE.glob("*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        for lang in ("en", "zh_CN"):
            for name, pdf in documents(lang).items():
                source = Path(tmp) / f"{name}.pdf"
                source.write_bytes(pdf)
                dpi = "203" if name == "label-4x6" else "72"
                extra = ["-aa", "no", "-aaVector", "no"] if name == "label-4x6" else []
                subprocess.run(["pdftoppm", "-r", dpi, *extra, "-gray", "-png", str(source),
                                str(HERE / f"{name}-{lang}")], check=True)


if __name__ == "__main__":
    main()
