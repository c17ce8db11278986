"""The language switches while the window is open; every tab, menu and the status bar follow."""

from __future__ import annotations

from desktop_app.core.services.auth import sign_in
from desktop_app.gui.dialogs.settings.pages import LanguagePage


def test_switching_to_chinese_and_back_from_the_menu(owner_window):
    window = owner_window
    window.menus.language_actions["zh_CN"].trigger()
    assert window.tabs.tabText(0) == "退货(&R)"
    assert window.menus.menus["&File"].title() == "文件(&F)"
    assert "已登录" in window.status_user.text()
    assert "未完成" in window.queue.status_filter.currentText()
    from PySide6.QtCore import Qt

    assert window.queue.model.headerData(0, Qt.Orientation.Horizontal) == "退货单号"
    assert window.queue.detail.empty.text().startswith("在列表中")
    assert sign_in(window.desk.db, "owner", "4321").language == "zh_CN"  # kept for the next sign-in
    window.menus.language_actions["en"].trigger()
    assert window.tabs.tabText(0) == "&Returns"
    assert "Signed in" in window.status_user.text()


def test_the_language_page_stores_it_on_the_user_and_switches_now(owner_window, shop_db):
    dialog = owner_window.menus.settings()
    page = dialog.page(LanguagePage)
    page.language.setCurrentIndex(page.language.findData("zh_CN"))
    dialog.save()
    assert not dialog.isVisible()
    assert owner_window.tabs.tabText(2) == "报表(&O)"
    assert sign_in(shop_db, "owner", "4321").language == "zh_CN"


def test_qt_standard_dialogs_and_the_cjk_font(qapp):
    from PySide6.QtCore import QCoreApplication

    from desktop_app.gui.i18n import install_language

    install_language("zh_CN")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert any("Droid Sans Fallback" in family for family in qapp.font().families())
    install_language("en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
