"""ZPL labels for thermal printers: the ^GFA graphic decodes back to the label and both codes scan."""

from __future__ import annotations

import numpy as np
import pytest
from documents_support import decode, label_data

from desktop_app.core.documents.data import Address
from desktop_app.core.documents.zpl import build_label_zpl, decode_graphic, graphic_field
from desktop_app.core.i18n import UserFacingError


@pytest.mark.parametrize("dpi", [203, 300])
def test_a_zpl_label_decodes_to_a_4x6_image_whose_qr_and_barcode_scan(dpi, tmp_path):
    data = label_data("en", customer=Address("Elif Yılmaz", ("Bağdat Cd. 12", "34710 Kadıköy/İstanbul")))
    zpl = build_label_zpl(data, dpi=dpi).decode("ascii")
    assert zpl.startswith("^XA") and zpl.rstrip().endswith("^XZ") and f"^PW{4 * dpi}" in zpl
    image = decode_graphic(zpl)
    assert image.size[0] >= 4 * dpi and image.size[1] == 6 * dpi
    png = tmp_path / f"label{dpi}.png"
    image.save(png)
    codes = decode(png)
    assert "R-000123" in codes  # the Code 128
    assert "https://maple.example/returns/R-000123" in codes  # the QR code with the status page


def test_the_graphic_round_trips_pixel_for_pixel_through_zpl_compression():
    from PIL import Image, ImageDraw

    image = Image.new("1", (203, 50), 1)
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 5, 150, 20), fill=0)
    draw.line((0, 49, 202, 0), fill=0)
    back = np.array(decode_graphic(graphic_field(image)).crop((0, 0, 203, 50))) < 128
    assert (back == (np.array(image.convert("L")) < 128)).all() and back.sum() > 2000


def test_a_batch_is_one_job_per_label_and_an_odd_resolution_is_refused():
    jobs = build_label_zpl([label_data("en", rma=f"R-00012{i}") for i in range(3)]).decode("ascii")
    assert jobs.count("^XA") == 3 and jobs.count("^GFA") == 3
    with pytest.raises(UserFacingError, match="203 or 300"):
        build_label_zpl(label_data("en"), dpi=600)
