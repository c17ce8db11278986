"""The new-return wizard walked like a person on the demo shop: find, pick lines, confirm, print."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtWidgets import QWizard

from desktop_app.core.domain.policy import CategoryRule
from desktop_app.core.services import orders, policies, returns
from desktop_app.core.services.base import ServiceContext
from desktop_app.gui.backend import Desk
from desktop_app.gui.dialogs.new_return.wizard import CONFIRM, DONE, LINES, NewReturnWizard
from desktop_app.gui.workers import SyncRunner

NOW = datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _orders(db):
    return [orders.get_order(db, o.number, o.channel) for o in orders.list_orders(db, limit=500)]


def _returnable(order, final_sale=("final sale",)):
    return [ln for ln in order.lines if ln.returnable_qty > 0 and ln.category.casefold() not in final_sale]


def recent_order(db, lines: int = 1):
    """An order delivered in the last ten days with `lines` returnable, non-final-sale lines."""
    for order in _orders(db):
        delivered = order.delivered_at and _aware(order.delivered_at)
        if delivered and NOW - delivered < timedelta(days=10) and len(_returnable(order)) >= lines \
                and len(order.lines) >= lines:
            return order
    pytest.skip("the demo shop has no such recent order")


def old_order(db):
    """An order delivered long ago, outside the window and any holiday extension."""
    for order in _orders(db):
        delivered = order.delivered_at and _aware(order.delivered_at)
        if delivered and NOW - delivered > timedelta(days=60) and order.ordered_at.month not in (11, 12) \
                and _returnable(order):
            return order
    pytest.skip("the demo shop has no old order")


def open_wizard(qtbot, db, user) -> NewReturnWizard:
    wizard = NewReturnWizard(Desk(db, user, SyncRunner()))
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def find(qtbot, wizard: NewReturnWizard, text: str, number: str) -> None:
    page = wizard.find_page
    qtbot.keyClicks(page.search, text)
    page.find_now()
    rows = [page.results.item(i).text() for i in range(page.results.count())]
    row = next(i for i, t in enumerate(rows) if t.startswith(number + " "))
    page.results.setCurrentRow(row)
    assert wizard.data is not None and wizard.data.order.number == number
    assert page.isComplete()
    wizard.next()
    assert wizard.currentId() == LINES


def confirm(qtbot, wizard: NewReturnWizard) -> None:
    wizard.next()
    assert wizard.currentId() == CONFIRM
    wizard.next()  # "Create return": created in the background, then the last page
    qtbot.waitUntil(lambda: wizard.currentId() == DONE)


def test_eligible_return_is_created_and_approved_with_its_explanation(qtbot, shop_db, clerk, tmp_path,
                                                                   monkeypatch):
    order = recent_order(shop_db)
    line = _returnable(order)[0]
    wizard = open_wizard(qtbot, shop_db, clerk)
    email = order.customer.email if order.customer and order.customer.email else order.number
    find(qtbot, wizard, email, order.number)
    editor = wizard.lines_page.editor_for(line.sku)
    assert editor.quantity.maximum() == line.returnable_qty
    editor.set_choice(1, "changed_mind", "unused", "Too small")
    assert "Eligible" in editor.verdict.text() and "Returns are accepted until" in editor.verdict.text()
    photo = tmp_path / "photo.png"
    from PySide6.QtGui import QColor, QPixmap

    pixmap = QPixmap(20, 20)
    pixmap.fill(QColor("red"))
    pixmap.save(str(photo))
    wizard.choose_files = lambda: [str(photo)]
    wizard.lines_page.files.add.click()
    assert wizard.lines_page.files.list.count() == 1
    assert not wizard.lines_page.files.list.item(0).icon().isNull()
    wizard.next()
    assert wizard.confirm_page.approve.isEnabled() and wizard.confirm_page.approve.isChecked()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == DONE)

    detail = returns.get_return(shop_db, wizard.created.rma)
    assert detail.status == "approved" and detail.order_number == order.number
    [made] = detail.lines
    assert (made.sku, made.requested_qty, made.reason_code, made.customer_comment) == (
        line.sku, 1, "changed_mind", "Too small")
    assert made.eligible is True
    assert any("Returns are accepted until" in m.render("en") for m in made.explanation)
    assert [a.filename for a in detail.attachments] == ["photo.png"]
    assert wizard.created.rma in wizard.done_page.result.text()

    # Print the label and the instructions: the shared print preview opens with the real PDF.
    from desktop_app.gui.printing.preview import PdfPreviewDialog

    wizard.done_page.print_label.click()
    label = wizard.done_page.preview_dialog
    assert isinstance(label, PdfPreviewDialog) and label.isVisible() and label.kind == "label"
    assert label.pdf.startswith(b"%PDF") and wizard.created.rma in label.title
    target = tmp_path / "label.pdf"
    monkeypatch.setattr(PdfPreviewDialog, "choose_path", classmethod(lambda cls, parent, suggested: str(target)))
    assert label.save_document() == str(target)
    assert target.read_bytes() == label.pdf
    label.close()
    wizard.done_page.print_instructions.click()
    sheet = wizard.done_page.preview_dialog
    assert sheet.kind == "instructions" and sheet.pdf.startswith(b"%PDF")
    sheet.close()


def test_outside_the_window_a_clerk_cannot_create_it(qtbot, shop_db, clerk):
    order = old_order(shop_db)
    line = _returnable(order)[0]
    wizard = open_wizard(qtbot, shop_db, clerk)
    find(qtbot, wizard, order.number, order.number)
    editor = wizard.lines_page.editor_for(line.sku)
    editor.set_choice(1, "changed_mind")
    assert "Not eligible" in editor.verdict.text() and "The return window ended on" in editor.verdict.text()
    wizard.next()
    page = wizard.confirm_page
    assert not page.isComplete() and not page.approve.isEnabled()
    assert "Only the owner" in page.note.text()
    assert not page.goodwill.isVisible()
    before = returns.count_returns(shop_db, returns.ReturnFilter())
    wizard.next()
    assert wizard.currentId() == CONFIRM
    assert returns.count_returns(shop_db, returns.ReturnFilter()) == before


def test_outside_the_window_the_owner_accepts_it_as_goodwill(qtbot, shop_db, owner):
    order = old_order(shop_db)
    line = _returnable(order)[0]
    wizard = open_wizard(qtbot, shop_db, owner)
    find(qtbot, wizard, order.number, order.number)
    wizard.lines_page.editor_for(line.sku).set_choice(1, "changed_mind")
    wizard.next()
    page = wizard.confirm_page
    assert page.goodwill.isVisible() and not page.isComplete()
    qtbot.keyClicks(page.goodwill, "Loyal customer")
    assert page.isComplete()
    page.approve.setChecked(False)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == DONE)
    detail = returns.get_return(shop_db, wizard.created.rma)
    assert detail.status == "requested"
    assert detail.lines[0].eligible is False
    assert any("The return window ended on" in m.render("en") for m in detail.lines[0].explanation)
    assert any(e.note == "Loyal customer" or "Loyal customer" in str(e.data) for e in detail.events)


def test_final_sale_is_refused_for_a_change_of_mind_but_not_when_defective(qtbot, shop_db, owner, clerk):
    order = recent_order(shop_db)
    line = _returnable(order)[0]
    ctx = ServiceContext(shop_db, owner)
    rules = policies.current_policy(shop_db).rules
    final = rules.with_changes(category_rules=(*rules.category_rules, CategoryRule(line.category, final_sale=True)))
    draft = policies.save_draft(ctx, final)
    policies.publish(ctx, draft.id)

    wizard = open_wizard(qtbot, shop_db, clerk)
    find(qtbot, wizard, order.number, order.number)
    editor = wizard.lines_page.editor_for(line.sku)
    editor.set_choice(1, "changed_mind")
    assert "Not eligible" in editor.verdict.text() and "final sale" in editor.verdict.text()
    editor.set_choice(1, "defective", "damaged", "Seam split")
    assert "Eligible" in editor.verdict.text()
    assert "Final sale does not apply" in editor.verdict.text()
    confirm(qtbot, wizard)
    detail = returns.get_return(shop_db, wizard.created.rma)
    made = detail.lines[0]
    assert made.eligible is True and made.reason_code == "defective" and made.fault == "shop"
    assert any("Final sale does not apply" in m.render("en") for m in made.explanation)
    assert detail.status == "approved"
    assert detail.policy_version_number == policies.current_policy(shop_db).number


def test_multi_line_return_with_quantities_capped_by_what_is_left(qtbot, shop_db, owner):
    order = recent_order(shop_db, lines=2)
    first, second = _returnable(order)[:2]
    wizard = open_wizard(qtbot, shop_db, owner)
    find(qtbot, wizard, order.number, order.number)
    page = wizard.lines_page
    one, two = page.editor_for(first.sku), page.editor_for(second.sku)
    one.set_choice(first.returnable_qty + 5, "wrong_size")
    assert one.quantity.value() == first.returnable_qty
    two.set_choice(1, "damaged_in_transit", comment="Box crushed")
    page.resolution.setCurrentIndex(page.resolution.findData("store_credit"))
    assert "2 of 2 lines within the policy" in page.total.text()
    assert "The shop pays for return shipping" in two.verdict.text()
    confirm(qtbot, wizard)
    detail = returns.get_return(shop_db, wizard.created.rma)
    got = {ln.sku: (ln.requested_qty, ln.reason_code, ln.eligible) for ln in detail.lines}
    assert got == {first.sku: (first.returnable_qty, "wrong_size", True),
                   second.sku: (1, "damaged_in_transit", True)}
    again = orders.get_order(shop_db, order.number, order.channel)
    assert next(ln for ln in again.lines if ln.id == first.id).returnable_qty == 0


def test_a_scanned_return_kit_opens_its_order_and_cancel_creates_nothing(qtbot, shop_db, clerk):
    order = recent_order(shop_db)
    wizard = open_wizard(qtbot, shop_db, clerk)
    wizard.find_page.kit.setText(f"RDKIT:{order.number}")
    wizard.find_page.use_scan(wizard.find_page.kit.text())
    assert wizard.data is not None and wizard.data.order.number == order.number
    wizard.find_page.use_scan("RDKIT:does-not-exist")
    assert wizard.data is None and "does-not-exist" in wizard.find_page.status.text()
    before = returns.count_returns(shop_db, returns.ReturnFilter())
    wizard.button(QWizard.WizardButton.CancelButton).click()
    assert returns.count_returns(shop_db, returns.ReturnFilter()) == before


def test_the_window_opens_the_wizard_with_a_scanned_kit_or_a_name(qtbot, owner_window, shop_db):
    order = recent_order(shop_db)
    wizard = owner_window.new_return(f"RDKIT:{order.number}")
    qtbot.addWidget(wizard)
    assert wizard.data is not None and wizard.data.order.number == order.number
    assert wizard.find_page.isComplete()
    wizard.close()
    name = order.customer.name if order.customer else order.number
    wizard = owner_window.new_return(name)
    qtbot.addWidget(wizard)
    assert wizard.find_page.results.count() >= 1 and wizard.data is not None
    wizard.find_page.use_scan("%%%")
    assert "not a return number" in wizard.find_page.status.text()


def test_the_live_verdict_is_what_the_return_records_with_one_label_charge(qtbot, shop_db, owner):
    from decimal import Decimal

    ctx = ServiceContext(shop_db, owner)
    rules = policies.current_policy(shop_db).rules.with_changes(return_shipping_cost=Decimal("4.95"))
    policies.publish(ctx, policies.save_draft(ctx, rules).id)
    order = recent_order(shop_db, lines=2)
    first, second = _returnable(order)[:2]
    wizard = open_wizard(qtbot, shop_db, owner)
    find(qtbot, wizard, order.number, order.number)
    page = wizard.lines_page
    page.editor_for(first.sku).set_choice(1, "wrong_size")
    page.editor_for(second.sku).set_choice(1, "changed_mind")
    # the demo shop is German: the live verdict writes the amount as the shop's country does
    assert "its cost of 4,95\xa0€ is taken from the refund" in page.editor_for(first.sku).verdict.text()
    assert "charged once per return" in page.editor_for(second.sku).verdict.text()
    live = {v.order_line_id: [m.render("en") for m in v.decision.explanation] for v in page.verdict.lines}
    confirm(qtbot, wizard)
    detail = returns.get_return(shop_db, wizard.created.rma)
    assert {ln.order_line_id: [m.render("en") for m in ln.explanation] for ln in detail.lines} == live


def test_the_wizard_works_with_the_background_runner(qtbot, shop_db, clerk):
    from desktop_app.gui.workers import ThreadRunner

    order = recent_order(shop_db)
    line = _returnable(order)[0]
    runner = ThreadRunner()
    wizard = NewReturnWizard(Desk(shop_db, clerk, runner))
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.find_page
    page.search.setText(order.number)
    page.find_now()
    qtbot.waitUntil(lambda: page.results.count() > 0)
    rows = [page.results.item(i).text() for i in range(page.results.count())]
    page.results.setCurrentRow(next(i for i, t in enumerate(rows) if t.startswith(order.number + " ")))
    qtbot.waitUntil(lambda: wizard.data is not None and page.isComplete())
    wizard.next()
    wizard.lines_page.editor_for(line.sku).set_choice(1, "defective")
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == DONE, timeout=10000)
    assert runner.wait()
    assert returns.get_return(shop_db, wizard.created.rma).lines[0].reason_code == "defective"


def test_typing_part_of_a_name_offers_completions(qtbot, shop_db, clerk):
    typable = [o for o in _orders(shop_db) if o.customer and o.customer.name.isascii()]  # QTest types ASCII only
    if not typable:
        pytest.skip("the demo shop has no customer with a plain-letter name")
    order = typable[0]
    name = order.customer.name
    wizard = open_wizard(qtbot, shop_db, clerk)
    page = wizard.find_page
    page.search.setFocus()
    qtbot.keyClicks(page.search, name[: max(2, len(name) - 1)])
    qtbot.waitUntil(lambda: page.completions.rowCount() > 0)
    match = next(e for e in page.completions.stringList() if e.startswith(order.number + " "))
    page.completer.activated.emit(match)
    assert wizard.data is not None and wizard.data.order.number == order.number


def test_above_the_clerks_refund_limit_the_return_waits_for_the_owner(qtbot, shop_db, owner, clerk):
    from desktop_app.core.services import users

    users.set_refund_limit(ServiceContext(shop_db, owner), clerk.id, 100, None)  # 1.00 in the shop currency
    order = recent_order(shop_db)
    line = _returnable(order)[0]
    wizard = open_wizard(qtbot, shop_db, clerk)
    find(qtbot, wizard, order.number, order.number)
    wizard.lines_page.editor_for(line.sku).set_choice(1, "changed_mind")
    wizard.next()
    page = wizard.confirm_page
    assert not page.approve.isEnabled() and not page.approve.isChecked()
    assert "above your limit" in page.note.text()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == DONE)
    assert returns.get_return(shop_db, wizard.created.rma).status == "requested"
    assert "owner's approval" in wizard.done_page.result.text()


def test_switching_to_chinese_keeps_the_choices_and_translates_the_verdict(qtbot, shop_db, clerk):
    from desktop_app.gui.i18n import install_language

    order = recent_order(shop_db)
    line = _returnable(order)[0]
    wizard = open_wizard(qtbot, shop_db, clerk)
    find(qtbot, wizard, order.number, order.number)
    editor = wizard.lines_page.editor_for(line.sku)
    editor.set_choice(1, "wrong_size", "unused", "Too tight")
    install_language("zh_CN")
    assert wizard.lines_page.title() == "商品、原因和文件"
    assert editor.reason.currentData() == "wrong_size" and editor.reason.currentText() == "尺码不合适"
    assert editor.condition.currentData() == "unused" and editor.comment.toPlainText() == "Too tight"
    assert "符合条件" in editor.verdict.text() and "可在" in editor.verdict.text()


def test_the_delivery_date_typed_in_the_wizard_reopens_the_window(qtbot, shop_db, clerk):
    from PySide6.QtCore import QDate

    order = old_order(shop_db)
    wizard = open_wizard(qtbot, shop_db, clerk)
    page = wizard.find_page
    qtbot.keyClicks(page.search, order.number)
    page.find_now()
    page.results.setCurrentRow(0)
    assert page.delivery_row.isVisible()
    yesterday = QDate.currentDate().addDays(-1)
    page.delivery.setDate(yesterday)
    page.set_delivery.click()

    day = yesterday.toString("yyyy-MM-dd")
    assert orders.get_order(shop_db, order.number, order.channel).delivered_at is not None
    assert f"delivered {day}" in page.status.text()
    wizard.next()
    line = _returnable(wizard.data.order)[0]
    wizard.lines_page.editor_for(line.sku).set_choice(1, "wrong_size")
    german = yesterday.toString("dd.MM.yyyy")  # the policy's sentence writes the day as the German shop does
    assert f"The window counts from delivery, {german}." in wizard.lines_page.editor_for(line.sku).verdict.text()
