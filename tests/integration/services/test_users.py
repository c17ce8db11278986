"""People: only the owner manages users; the last owner stays; refund limits; own language and PIN."""

from __future__ import annotations

import admin_support
import pytest
from admin_support import CLERK_PIN, OWNER_PIN, dump, owner_and_clerk
from sqlalchemy import update

from desktop_app.core.db.models import User
from desktop_app.core.services import users
from desktop_app.core.services.admin_common import writing
from desktop_app.core.services.auth import SignInRefused, sign_in
from desktop_app.core.services.base import (
    ConflictError,
    InvalidInput,
    PermissionDenied,
    Role,
    ServiceContext,
)
from desktop_app.core.services.settings import set_setting

shop = admin_support.shop


def _clerk_info(owner_ctx: ServiceContext) -> users.UserInfo:
    return next(u for u in users.list_users(owner_ctx) if u.name == "clerk")


@pytest.mark.parametrize("action", [
    lambda ctx, uid: users.list_users(ctx),
    lambda ctx, uid: users.add_user(ctx, "eve", "55555555"),
    lambda ctx, uid: users.change_role(ctx, uid, Role.OWNER, None),
    lambda ctx, uid: users.set_refund_limit(ctx, uid, 10**9, None),
    lambda ctx, uid: users.reset_secret(ctx, uid, "7777", None),
    lambda ctx, uid: users.deactivate(ctx, uid, None),
], ids=["list", "add", "role", "limit", "reset", "deactivate"])
def test_a_clerk_cannot_manage_users(shop, action):
    _owner_ctx, clerk_ctx = owner_and_clerk(shop)
    before = dump(shop)
    with pytest.raises(PermissionDenied) as refused:
        action(clerk_ctx, clerk_ctx.user.id)
    assert refused.value.render("en").startswith("Only the owner can")
    assert "只有店主可以" in refused.value.render("zh_CN")
    assert dump(shop) == before


def test_changes_need_a_signed_in_user(shop):
    owner_and_clerk(shop)
    with pytest.raises(PermissionDenied):
        users.add_user(ServiceContext(shop, None), "eve", "55555555")


def test_the_owner_adds_a_clerk_who_can_then_sign_in(shop):
    owner_ctx, _clerk = owner_and_clerk(shop)
    added = users.add_user(owner_ctx, "mei", "24682468", "clerk", "王梅", "zh_CN")
    assert (added.role, added.display_name, added.language) == (Role.CLERK, "王梅", "zh_CN")
    assert sign_in(shop, "mei", "24682468").display_name == "王梅"
    with pytest.raises(InvalidInput):
        users.add_user(owner_ctx, "mei", "13571357")
    with pytest.raises(InvalidInput):
        users.add_user(owner_ctx, "has space", "13571357")
    with pytest.raises(InvalidInput):
        users.add_user(owner_ctx, "boss", "13571357", "admin")
    assert [u.name for u in users.list_users(owner_ctx)] == ["owner", "clerk", "mei"]


def test_the_last_owner_can_be_neither_deactivated_nor_demoted(shop):
    owner_ctx, _clerk = owner_and_clerk(shop)
    me = users.get_user(owner_ctx, owner_ctx.user.id)
    before = dump(shop)
    with pytest.raises(InvalidInput) as refused:
        users.deactivate(owner_ctx, me.id, me.version)
    assert "only owner" in refused.value.render("en")
    with pytest.raises(InvalidInput):
        users.change_role(owner_ctx, me.id, Role.CLERK, me.version)
    assert dump(shop) == before

    clerk = _clerk_info(owner_ctx)
    promoted = users.change_role(owner_ctx, clerk.id, Role.OWNER, clerk.version)
    assert promoted.role is Role.OWNER and promoted.version == clerk.version + 1
    gone = users.deactivate(owner_ctx, me.id, me.version)
    assert not gone.active
    with pytest.raises(SignInRefused):
        sign_in(shop, "owner", OWNER_PIN)


def test_a_clerk_refund_limit_falls_back_to_the_shop_default(shop):
    owner_ctx, clerk_ctx = owner_and_clerk(shop)
    with shop.read() as s:
        assert users.refund_limit_for(s, clerk_ctx.user.id) == users.DEFAULT_CLERK_REFUND_LIMIT_MINOR
        assert users.refund_limit_for(s, owner_ctx.user.id) is None
    set_setting(owner_ctx, "clerk.refund_limit", "250.00")
    with shop.read() as s:
        assert users.refund_limit_for(s, clerk_ctx.user.id) == 25000
    clerk = _clerk_info(owner_ctx)
    users.set_refund_limit(owner_ctx, clerk.id, 5000, clerk.version)
    with shop.read() as s:
        assert users.refund_limit_for(s, clerk_ctx.user.id) == 5000
    with pytest.raises(InvalidInput):
        users.set_refund_limit(owner_ctx, clerk.id, -1, None)


def test_resetting_a_pin_lifts_the_lockout(shop):
    owner_ctx, _clerk = owner_and_clerk(shop)
    for _ in range(4):
        with pytest.raises(SignInRefused):
            sign_in(shop, "clerk", "0000")
    with pytest.raises(SignInRefused):
        sign_in(shop, "clerk", CLERK_PIN)  # locked
    clerk = _clerk_info(owner_ctx)
    assert clerk.locked_until is not None
    users.reset_secret(owner_ctx, clerk.id, "864200", clerk.version)
    assert sign_in(shop, "clerk", "864200").name == "clerk"


def test_users_change_their_own_language_and_pin(shop):
    _owner, clerk_ctx = owner_and_clerk(shop)
    updated = users.set_my_language(clerk_ctx, "zh_CN")
    assert updated.language == "zh_CN"
    assert sign_in(shop, "clerk", CLERK_PIN).language == "zh_CN"
    with pytest.raises(InvalidInput):
        users.set_my_language(clerk_ctx, "fr")
    before = dump(shop)
    with pytest.raises(SignInRefused):
        users.change_my_secret(clerk_ctx, "999999", "135790")
    assert dump(shop) == before
    users.change_my_secret(clerk_ctx, CLERK_PIN, "135790")
    assert sign_in(shop, "clerk", "135790").name == "clerk"


def test_a_stale_change_is_refused_naming_who_changed_it_and_when(shop):
    owner_ctx, _clerk = owner_and_clerk(shop)
    second = users.add_user(owner_ctx, "otto", "11112222", "owner", "Otto Owner")
    otto_ctx = ServiceContext(shop, sign_in(shop, "otto", "11112222"))
    seen_by_olga = _clerk_info(owner_ctx)
    seen_by_otto = users.get_user(otto_ctx, seen_by_olga.id)
    users.set_refund_limit(otto_ctx, seen_by_otto.id, 2000, seen_by_otto.version)
    before = dump(shop)
    with pytest.raises(ConflictError) as conflict:
        users.set_refund_limit(owner_ctx, seen_by_olga.id, 90000, seen_by_olga.version)
    text = conflict.value.render("en")
    assert "changed by Otto Owner at" in text and "UTC" in text
    assert "Otto Owner" in conflict.value.render("zh_CN")
    assert dump(shop) == before
    assert second.role is Role.OWNER


def test_a_clash_with_another_desk_at_the_same_moment_becomes_a_sentence(shop):
    _owner, clerk_ctx = owner_and_clerk(shop)
    before = dump(shop)
    with pytest.raises(ConflictError) as clash, writing(shop) as s:
        user = s.get(User, clerk_ctx.user.id)
        # another desk commits a change to the same row between our read and our write
        s.connection().execute(update(User.__table__).where(User.id == user.id)
                               .values(version=User.version + 1))
        user.language = "zh_CN"
        s.flush()
    assert "at the same moment" in clash.value.render("en")
    assert "同一时刻" in clash.value.render("zh_CN")
    assert dump(shop) == before
