"""Each printed document type has its own printer on this desk, shared by Settings and printing."""

from __future__ import annotations

from desktop_app.core.documents.kinds import DOCUMENT_CODES
from desktop_app.gui.dialogs.settings.pages import DeskPage
from desktop_app.gui.printing.print_service import remember_printer, remembered_printer


def test_every_printed_document_type_has_a_printer_choice(owner_window):
    page = owner_window.menus.settings().page(DeskPage)
    assert set(page.printers) == set(DOCUMENT_CODES)


def test_a_printer_chosen_in_settings_is_the_one_printing_preselects(owner_window):
    dialog = owner_window.menus.settings()
    page = dialog.page(DeskPage)
    page.printers["kit"].setEditText("Zebra ZD421")
    dialog.save()
    assert remembered_printer("kit") == "Zebra ZD421"
    remember_printer("label", "Brother QL-820")
    again = owner_window.menus.settings().page(DeskPage)
    assert again.printers["label"].currentText() == "Brother QL-820"
