"""The pages of a real PDF as images (pypdfium2), at any resolution, and their sizes in points."""

from __future__ import annotations

import pypdfium2 as pdfium
from PySide6.QtGui import QImage

from desktop_app.core.i18n import UserFacingError

POINTS_PER_INCH = 72.0


class PdfPages:
    """An open PDF: page count, page sizes in points, and each page rendered to a QImage."""

    def __init__(self, pdf: bytes) -> None:
        try:
            self._doc = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError:
            raise UserFacingError("This document could not be read as a PDF, so nothing was printed.") from None
        self.sizes = [(page.get_width(), page.get_height()) for page in self._doc]

    def __len__(self) -> int:
        return len(self.sizes)

    def image(self, index: int, dpi: float, crisp: bool = False) -> QImage:
        """Return page `index` at `dpi` dots per inch; `crisp` turns smoothing off (barcodes on a printer)."""
        page = self._doc[index]
        try:
            bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True, prefer_bgrx=True,
                                 no_smoothpath=crisp, no_smoothimage=crisp)
            fmt = QImage.Format.Format_RGBX8888 if bitmap.n_channels == 4 else QImage.Format.Format_RGB888
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, fmt).copy()
            bitmap.close()
            return image
        finally:
            page.close()

    def close(self) -> None:
        """Free the document."""
        self._doc.close()
