"""The portal's own user is nobody at the desk: not listed, not managed, never signs in."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from desktop_app.core.db.migrating import downgrade_to, upgrade_to
from desktop_app.core.db.models import User
from desktop_app.core.db.schema import open_database
from desktop_app.core.services.auth import (
    SignInRefused,
    create_first_owner,
    hash_secret,
    needs_first_owner,
    sign_in,
)
from desktop_app.core.services.base import NotFound
from desktop_app.core.services.portal import portal_actor
from desktop_app.core.services.returns import get_return
from desktop_app.core.services.users import add_user, list_users, reset_secret, set_active
from tests.integration.portal.portal_shop import client, look_up, portal_shop, send_request


def test_the_portal_user_is_not_listed_and_cannot_be_turned_into_a_person(database):
    shop = portal_shop(database)
    http = client(database)
    look_up(http)
    link = send_request(http, {shop.order_lines["1001/MUG-1"]: {}}).headers["location"]
    detail = get_return(database, link.rsplit("/", 1)[1].split(".")[0])
    assert detail.channel == "portal"
    portal = portal_actor(database)
    assert portal.name == "portal" and portal.display_name == "Online portal"
    assert [u.name for u in list_users(shop.owner)] == ["owner", "clerk"]
    assert [u.name for u in list_users(shop.owner, include_inactive=False)] == ["owner", "clerk"]
    for change in (lambda: set_active(shop.owner, portal.id, True, None),
                   lambda: reset_secret(shop.owner, portal.id, "987600", None)):
        with pytest.raises(NotFound, match="There is no user number"):
            change()
    for pin in ("", "!", "1234"):
        with pytest.raises(SignInRefused, match="That name and PIN do not match"):
            sign_in(database, "portal", pin)
    with pytest.raises(Exception, match="already exists"):
        add_user(shop.owner, "portal", "555500")


def test_a_system_user_made_active_with_a_pin_behind_the_services_back_still_cannot_sign_in(sqlite_database):
    portal_shop(sqlite_database)
    portal = portal_actor(sqlite_database)
    with sqlite_database.write() as session:  # as if someone edited the file by hand
        row = session.get(User, portal.id)
        row.active = True
        row.secret_hash = hash_secret("2468")
    with pytest.raises(SignInRefused):
        sign_in(sqlite_database, "portal", "2468")


def test_a_person_already_named_portal_keeps_the_name_and_signs_in(sqlite_database):
    shop = portal_shop(sqlite_database)
    add_user(shop.owner, "portal", "135700", "clerk", "Paula Portal")
    actor = portal_actor(sqlite_database)
    assert actor.name == "portal~" and portal_actor(sqlite_database).id == actor.id
    assert sign_in(sqlite_database, "portal", "135700").display_name == "Paula Portal"
    assert [u.name for u in list_users(shop.owner)] == ["owner", "clerk", "portal"]


def test_a_portal_started_before_the_first_owner_does_not_take_the_owners_place(sqlite_database):
    portal_actor(sqlite_database)
    assert needs_first_owner(sqlite_database)
    owner = create_first_owner(sqlite_database, "owner", "432100")
    assert owner.name == "owner" and not needs_first_owner(sqlite_database)


def test_the_upgrade_marks_the_portal_user_an_earlier_portal_made(tmp_path):
    db = open_database(tmp_path / "shop.sqlite3")
    downgrade_to(db, "0005")
    with db.engine.begin() as connection:
        for name, secret, active in (("portal", "!", 0), ("paula", "x", 1)):
            connection.execute(text("INSERT INTO users (name, display_name, role, secret_hash, language, active, "
                                    "failed_attempts, created_at, version) VALUES (:n, :n, 'clerk', :s, 'en', :a, 0, "
                                    "'2026-12-01 10:00:00', 1)"), {"n": name, "s": secret, "a": active})
    upgrade_to(db)
    with db.read() as session:
        assert dict(session.execute(select(User.name, User.system)).all()) == {"portal": True,
                                                                                        "paula": False}
    db.dispose()
