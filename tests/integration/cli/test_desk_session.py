"""The command's desk session: the PIN is hashed once, then the same PIN signs in cheaply for 15 idle minutes."""

from __future__ import annotations

import shutil
import stat
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, update

from desktop_app.core.db.models import DeskSession, User, utcnow
from desktop_app.core.db.schema import open_database
from desktop_app.core.services import auth, desk_sessions, users
from desktop_app.core.services.base import Role, ServiceContext
from tests.integration.cli.conftest import Bench


def _session_files(bench: Bench) -> list[Path]:
    return sorted((bench.data_home / "ReturnDesk" / "sessions").glob("*.session"))


def _timed(bench: Bench, *args: str, user: str = "owner", pin: str = "4321") -> tuple[int, int, str]:
    """Run a listing as `user`; return its exit code, how many scrypt hashes it ran, and what it said."""
    before = auth.scrypt_runs()
    done = bench.run(*args, user=user, pin=pin)
    return done.code, auth.scrypt_runs() - before, done.out + done.err


def _list(bench: Bench, user: str = "owner", pin: str = "4321") -> tuple[int, int, str]:
    return _timed(bench, "returns", "list", "--limit", "1", user=user, pin=pin)


def _rows(bench: Bench) -> list[tuple[int, str]]:
    db = open_database(str(bench.path))
    try:
        with db.read() as session:
            return [(r.user_id, r.role) for r in session.scalars(select(DeskSession))]
    finally:
        db.dispose()


def _change(bench: Bench, *statements: object) -> None:
    db = open_database(str(bench.path))
    try:
        with db.write() as session:
            for statement in statements:
                session.execute(statement)  # type: ignore[call-overload]
    finally:
        db.dispose()


def test_the_second_command_is_signed_in_by_the_session_without_scrypt(bench):
    code, hashes, first = _list(bench)
    assert code == 0 and hashes >= 1
    [token_file] = _session_files(bench)
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(token_file.parent.stat().st_mode) == 0o700
    assert token_file.read_text().strip() not in str(_rows(bench))  # the shop keeps hashes, not the token
    code, hashes, second = _list(bench)
    assert (code, hashes, second) == (0, 0, first)
    token_file.chmod(0o644)  # a token others could read is not trusted: the full check runs
    assert _list(bench)[:2] == (0, 1)


def test_a_wrong_pin_with_a_live_session_counts_towards_the_lockout(bench):
    assert _list(bench, "clerk", "1234")[0] == 0
    for _ in range(auth.FREE_ATTEMPTS):
        code, hashes, said = _list(bench, "clerk", "9999")
        assert code == 1 and hashes == 1 and "do not match" in said
    code, hashes, said = _list(bench, "clerk", "1234")  # the right PIN while locked: refused, no session used
    assert code == 1 and "Wait" in said
    _change(bench, update(User).where(User.name == "clerk").values(locked_until=None))
    code, hashes, _said = _list(bench, "clerk", "1234")  # wrong attempts counted: the full check decides
    assert (code, hashes) == (0, 1)
    assert _list(bench, "clerk", "1234")[:2] == (0, 0)


def test_a_new_pin_a_disabled_user_and_signing_out_end_the_session(bench):
    assert _list(bench, "clerk", "1234")[0] == 0 and len(_rows(bench)) == 1
    new_pin = bench.run("users", "set-pin", "clerk", user="owner", pin="4321",
                        env={"RETURNDESK_NEW_PIN": "246810"})
    assert new_pin.code == 0, new_pin.err
    assert [role for _, role in _rows(bench)] == ["owner"]  # the owner's own session stays
    code, hashes, said = _list(bench, "clerk", "1234")
    assert code == 1 and hashes == 1 and "do not match" in said
    assert _list(bench, "clerk", "246810")[:2] == (0, 1)
    assert bench.run("users", "disable", "clerk", user="owner", pin="4321").code == 0
    assert [role for _, role in _rows(bench)] == ["owner"]
    assert _list(bench, "clerk", "246810")[0] == 1
    before = _session_files(bench)  # the clerk's file stays but signs nobody in
    signed_out = bench.run("sign-out", user="owner")
    assert signed_out.code == 0 and "Signed out" in signed_out.out
    assert _rows(bench) == [] and len(_session_files(bench)) == len(before) - 1
    assert _list(bench)[:2] == (0, 1)


def test_expiry_and_a_changed_role_end_the_session(bench):
    assert _list(bench)[0] == 0
    _change(bench, update(DeskSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert _list(bench)[:2] == (0, 1)  # expired: the full check, then a new session
    [token_file] = _session_files(bench)
    token = token_file.read_text().strip()
    db = open_database(str(bench.path))
    try:
        later = utcnow() + desk_sessions.IDLE - timedelta(seconds=5)
        assert desk_sessions.resume_session(db, "owner", token, "4321", now=later) is not None  # refreshed
        assert desk_sessions.resume_session(db, "owner", token, "4321",
                                            now=later + desk_sessions.IDLE - timedelta(seconds=5)) is not None
        assert desk_sessions.resume_session(db, "owner", token, "4321", now=utcnow() + 3 * desk_sessions.IDLE) \
            is None
        assert _list(bench, "clerk", "1234")[0] == 0
        clerk = next(t.read_text().strip() for t in _session_files(bench) if t != token_file)
        with db.read() as session:
            owner = session.scalar(select(User).where(User.name == "owner"))
            clerk_id = session.scalar(select(User.id).where(User.name == "clerk"))
        signed_owner = auth.current_user_of(owner)
        users.change_role(ServiceContext(db, signed_owner), clerk_id, Role.OWNER, None)
        assert desk_sessions.resume_session(db, "clerk", clerk, "1234") is None
    finally:
        db.dispose()
    assert _list(bench, "clerk", "1234")[:2] == (0, 1)
    _change(bench, update(User).where(User.name == "clerk").values(role=Role.CLERK.value))  # changed behind it
    assert _list(bench, "clerk", "1234")[:2] == (0, 1)


def test_a_token_copied_to_another_shop_signs_nobody_in(request, bench, demo_source, tmp_path):
    if demo_source.endswith(".sqlite3"):
        other = tmp_path / "other" / "shop.sqlite3"
        other.parent.mkdir()
        shutil.copyfile(demo_source, other)
        other_url = str(other)
    else:
        cluster = request.getfixturevalue("pg_cluster")
        name = cluster.create_database(template=demo_source)
        request.addfinalizer(lambda: cluster.drop_database(name))
        other_url = cluster.url(name)
    assert _list(bench)[0] == 0
    [token_file] = _session_files(bench)
    other_bench = Bench(other_url, bench.data_home)
    code, hashes, _said = _list(other_bench)  # makes the other shop's own file, then hand it our token
    assert (code, hashes) == (0, 1)
    [theirs] = [f for f in _session_files(bench) if f != token_file]
    theirs.write_text(token_file.read_text())
    db = open_database(other_url)
    try:
        assert desk_sessions.resume_session(db, "owner", token_file.read_text().strip(), "4321") is None
    finally:
        db.dispose()
    assert _list(other_bench)[:2] == (0, 1)


def test_sign_out_without_a_user_ends_every_session_of_this_shop(bench):
    assert _list(bench)[0] == 0 and _list(bench, "clerk", "1234")[0] == 0
    assert len(_session_files(bench)) == 2
    done = bench.run("sign-out")
    assert done.code == 0 and _session_files(bench) == [] and _rows(bench) == []
    again = bench.run("sign-out")
    assert again.code == 0 and "no session" in again.out
