"""The owner chooses the shop's logo in Settings; it is stored and printed on documents; a clerk cannot."""

from __future__ import annotations

import io

from PIL import Image

from desktop_app.core.services.settings import get_settings
from desktop_app.gui.dialogs.logo_picker import LogoPicker
from desktop_app.gui.dialogs.settings.pages import ShopPage


def _png(path) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), (47, 111, 159)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def test_the_owner_chooses_and_removes_the_logo(owner_window, shop_db, tmp_path, monkeypatch):
    png = _png(tmp_path / "logo.png")
    monkeypatch.setattr(LogoPicker, "ask_file", classmethod(lambda cls, parent: str(tmp_path / "logo.png")))
    dialog = owner_window.menus.settings()
    page = dialog.page(ShopPage)
    page.logo.choose.click()
    assert not page.logo.preview.pixmap().isNull()
    dialog.save()
    assert get_settings(shop_db).shop_logo == png

    dialog = owner_window.menus.settings()
    page = dialog.page(ShopPage)
    assert page.logo.data == png and page.logo.remove.isEnabled()
    page.logo.remove.click()
    dialog.save()
    assert get_settings(shop_db).shop_logo is None


def test_a_file_that_is_not_a_picture_is_refused(owner_window, shop_db, tmp_path, monkeypatch):
    (tmp_path / "notes.png").write_text("not a picture", encoding="utf-8")
    monkeypatch.setattr(LogoPicker, "ask_file", classmethod(lambda cls, parent: str(tmp_path / "notes.png")))
    shown = []
    monkeypatch.setattr("desktop_app.gui.dialogs.logo_picker.show_error", lambda parent, text: shown.append(text))
    page = owner_window.menus.settings().page(ShopPage)
    page.logo.choose.click()
    assert shown == ["The logo must be a PNG or JPEG picture."] and not page.logo.changed


def test_a_clerk_cannot_change_the_logo(clerk_window):
    page = clerk_window.menus.settings().page(ShopPage)
    assert not page.logo.choose.isEnabled() and not page.logo.remove.isEnabled()
