"""Shop settings: defaults, typed values, clear refusals that change nothing, owner only."""

from __future__ import annotations

import json

import admin_support
import pytest
from admin_support import dump, owner_and_clerk

from desktop_app.core.domain.money import Money
from desktop_app.core.services.auth import sign_in
from desktop_app.core.services.base import ConflictError, InvalidInput, PermissionDenied, ServiceContext
from desktop_app.core.services.settings import (
    get_settings,
    set_setting,
    set_settings,
    setting_keys,
    settings_as_dict,
)
from desktop_app.core.services.users import add_user

shop = admin_support.shop
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_new_shop_has_defaults(shop):
    s = get_settings(shop)
    assert (s.shop_currency, s.shop_timezone, s.smtp_port, s.smtp_security) == ("EUR", "UTC", 587, "starttls")
    assert (s.sla_days, s.sla_approval_days, s.backup_keep) == (5, 2, 10)
    assert s.clerk_refund_limit == Money.of("100.00", "EUR")
    assert s.shop_logo is None and s.status_url("R-1") == ""


def test_the_owner_sets_typed_values_from_text(shop, tmp_path):
    owner_ctx, _clerk = owner_and_clerk(shop)
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    set_settings(owner_ctx, {
        "shop.name": "Blue Mug Shop", "shop.address": "Hauptstr. 1\\n10115 Berlin",
        "shop.email": "hello@bluemug.example", "shop.phone": "+49 30 1234567", "shop.country": "de",
        "shop.currency": "jpy", "shop.timezone": "Asia/Tokyo", "shop.logo": str(logo),
        "shop.status_url_template": "https://bluemug.example/r/{rma}", "clerk.refund_limit": "15000",
        "smtp.host": "smtp.bluemug.example", "smtp.port": "465", "smtp.security": "SSL",
        "smtp.sender": "Blue Mug <hello@bluemug.example>", "sla.days": "3", "backup.keep": "20",
    })
    s = get_settings(shop)
    assert s.shop_address == ("Hauptstr. 1", "10115 Berlin")
    assert (s.shop_country, s.shop_currency, s.shop_timezone) == ("DE", "JPY", "Asia/Tokyo")
    assert s.shop_logo == PNG
    assert s.clerk_refund_limit_minor == 15000 and s.clerk_refund_limit == Money.of(15000, "JPY")
    assert (s.smtp_port, s.smtp_security, s.sla_days, s.backup_keep) == (465, "ssl", 3, 20)
    link = s.status_url("R-000123")  # signed with the shop's portal secret: a bare RMA opens nothing
    assert link.startswith("https://bluemug.example/r/R-000123.") and len(link.rsplit(".", 1)[1]) == 32
    assert "portal.secret" not in settings_as_dict(shop) and s.status_secret not in repr(s)
    shown = settings_as_dict(shop)
    assert list(shown) == setting_keys()
    assert shown["shop.logo"] == {"bytes": len(PNG)} and shown["clerk.refund_limit"] == "15000"
    json.dumps(shown)  # `settings show --json` can print it


def test_the_mail_port_follows_the_security_until_the_owner_sets_one(shop):
    owner_ctx, _clerk = owner_and_clerk(shop)
    assert set_setting(owner_ctx, "smtp.security", "ssl").smtp_port == 465
    assert set_setting(owner_ctx, "smtp.port", "2525").smtp_port == 2525
    assert set_setting(owner_ctx, "smtp.port", "").smtp_port == 465


@pytest.mark.parametrize(("key", "value", "words"), [
    ("shop.currency", "EURO", "not a currency code"),
    ("shop.country", "Germany", "two-letter country code"),
    ("shop.country", "EU", "two-letter country code"),
    ("shop.timezone", "Berlin", "not a time zone"),
    ("shop.email", "shop-at-example", "not an e-mail address"),
    ("shop.status_url_template", "https://shop.example/returns", "contain {rma}"),
    ("shop.status_url_template", "https://shop.example/{rma}/{id}", "no placeholder other than {rma}"),
    ("shop.logo", "/nonexistent/logo.png", "no picture file"),
    ("clerk.refund_limit", "12.345", "not an amount"),
    ("clerk.refund_limit", "-5", "not an amount"),
    ("smtp.port", "99999", "from 1 to 65535"),
    ("smtp.security", "tls", "starttls / ssl / none"),
    ("sla.days", "five", "whole number"),
])
def test_a_bad_value_gets_a_clear_sentence_and_changes_nothing(shop, key, value, words):
    owner_ctx, _clerk = owner_and_clerk(shop)
    set_setting(owner_ctx, "shop.name", "Blue Mug Shop")
    before = dump(shop)
    with pytest.raises(InvalidInput) as refused:
        set_setting(owner_ctx, key, value)
    text = refused.value.render("en")
    assert text.startswith(f"{key}: ") and words in text
    assert "Traceback" not in text and refused.value.render("zh_CN") != text
    assert dump(shop) == before


def test_one_bad_value_among_several_saves_none_of_them(shop):
    owner_ctx, _clerk = owner_and_clerk(shop)
    before = dump(shop)
    with pytest.raises(InvalidInput):
        set_settings(owner_ctx, {"shop.name": "New name", "smtp.port": "0"})
    assert dump(shop) == before and get_settings(shop).shop_name == ""


def test_an_unknown_key_lists_the_valid_keys(shop):
    owner_ctx, _clerk = owner_and_clerk(shop)
    with pytest.raises(InvalidInput) as refused:
        set_setting(owner_ctx, "smtp.password", "secret")
    text = refused.value.render("en")
    assert "no setting called smtp.password" in text
    assert all(key in text for key in setting_keys())


def test_the_refund_limit_is_read_in_the_new_currency_when_both_change(shop):
    owner_ctx, _clerk = owner_and_clerk(shop)
    set_settings(owner_ctx, {"clerk.refund_limit": "12.345", "shop.currency": "KWD"})
    assert get_settings(shop).clerk_refund_limit == Money.of("12.345", "KWD")


def test_two_owners_changing_one_setting_the_second_is_told_who_changed_it(shop):
    owner_ctx, _clerk = owner_and_clerk(shop)
    add_user(owner_ctx, "otto", "11112222", "owner", "Otto Owner")
    otto_ctx = ServiceContext(shop, sign_in(shop, "otto", "11112222"))
    seen_by_olga = settings_as_dict(shop)
    seen_by_otto = settings_as_dict(shop)
    set_settings(otto_ctx, {"shop.name": "Otto's Mugs"}, expected=seen_by_otto)
    before = dump(shop)
    with pytest.raises(ConflictError) as conflict:
        set_settings(owner_ctx, {"shop.name": "Olga's Mugs"}, expected=seen_by_olga)
    assert "changed by Otto Owner" in conflict.value.render("en")
    assert dump(shop) == before
    # a different key that nobody else touched is saved from the same (older) reading
    assert set_settings(owner_ctx, {"shop.phone": "+49 30 7654321"}, expected=seen_by_olga).shop_phone


def test_a_clerk_cannot_change_settings(shop):
    _owner, clerk_ctx = owner_and_clerk(shop)
    before = dump(shop)
    with pytest.raises(PermissionDenied):
        set_setting(clerk_ctx, "shop.name", "Clerk's shop")
    assert dump(shop) == before
