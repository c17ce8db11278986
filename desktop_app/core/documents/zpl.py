"""Return labels as ZPL for 4×6 in thermal printers (Zebra and compatibles) at 203 or 300 dpi.

The label is drawn as for PDF, with its codes and rules on whole dots of the printer, rasterised at the
printer's resolution without smoothing and sent as one ^GFA graphic (ZPL's run-length compressed hex),
so what prints is exactly what the PDF shows, in every script.
"""

from __future__ import annotations

import io
from dataclasses import replace
from typing import cast

import pypdfium2 as pdfium
from PIL import Image

from desktop_app.core.documents.common import new_canvas, save
from desktop_app.core.documents.data import LabelData, ReturnDocuments
from desktop_app.core.documents.kinds import ZPL_DPIS
from desktop_app.core.documents.label import LABEL_H, LABEL_W, LabelFace, draw_label_page, face_for_return
from desktop_app.core.i18n import UserFacingError

_COUNTS = "GHIJKLMNOPQRSTUVWXY"  # 1..19
_TWENTIES = "ghijklmnopqrstuvwxyz"  # 20, 40, .. 400


def _check_dpi(dpi: int) -> int:
    if dpi not in ZPL_DPIS:
        raise UserFacingError("Thermal printers print at 203 or 300 dpi, not {dpi}.", dpi=str(dpi))
    return dpi


def raster(face: LabelFace, dpi: int) -> Image.Image:
    """Return the label drawn for a `dpi` printer as a 1-bit image (black = 0) of 4×6 in."""
    face = replace(face, dpi=_check_dpi(dpi))
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (LABEL_W, LABEL_H), face.code_text)
    draw_label_page(canvas, face, "4x6")
    save(canvas)
    doc = pdfium.PdfDocument(buffer.getvalue())
    try:
        bitmap = doc[0].render(scale=dpi / 72.0, grayscale=True, no_smoothtext=True, no_smoothimage=True,
                               no_smoothpath=True)
        image = bitmap.to_pil().convert("L")
    finally:
        doc.close()
    image = image.crop((0, 0, round(LABEL_W / 72 * dpi), round(LABEL_H / 72 * dpi)))  # exactly 4x6 in of dots
    return cast(Image.Image, image.point(lambda v: 255 if v >= 128 else 0, mode="1"))


def _repeat(count: int) -> str:
    """Return ZPL's repeat-count prefix for `count` copies of one hex digit."""
    out = ""
    while count >= 20:
        chunk = min(count // 20, 20)
        out += _TWENTIES[chunk - 1]
        count -= chunk * 20
    if count:
        out += _COUNTS[count - 1]
    return out


def _compress_row(hex_row: str) -> str:
    """Compress one row of hex digits: runs as counts, a row ending in zeros as ','."""
    stripped = hex_row.rstrip("0")
    if not stripped:
        return ","
    out, i = [], 0
    while i < len(stripped):
        j = i
        while j < len(stripped) and stripped[j] == stripped[i]:
            j += 1
        run = j - i
        out.append((_repeat(run) + stripped[i]) if run > 2 else stripped[i] * run)
        i = j
    return "".join(out) + ("," if len(stripped) < len(hex_row) else "")


def graphic_field(image: Image.Image) -> str:
    """Return a ^GFA command printing a 1-bit image (black pixels printed), compressed the ZPL way."""
    width, height = image.size
    row_bytes = (width + 7) // 8
    inverted = Image.eval(image.convert("L"), lambda v: 255 - v).convert("1")  # ZPL: bit 1 = black
    data = inverted.tobytes()  # PIL packs mode "1" rows to whole bytes, most significant bit first
    rows, previous = [], None
    for r in range(height):
        hex_row = data[r * row_bytes:(r + 1) * row_bytes].hex().upper()
        rows.append(":" if hex_row == previous else _compress_row(hex_row))
        previous = hex_row
    total = row_bytes * height
    return f"^GFA,{total},{total},{row_bytes},{''.join(rows)}"


def face_zpl(face: LabelFace, dpi: int = 203) -> str:
    """Return one label as a ZPL job: print width, length, the graphic at the origin."""
    image = raster(face, dpi)
    width, height = image.size
    return f"^XA^PW{width}^LL{height}^LH0,0^FO0,0{graphic_field(image)}^FS^XZ\n"


def build_label_zpl(data: LabelData | ReturnDocuments | list[LabelData], dpi: int = 203) -> bytes:
    """Return the ZPL of a return's label (or of several, one job each) for a `dpi` thermal printer."""
    items = data if isinstance(data, list) else [data]
    jobs = [face_zpl(face_for_return(item.label if isinstance(item, ReturnDocuments) else item), dpi)
            for item in items]
    return "".join(jobs).encode("ascii")


def decode_graphic(zpl: str) -> Image.Image:
    """Return the image of the first ^GFA graphic in `zpl` (for checks: what the printer will print)."""
    start = zpl.index("^GFA,")
    _total, _field, row_bytes_text, body = zpl[start + 5:].split(",", 3)
    body = body.split("^", 1)[0]
    row_bytes = int(row_bytes_text)
    width = row_bytes * 2
    rows: list[str] = []
    row, count = "", 0
    for ch in body:
        if ch in _COUNTS:
            count += _COUNTS.index(ch) + 1
        elif ch in _TWENTIES:
            count += (_TWENTIES.index(ch) + 1) * 20
        elif ch == ":":
            rows.append(rows[-1])
        elif ch == ",":
            rows.append(row.ljust(width, "0"))
            row = ""
        else:
            row += ch * max(count, 1)
            count = 0
            if len(row) >= width:
                rows.append(row[:width])
                row = ""
    data = bytes.fromhex("".join(rows))
    image = Image.frombytes("1", (row_bytes * 8, len(rows)), data)
    return Image.eval(image.convert("L"), lambda v: 255 - v)
