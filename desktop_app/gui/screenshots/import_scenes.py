"""Screenshot scenes of the import dialog's preview and the mapping editor (screenshots.py, layout test)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from desktop_app.gui.dialogs.import_dialog import ImportDialog
from desktop_app.gui.dialogs.import_mapping import MappingDialog
from desktop_app.gui.main_window import MainWindow

SHOPIFY_SAMPLE = """Name,Email,Financial Status,Created at,Currency,Total,Lineitem quantity,Lineitem name,\
Lineitem price,Lineitem sku,Shipping Name,Shipping City,Shipping Zip
#1001,ana@example.com,paid,2026-04-05 21:06:21 +0400,EUR,54.00,2,Rotary Keyring,12.00,RX8-KEY,Ana Lima,Lisboa,'1100
#1001,,,,,,1,Sticker Pack,30.00,RX8-STK,,,
#1002,bo@example.com,refunded,2026-04-06 09:12:00 +0400,EUR,19.90,1,Enamel Mug,19.90,MUG-01,Bo Chen,Leeds,LS1 4AP
#1003,cy@example.com,paid,2026-04-07 14:40:10 +0400,EUR,89.00,1,Tea Set,89.00,TEA-SET,Cy Ruiz,Madrid,28001
#1004,di@example.com,partially_refunded,2026-04-08 08:05:44 +0400,EUR,36.00,3,Rotary Keyring,12.00,RX8-KEY,\
Di Park,Seoul,04524
"""
TILL_SAMPLE = """Belegnr;Datum;Kunde;Artikelnr;Bezeichnung;Menge;Einzelpreis;Status;Originalbeleg
RE-2001;03.02.2026;Müller;A-1;Tasse „Blau“;2;12,50;bezahlt;
RE-2001;03.02.2026;Müller;A-2;Teller groß;1;1.050,00;bezahlt;
RE-2002;04.02.2026;Schulz;A-1;Tasse „Blau“;3;12,50;bezahlt;
GS-0007;09.02.2026;Schulz;A-1;Tasse „Blau“;-1;12,50;erstattet;RE-2002
"""
TILL_COLUMNS = {"order_number": "Belegnr", "order_date": "Datum", "customer_name": "Kunde", "sku": "Artikelnr",
                "product_name": "Bezeichnung", "quantity": "Menge", "unit_price": "Einzelpreis",
                "original_order": "Originalbeleg"}


def _settle(widget: QWidget) -> None:
    widget.show()
    for _ in range(3):
        QApplication.processEvents()


def _fill_till_mapping(editor: MappingDialog) -> None:
    editor.start_from.setCurrentIndex(editor.start_from.findData(""))
    editor.encoding.setCurrentIndex(editor.encoding.findData("cp1252"))
    editor.delimiter.setCurrentIndex(editor.delimiter.findData(";"))
    for row in range(editor.table.rowCount()):
        combo = editor.table.cellWidget(row, 1)
        field = combo.objectName().removeprefix("column_") if isinstance(combo, QComboBox) else ""
        if field in TILL_COLUMNS and isinstance(combo, QComboBox):
            combo.setCurrentIndex(combo.findData(TILL_COLUMNS[field]))
    editor.name.setText("till")
    editor.dates.setText("%d.%m.%Y")
    editor.decimal.setCurrentIndex(editor.decimal.findData(","))
    editor.thousands.setCurrentIndex(editor.thousands.findData("."))
    editor.currency.setText("EUR")
    editor.negative.setChecked(True)
    editor.prefixes.setText("GS-")


def import_scenes(window: MainWindow) -> Iterator[tuple[str, QWidget]]:
    """Show the preview of a Shopify export, a file the profile cannot read, and the mapping editor."""
    desk = window.desk
    before = os.environ.get("RETURNDESK_PROFILES")
    with tempfile.TemporaryDirectory() as folder:
        os.environ["RETURNDESK_PROFILES"] = str(Path(folder) / "profiles")
        shop, till = Path(folder) / "orders_export.csv", Path(folder) / "kasse.csv"
        shop.write_text(SHOPIFY_SAMPLE, encoding="utf-8")
        till.write_bytes(TILL_SAMPLE.encode("cp1252"))
        try:
            dialog = ImportDialog(desk, window)
            dialog.set_file(str(shop))
            _settle(dialog)
            yield "dialog_import_preview", dialog
            dialog.set_file(str(till))
            _settle(dialog)
            yield "dialog_import_preview_refused", dialog
            editor = MappingDialog(str(till), "", dialog)
            _fill_till_mapping(editor)
            _settle(editor)
            yield "dialog_import_mapping", editor
            editor.close()
            dialog.close()
            dialog.deleteLater()
        finally:
            if before is None:
                os.environ.pop("RETURNDESK_PROFILES", None)
            else:
                os.environ["RETURNDESK_PROFILES"] = before
