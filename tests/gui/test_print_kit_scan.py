"""A printed return kit scanned back: its QR opens the order's waiting return, or the new-return wizard."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtCore import Qt

from desktop_app.core.services import documents
from desktop_app.core.services.orders import get_order, list_orders
from desktop_app.gui.dialogs.new_return.wizard import NewReturnWizard


def scanned_codes(pdf: bytes, folder: Path) -> list[str]:
    """Render the kit's first page (its label) at 203 dpi without antialiasing and decode it with zbar."""
    source = folder / "kit.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "203", "-aa", "no", "-aaVector", "no", "-gray", "-png", "-f", "1", "-l", "1",
                    str(source), str(folder / "kit")], check=True)
    png = sorted(folder.glob("kit-*.png"))[0]
    return subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True).stdout.split()


def test_scanning_a_printed_kit_of_an_order_without_a_return_starts_the_wizard_for_it(
        qtbot, owner_window, shop_db, tmp_path):
    order = next(o.number for o in list_orders(shop_db, limit=200) if not get_order(shop_db, o.number).returns)
    codes = scanned_codes(documents.kit_pdf(shop_db, order), tmp_path)
    assert f"RDKIT:{order}" in codes
    dialog = owner_window.scan()
    qtbot.keyClicks(dialog.field, f"RDKIT:{order}")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    wizards = [w for w in owner_window.findChildren(NewReturnWizard) if w.isVisible()]
    assert len(wizards) == 1
    qtbot.waitUntil(lambda: wizards[0].data is not None, timeout=5000)
    assert wizards[0].data.order.number == order
    assert not dialog.isVisible()
    wizards[0].reject()
