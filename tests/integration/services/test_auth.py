"""Signing in: scrypt hashes, PIN rules, the same refusal for unknown users, a lockout that grows."""

from __future__ import annotations

from datetime import timedelta

import admin_support
import pytest
from admin_support import CLERK_PIN, OWNER_PIN, dump, owner_and_clerk
from sqlalchemy import select

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import User, utcnow
from desktop_app.core.services import users
from desktop_app.core.services.auth import (
    SignInRefused,
    create_first_owner,
    hash_secret,
    needs_first_owner,
    sign_in,
    verify_secret,
)
from desktop_app.core.services.base import InvalidInput, Role

shop = admin_support.shop


def test_pins_are_stored_only_as_salted_scrypt_hashes(shop):
    owner_and_clerk(shop)
    with shop.read() as s:
        hashes = dict(s.execute(select(User.name, User.secret_hash)).all())
    for name, pin in (("owner", OWNER_PIN), ("clerk", CLERK_PIN)):
        assert pin not in hashes[name]
        assert hashes[name].startswith("scrypt$n=65536,r=8,p=1$")
        assert verify_secret(pin, hashes[name])
        assert not verify_secret(pin + "0", hashes[name])
    assert hash_secret("1234") != hash_secret("1234")  # a fresh salt each time


def test_the_first_owner_is_created_once(shop):
    assert needs_first_owner(shop)
    owner = create_first_owner(shop, "owner", OWNER_PIN, "Olga", "zh_CN")
    assert owner.role is Role.OWNER and owner.language == "zh_CN"
    assert not needs_first_owner(shop)
    before = dump(shop)
    with pytest.raises(InvalidInput) as refused:
        create_first_owner(shop, "mallory", "99999999")
    assert "already has users" in str(refused.value)
    assert dump(shop) == before


@pytest.mark.parametrize("secret", ["123", "", "abcdefg", "12 4", "1234", "12345"])
def test_short_pins_and_passwords_are_refused(shop, secret):
    with pytest.raises(InvalidInput):
        create_first_owner(shop, "owner", secret)
    assert needs_first_owner(shop)


@pytest.mark.parametrize("secret", ["123456", "0000000", "correct horse"])
def test_six_digits_or_eight_characters_are_accepted(shop, secret):
    create_first_owner(shop, "owner", secret)
    assert sign_in(shop, "owner", secret).name == "owner"


def test_a_wrong_pin_and_an_unknown_user_get_the_same_sentence(shop):
    owner_and_clerk(shop)
    with pytest.raises(SignInRefused) as wrong_pin:
        sign_in(shop, "clerk", "9999")
    with pytest.raises(SignInRefused) as unknown:
        sign_in(shop, "nobody", "9999")
    assert wrong_pin.value.render("en") == unknown.value.render("en")
    assert wrong_pin.value.render("zh_CN") == unknown.value.render("zh_CN") != wrong_pin.value.render("en")


def test_repeated_failures_lock_the_user_for_longer_each_time_and_survive_a_restart(shop):
    owner_and_clerk(shop)
    start = utcnow()
    for _ in range(3):
        with pytest.raises(SignInRefused):
            sign_in(shop, "clerk", "0000", now=start)
    with shop.read() as s:
        clerk = s.scalar(select(User).where(User.name == "clerk"))
        first_lock = clerk.locked_until - start
    assert clerk.failed_attempts == 3 and first_lock == timedelta(seconds=30)

    restarted = Database(shop.url)  # a new process opening the same database
    with pytest.raises(SignInRefused) as locked:
        sign_in(restarted, "clerk", CLERK_PIN, now=start + timedelta(seconds=10))
    assert "Wait 21 seconds" in locked.value.render("en")

    later = start + timedelta(seconds=31)
    with pytest.raises(SignInRefused):
        sign_in(restarted, "clerk", "0000", now=later)
    with restarted.read() as s:
        second_lock = s.scalar(select(User.locked_until).where(User.name == "clerk")) - later
    assert second_lock == timedelta(seconds=60)

    after = later + timedelta(seconds=61)
    assert sign_in(restarted, "clerk", CLERK_PIN, now=after).name == "clerk"
    with restarted.read() as s:
        clerk = s.scalar(select(User).where(User.name == "clerk"))
    assert clerk.failed_attempts == 0 and clerk.locked_until is None
    restarted.dispose()


def test_the_lockout_never_exceeds_fifteen_minutes(shop):
    owner_and_clerk(shop)
    moment = utcnow()
    for _ in range(12):
        with pytest.raises(SignInRefused):
            sign_in(shop, "clerk", "0000", now=moment)
        with shop.read() as s:
            moment = s.scalar(select(User.locked_until).where(User.name == "clerk")) or moment
    with shop.read() as s:
        clerk = s.scalar(select(User).where(User.name == "clerk"))
    assert clerk.failed_attempts == 12
    assert clerk.locked_until - moment <= timedelta(minutes=15)


def test_a_weaker_old_hash_is_renewed_at_the_next_sign_in(shop):
    _owner, clerk_ctx = owner_and_clerk(shop)
    with shop.write() as s:
        s.get(User, clerk_ctx.user.id).secret_hash = hash_secret(CLERK_PIN, n=2**10)
    with pytest.raises(SignInRefused):
        sign_in(shop, "clerk", "0000")
    with shop.read() as s:
        assert s.get(User, clerk_ctx.user.id).secret_hash.startswith("scrypt$n=1024,")
    sign_in(shop, "clerk", CLERK_PIN)
    with shop.read() as s:
        renewed = s.get(User, clerk_ctx.user.id).secret_hash
    assert renewed.startswith("scrypt$n=65536,r=8,p=1$") and verify_secret(CLERK_PIN, renewed)


def test_a_four_digit_pin_from_before_the_rule_still_signs_in_and_is_flagged_until_changed(shop):
    owner_ctx, clerk_ctx = owner_and_clerk(shop)
    with shop.write() as s:  # the clerk's PIN as it was stored when 4 digits were enough (and n = 2^14)
        s.get(User, clerk_ctx.user.id).secret_hash = hash_secret("2580", n=2**14)
    clerk = next(u for u in users.list_users(owner_ctx) if u.name == "clerk")
    assert not clerk.short_pin  # a hash does not tell the PIN's length: flagged at the next sign-in
    assert sign_in(shop, "clerk", "2580").name == "clerk"
    clerk = next(u for u in users.list_users(owner_ctx) if u.name == "clerk")
    assert clerk.short_pin and not next(u for u in users.list_users(owner_ctx) if u.name == "owner").short_pin
    with shop.read() as s:
        assert s.get(User, clerk.id).secret_hash.startswith("scrypt$n=65536,")  # renewed at today's cost
    before = dump(shop)
    for refused in (lambda: users.reset_secret(owner_ctx, clerk.id, "2468", clerk.version),
                    lambda: users.change_my_secret(clerk_ctx, "2580", "13579"),
                    lambda: users.add_user(owner_ctx, "newbie", "1234")):
        with pytest.raises(InvalidInput) as sentence:
            refused()
        assert "at least 6 digits" in sentence.value.render("en")
    assert dump(shop) == before
    users.change_my_secret(clerk_ctx, "2580", "135792")
    assert not next(u for u in users.list_users(owner_ctx) if u.name == "clerk").short_pin
    assert sign_in(shop, "clerk", "135792").name == "clerk"
