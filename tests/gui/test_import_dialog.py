"""File > Import: a shop export checked, then imported in the background; a bad file refused whole."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.services.orders import list_orders
from desktop_app.gui.workers import ThreadRunner

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
SHOPIFY = FIXTURES / "platforms" / "shopify_orders.csv"
CUSTOM = FIXTURES / "custom"


def _dialog(window):
    dialog = window.menus.import_file()
    dialog.file.setText(str(SHOPIFY))
    dialog.profile.setCurrentIndex(dialog.profile.findData("shopify"))
    return dialog


def test_check_only_changes_nothing_then_import_adds_the_orders(owner_window, shop_db):
    before = len(list_orders(shop_db, limit=100000))
    dialog = _dialog(owner_window)
    dialog.check_only.setChecked(True)
    dialog.start.click()
    assert "nothing was changed" in dialog.result.toPlainText()
    assert len(list_orders(shop_db, limit=100000)) == before
    dialog.check_only.setChecked(False)
    dialog.start.click()
    assert "Imported" in dialog.result.toPlainText()
    assert len(list_orders(shop_db, limit=100000)) > before
    dialog.start.click()
    assert "0 new" in dialog.result.toPlainText()  # the same export again adds nothing


def test_a_bad_file_is_refused_with_its_line_numbers(owner_window, tmp_path, shop_db):
    bad = tmp_path / "bad.csv"
    lines = ["Belegnr;Datum;Kunde;Artikelnr;Bezeichnung;Menge;Einzelpreis;Status;Originalbeleg",
             "RE-2001;03.02.2026;Müller;A-1;Tasse;2;12,50;bezahlt;",
             "RE-2002;31.02.2026;Schulz;A-1;Tasse;1;12,50;bezahlt;"]
    bad.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    before = len(list_orders(shop_db, limit=100000))
    dialog = _dialog(owner_window)
    dialog.file.setText(str(bad))
    dialog.profile.setCurrentIndex(dialog.profile.findData(""))
    assert dialog.profile_file.isVisible()
    dialog.profile_file.setText(str(CUSTOM / "kasse.toml"))
    dialog.start.click()
    shown = dialog.result.toPlainText()
    assert "bad.csv was not imported" in shown and "31.02.2026" in shown
    assert "Traceback" not in shown
    assert len(list_orders(shop_db, limit=100000)) == before


def test_the_import_runs_in_the_background_and_reports_progress(qtbot, owner_window):
    owner_window.desk.runner = ThreadRunner()
    dialog = _dialog(owner_window)
    dialog.check_only.setChecked(True)
    dialog.start.click()
    assert not dialog.start.isEnabled() and dialog.cancel.isEnabled()
    qtbot.waitUntil(lambda: dialog.start.isEnabled(), timeout=10000)
    assert "nothing was changed" in dialog.result.toPlainText()
