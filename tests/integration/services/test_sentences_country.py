"""Why a request waits for a person (auto-approve) names amounts as the shop's country writes them."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from returns_shop import RULES, build_shop

from desktop_app.core.domain.auto_rules import AutoApprove
from desktop_app.core.services import policies
from desktop_app.core.services import returns as svc
from desktop_app.core.services.returns import LineRequest
from desktop_app.core.services.settings import set_setting


def test_auto_approve_waits_name_amounts_in_the_shops_form_and_follow_its_country(sqlite_database):
    shop = build_shop(sqlite_database)  # a shop in Germany
    rules = replace(RULES, auto_approve=AutoApprove(refund_max=Decimal(20), reasons=("defective",)))
    policies.publish(shop.owner, policies.save_draft(shop.owner, rules, title="auto").id)
    mugs = [LineRequest(shop.order_lines["1001/MUG-1"], 2, "defective", "", "like_new")]  # 23.98 > 20.00

    def waits() -> str:
        return " ".join(m.render("en") for m in svc.judge_draft(shop.clerk, "1001", mugs, "refund").auto.waits)

    assert "The refund of 23,98\xa0€ is above the auto-approve limit of 20,00\xa0€." in waits(), waits()
    set_setting(shop.owner, "shop.country", "IE")
    assert "The refund of €23.98 is above the auto-approve limit of €20.00." in waits(), waits()
