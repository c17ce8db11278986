"""Render the SVG application icon into PNG sizes, a Windows .ico and a macOS .icns (run by `make icons`)."""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(svg: Path, size: int, target: Path) -> None:
    """Draw the SVG into a transparent square PNG of `size` pixels."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter, QRectF(0, 0, size, size))
    painter.end()
    image.save(str(target))


def main(out_dir: str = str(HERE / "icons")) -> int:
    """Write returndesk-<size>.png for each size, returndesk.ico and returndesk.icns into `out_dir`."""
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    svg = HERE / "icons" / "returndesk.svg"
    pngs = []
    for size in SIZES:
        target = out / f"returndesk-{size}.png"
        render(svg, size, target)
        pngs.append(target)
    largest = Image.open(out / "returndesk-512.png")
    largest.save(out / "returndesk.ico", sizes=[(s, s) for s in SIZES if s <= 256])
    largest.save(out / "returndesk.icns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))
