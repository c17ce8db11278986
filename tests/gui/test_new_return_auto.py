"""The new-return wizard under auto-approve rules: the confirm page says the policy approves it, and it is."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from desktop_app.core.domain.auto_rules import AutoApprove
from desktop_app.core.services import policies, returns
from desktop_app.core.services.base import ServiceContext
from desktop_app.gui.timeline import timeline_entries
from tests.gui.test_new_return import _returnable, confirm, find, open_wizard, recent_order


def test_a_request_the_rules_cover_is_approved_by_the_policy_not_twice(qtbot, shop_db, owner, clerk):
    owner_ctx = ServiceContext(shop_db, owner)
    rules = policies.current_policy(shop_db).rules
    auto = AutoApprove(refund_max=Decimal(100000), reasons=("changed_mind",))
    policies.publish(owner_ctx, policies.save_draft(owner_ctx, replace(rules, auto_approve=auto), title="auto").id)
    order = recent_order(shop_db)
    line = _returnable(order)[0]
    wizard = open_wizard(qtbot, shop_db, clerk)
    find(qtbot, wizard, order.number, order.number)
    wizard.lines_page.editor_for(line.sku).set_choice(1, "changed_mind", "unused", "")
    wizard.next()
    page = wizard.confirm_page
    assert "The policy approves this return at once (small refunds for chosen reasons)." in page.note.text()
    assert page.approve.isChecked() and not page.approve.isEnabled()
    wizard.back()
    confirm(qtbot, wizard)
    detail = returns.get_return(shop_db, wizard.created.rma)
    assert detail.status == "approved"
    assert [e.data.get("auto_rule") for e in detail.events if e.kind == "approved"] == ["refund_limit"]
    assert any("Approved at once by the auto-approve rule: small refunds for chosen reasons." in text
               for text in timeline_entries(detail, []))
