"""Policy versions: owner-only drafts, validated publishing, immutable published versions, diff, warnings."""

from __future__ import annotations

import admin_support
import pytest
from admin_support import dump, owner_and_clerk

from desktop_app.core.domain.policy import PolicyRules
from desktop_app.core.domain.presets import default_rules
from desktop_app.core.services import policies
from desktop_app.core.services.auth import sign_in
from desktop_app.core.services.base import (
    ConflictError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    ServiceContext,
)
from desktop_app.core.services.users import add_user

shop = admin_support.shop


def test_a_clerk_can_neither_edit_nor_publish_the_policy(shop):
    owner_ctx, clerk_ctx = owner_and_clerk(shop)
    draft = policies.save_draft(owner_ctx, default_rules("DE", "EUR"))
    before = dump(shop)
    with pytest.raises(PermissionDenied):
        policies.save_draft(clerk_ctx, default_rules("DE", "EUR").with_changes(window_days=5))
    with pytest.raises(PermissionDenied) as refused:
        policies.publish(clerk_ctx, draft.id, draft.version)
    assert "publish the return policy" in refused.value.render("en")
    assert "发布退货政策" in refused.value.render("zh_CN")
    assert dump(shop) == before


def test_publishing_numbers_versions_and_retires_the_previous_one(shop):
    owner_ctx, _clerk = owner_and_clerk(shop)
    with pytest.raises(NotFound):
        policies.current_policy(shop)
    rules = default_rules("DE", "EUR").with_changes(window_days=30)
    first = policies.publish(owner_ctx, policies.save_draft(owner_ctx, rules, title="Spring").id)
    assert (first.number, first.status, first.published_by) == (1, "published", "Olga Owner")
    current = policies.current_policy(shop)
    assert current.id == first.id and current.rules == rules

    draft = policies.save_draft(owner_ctx, rules.with_changes(window_days=60))
    assert draft.is_draft and draft.number is None
    assert policies.current_policy(shop).number == 1  # a draft does not change what applies
    second = policies.publish(owner_ctx, draft.id, draft.version)
    assert second.number == 2 and policies.current_policy(shop).rules.window_days == 60
    assert policies.get_version(shop, first.id).status == "retired"
    assert [(v.number, v.status) for v in policies.list_versions(shop)] == [(2, "published"), (1, "retired")]
    assert policies.get_published(shop, 1).rules.window_days == 30


def test_a_published_version_is_never_changed(shop):
    owner_ctx, _clerk = owner_and_clerk(shop)
    published = policies.publish(owner_ctx, policies.save_draft(owner_ctx, default_rules("GB", "GBP")).id)
    before = dump(shop)
    with pytest.raises(InvalidInput) as refused:
        policies.save_draft(owner_ctx, published.rules.with_changes(window_days=7), published.version,
                            draft_id=published.id)
    assert "save your changes as a new draft" in refused.value.render("en")
    with pytest.raises(InvalidInput):
        policies.publish(owner_ctx, published.id)
    with pytest.raises(InvalidInput):
        policies.delete_draft(owner_ctx, published.id)
    assert dump(shop) == before
    assert policies.get_version(shop, published.id).rules.window_days == 14


def test_an_invalid_draft_is_saved_but_not_published(shop):
    owner_ctx, _clerk = owner_and_clerk(shop)
    bad = default_rules("DE", "EUR").with_changes(window_days=-3, reasons=())
    assert len(policies.validate_draft(bad)) == 2
    draft = policies.save_draft(owner_ctx, bad)
    before = dump(shop)
    with pytest.raises(policies.PolicyProblems) as refused:
        policies.publish(owner_ctx, draft.id, draft.version)
    assert len(refused.value.problems) == 2
    text = refused.value.render("en")
    assert "cannot be negative" in text and "at least one return reason" in text
    assert "此草稿尚不能发布" in refused.value.render("zh_CN")
    assert dump(shop) == before


def test_diff_between_versions_names_each_changed_rule(shop):
    owner_ctx, _clerk = owner_and_clerk(shop)
    rules = default_rules("DE", "EUR")
    old = policies.save_draft(owner_ctx, rules)
    new = policies.save_draft(owner_ctx, rules.with_changes(window_days=30, refund_promise_business_days=3))
    changes = [m.render("en") for m in policies.diff_versions(shop, old.id, new.id)]
    assert changes == ["Return window (days) changed from 14 to 30.",
                       "Refund promise (business days) changed from 10 to 3."]
    assert policies.diff_versions(shop, old.id, old.id) == []


def test_legal_warnings_compare_the_draft_with_the_shop_country(shop):
    stingy = PolicyRules(country="DE", currency="EUR", window_days=7)
    warnings = [m.render("en") for m in policies.legal_warnings(stingy)]
    assert any("shorter than the 14 days" in w for w in warnings)
    assert policies.legal_warnings(stingy, "US") == []
    assert policies.legal_warnings(default_rules("DE", "EUR")) == []


def test_two_owners_editing_one_draft_the_second_is_told_who_saved_first(shop):
    owner_ctx, _clerk = owner_and_clerk(shop)
    add_user(owner_ctx, "otto", "11112222", "owner", "Otto Owner")
    otto_ctx = ServiceContext(shop, sign_in(shop, "otto", "11112222"))
    draft = policies.save_draft(owner_ctx, default_rules("DE", "EUR"))
    opened_by_olga = policies.get_version(shop, draft.id)
    opened_by_otto = policies.get_version(shop, draft.id)
    policies.save_draft(otto_ctx, opened_by_otto.rules.with_changes(window_days=21), opened_by_otto.version,
                        draft_id=draft.id)
    before = dump(shop)
    with pytest.raises(ConflictError) as conflict:
        policies.save_draft(owner_ctx, opened_by_olga.rules.with_changes(window_days=45),
                            opened_by_olga.version, draft_id=draft.id)
    assert "changed by Otto Owner" in conflict.value.render("en")
    with pytest.raises(ConflictError):
        policies.publish(owner_ctx, draft.id, opened_by_olga.version)
    assert dump(shop) == before
    assert policies.get_version(shop, draft.id).rules.window_days == 21
