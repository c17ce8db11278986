"""Hostile input: every case gets a clear sentence (or one stderr line and a non-zero exit) and changes nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hostile_cases import HOSTILE, KNOWN_GAPS, TEN_MB, csv_files, csv_rows, profiles
from safety_shop import copy_shop
from sqlalchemy import select

from desktop_app.cli.app import main
from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Order, OrderLine, Product, Return, ReturnLine
from desktop_app.core.db.schema import open_database
from desktop_app.core.i18n import UserFacingError
from desktop_app.core.imports.writer import import_file
from desktop_app.core.services import returns as svc
from desktop_app.core.services.auth import sign_in
from desktop_app.core.services.base import ServiceContext
from desktop_app.core.services.catalog import adjust_stock
from desktop_app.core.services.settings import set_settings
from desktop_app.core.services.users import add_user
from tests.helpers.dump import logical_dump

BASE_PROFILE = HOSTILE / "base.toml"
GENERIC = "Something went wrong"


@dataclass
class Shop:
    """The demo shop every hostile case is thrown at, with handles the form cases need."""

    db: Database
    path: Path
    owner: ServiceContext
    clerk: ServiceContext
    rma: str
    line_id: int
    order: str
    order_channel: str
    order_line: int
    product_id: int
    folder: Path


@pytest.fixture(scope="module")
def shop(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shop]:
    folder = tmp_path_factory.mktemp("hostile")
    path = copy_shop(demo_template, folder)
    db = open_database(path)
    with db.read() as s:
        rma, line_id = s.execute(select(Return.rma, ReturnLine.id).join(ReturnLine)
                                 .where(Return.status == "requested", Return.imported.is_(False)).limit(1)).one()
        number, channel, ol = s.execute(select(Order.number, Order.channel, OrderLine.id).join(OrderLine)
                                        .order_by(Order.id.desc()).limit(1)).one()
        product_id = s.scalar(select(Product.id).limit(1))
    owner = ServiceContext(db, sign_in(db, "owner", "4321"))
    clerk = ServiceContext(db, sign_in(db, "clerk", "1234"))
    yield Shop(db, path, owner, clerk, rma, line_id, number, channel, ol, product_id, folder)
    db.dispose()


def _refused(shop: Shop, action: Callable[[], object]) -> str:
    """Run `action`, demand a UserFacingError, and prove the database did not change."""
    before = logical_dump(shop.db)
    with pytest.raises(UserFacingError) as refused:
        action()
    sentence = refused.value.render("en")
    assert sentence.strip() and "Traceback" not in sentence
    assert refused.value.render("zh_CN").strip()
    assert logical_dump(shop.db) == before
    return sentence


def _params(cases: list[tuple[str, object]]) -> list:
    """Return pytest params, the known gaps marked as strict expected failures with their finding."""
    return [pytest.param(case, value, id=case, marks=[pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[case])]
                         if case in KNOWN_GAPS else []) for case, value in cases]


# --- CSV rows and files through the importer -------------------------------------------------------------
@pytest.mark.parametrize(("case", "content"), _params(csv_rows()))
def test_hostile_csv_row(shop: Shop, case: str, content: str):
    path = shop.folder / f"{case}.csv"
    path.write_text(content, encoding="utf-8")
    _refused(shop, lambda: import_file(shop.db, path, BASE_PROFILE, shop.owner.user))


@pytest.mark.parametrize(("case", "content"), _params(csv_files()))
def test_hostile_csv_file(shop: Shop, case: str, content: bytes):
    path = shop.folder / f"{case}.csv"
    path.write_bytes(content)
    _refused(shop, lambda: import_file(shop.db, path, BASE_PROFILE, shop.owner.user))


@pytest.mark.parametrize(("case", "profile"), _params([(p.stem, p) for p in profiles()]))
def test_hostile_profile(shop: Shop, case: str, profile: Path):
    _refused(shop, lambda: import_file(shop.db, HOSTILE / "base.csv", profile, shop.owner.user))


def test_import_as_a_clerk_and_from_a_folder_are_refused(shop: Shop):
    _refused(shop, lambda: import_file(shop.db, shop.folder, BASE_PROFILE, shop.owner.user))
    _refused(shop, lambda: import_file(shop.db, shop.folder / "missing.csv", BASE_PROFILE, shop.owner.user))
    _refused(shop, lambda: import_file(shop.db, HOSTILE / "base.csv", "no-such-profile", shop.owner.user))


# --- form values through the services --------------------------------------------------------------------
def _forms() -> list[tuple[str, Callable[[Shop], object]]]:
    qty_cases = [-1, 0, 10**20, 2**63]
    cases: list[tuple[str, Callable[[Shop], object]]] = []
    for q in qty_cases:
        cases.append((f"create-qty-{q}", lambda s, q=q: svc.create_return(
            s.clerk, s.order, [(s.order_line, q, "defective", "", "unused")], order_channel=s.order_channel)))
    for reason in ("", "'; DROP TABLE returns;--", "\x00", TEN_MB):
        cases.append((f"create-reason-{len(reason)}", lambda s, r=reason: svc.create_return(
            s.clerk, s.order, [(s.order_line, 1, r, "", "unused")], order_channel=s.order_channel)))
    cases += [
        ("create-no-lines", lambda s: svc.create_return(s.clerk, s.order, [], order_channel=s.order_channel)),
        ("create-unknown-order", lambda s: svc.create_return(s.clerk, "' OR 1=1 --", [(1, 1, "defective")])),
        ("create-foreign-line", lambda s: svc.create_return(
            s.clerk, s.order, [(999999999, 1, "defective", "", "unused")], order_channel=s.order_channel)),
        ("create-bad-condition", lambda s: svc.create_return(
            s.clerk, s.order, [(s.order_line, 1, "defective", "", "shredded")], order_channel=s.order_channel)),
        ("create-huge-comment", lambda s: svc.create_return(
            s.clerk, s.order, [(s.order_line, 1, "defective", TEN_MB, "unused")], order_channel=s.order_channel)),
        ("create-clerk-goodwill", lambda s: svc.create_return(
            s.clerk, s.order, [(s.order_line, 1, "defective")], goodwill_reason="x", order_channel=s.order_channel)),
        ("note-empty", lambda s: svc.add_note(s.clerk, s.rma, "phone", "   ")),
        ("note-bad-channel", lambda s: svc.add_note(s.clerk, s.rma, "fax'--", "hello")),
        ("note-ten-mb", lambda s: svc.add_note(s.clerk, s.rma, "phone", TEN_MB)),
        ("note-stale-version", lambda s: svc.add_note(s.clerk, s.rma, "phone", "hi", expected_version=-1)),
        ("receive-negative", lambda s: svc.receive(s.clerk, s.rma, {s.line_id: (-1, 0)})),
        ("receive-huge", lambda s: svc.receive(s.clerk, s.rma, {s.line_id: (10**12, 0)})),
        ("receive-damaged-above-received", lambda s: svc.receive(s.clerk, s.rma, {s.line_id: (1, 5)})),
        ("receive-unknown-line", lambda s: svc.receive(s.clerk, s.rma, {999999: (1, 0)})),
        ("inspect-bad-condition", lambda s: svc.inspect(s.clerk, s.rma, {s.line_id: ("NaN", 0, True)})),
        ("resolve-bad-resolution", lambda s: svc.resolve_line(s.owner, s.rma, s.line_id, "bitcoin", 1)),
        ("resolve-long-reference", lambda s: svc.resolve_line(
            s.owner, s.rma, s.line_id, "refund", 1, external_reference="r" * 500)),
        ("goodwill-nan", lambda s: svc.goodwill_refund(s.owner, s.rma, s.line_id, "sorry", 1, amount="NaN")),
        ("goodwill-inf", lambda s: svc.goodwill_refund(s.owner, s.rma, s.line_id, "sorry", 1, amount="inf")),
        ("goodwill-negative", lambda s: svc.goodwill_refund(s.owner, s.rma, s.line_id, "sorry", 1, amount="-5")),
        ("goodwill-huge", lambda s: svc.goodwill_refund(s.owner, s.rma, s.line_id, "sorry", 1, amount="1e309")),
        ("goodwill-text", lambda s: svc.goodwill_refund(s.owner, s.rma, s.line_id, "sorry", 1, amount="ten")),
        ("goodwill-by-clerk", lambda s: svc.goodwill_refund(s.clerk, s.rma, s.line_id, "sorry", 1)),
        ("reopen-by-clerk", lambda s: svc.reopen(s.clerk, s.rma, "because")),
        ("unknown-rma", lambda s: svc.approve(s.clerk, "R-999999'; --")),
        ("signed-out-change", lambda s: svc.approve(ServiceContext(s.db), s.rma)),
        ("stock-by-clerk", lambda s: adjust_stock(s.clerk, s.product_id, 5, "found", None)),
        ("stock-huge", lambda s: adjust_stock(s.owner, s.product_id, 10**20, "found", None)),
        ("stock-below-zero", lambda s: adjust_stock(s.owner, s.product_id, -10**9, "lost", None)),
        ("user-short-pin", lambda s: add_user(s.owner, "newbie", "12")),
        ("user-control-name", lambda s: add_user(s.owner, "new\x00bie", "123456")),
        ("user-huge-name", lambda s: add_user(s.owner, "n" * 100_000, "123456")),
        ("user-duplicate", lambda s: add_user(s.owner, "clerk", "123456")),
        ("user-bad-role", lambda s: add_user(s.owner, "newbie", "123456", "admin")),
        ("user-by-clerk", lambda s: add_user(s.clerk, "newbie", "123456")),
    ]
    for key, value in (("backup.keep", "-1"), ("backup.keep", "NaN"), ("backup.keep", "1e309"),
                       ("backup.keep", "99999999999999999999"), ("sla.days", "-3"), ("sla.days", "∞"),
                       ("clerk.refund_limit", "NaN"), ("clerk.refund_limit", "-5"),
                       ("clerk.refund_limit", "1e400"), ("shop.currency", "EURO"), ("shop.currency", "'; --"),
                       ("shop.timezone", "Mars/Base"), ("shop.timezone", "../../etc/passwd"),
                       ("shop.country", "Germany"), ("shop.email", "not-an-address"),
                       ("shop.name", TEN_MB), ("shop.name", "bad\x00name"), ("smtp.port", "70000"),
                       ("smtp.port", "-25"), ("smtp.security", "tls13"), ("shop.logo", "not a png"),
                       ("no.such.key", "1")):
        cases.append((f"setting-{key}-{value[:12]!r}", lambda s, k=key, v=value: set_settings(s.owner, {k: v})))
    cases.append(("setting-by-clerk", lambda s: set_settings(s.clerk, {"shop.name": "Mine"})))
    return cases


FORMS = _forms()


@pytest.mark.parametrize(("case", "action"), _params(FORMS))
def test_hostile_form_value(shop: Shop, case: str, action):
    _refused(shop, lambda: action(shop))


# --- the returndesk command ----------------------------------------------------------------------------
def _cli_cases(shop_path: str, folder: str) -> list[tuple[str, list[str]]]:
    db = ["--db", shop_path]
    return [
        ("unknown-command", [*db, "launch-rockets"]),
        ("bad-option", [*db, "returns", "list", "--status", "'; DROP TABLE returns;--"]),
        ("show-unknown-rma", [*db, "returns", "show", "R-999999"]),
        ("show-control-chars", [*db, "returns", "show", "\x1b[2J\x00"]),
        ("order-unknown", [*db, "orders", "show", "' OR '1'='1"]),
        ("month-13", [*db, "report", "monthly", "--month", "2026-13", "--out", f"{folder}/r.csv"]),
        ("month-text", [*db, "report", "monthly", "--month", "last", "--out", f"{folder}/r.csv"]),
        ("label-unwritable", [*db, "label", "R-000001", "--out", "/proc/no/such/dir/l.pdf"]),
        ("label-bad-size", [*db, "label", "R-000001", "--out", f"{folder}/l.pdf", "--size", "A0"]),
        ("settings-nan", [*db, "settings", "set", "backup.keep", "NaN"]),
        ("settings-huge", [*db, "settings", "set", "sla.days", "1" * 400]),
        ("settings-unknown", [*db, "settings", "set", "shop.secret", "x"]),
        ("import-missing", [*db, "import", f"{folder}/none.csv", "--profile", "shopify"]),
        ("import-bad-profile", [*db, "import", str(HOSTILE / "base.csv"), "--profile",
                                str(HOSTILE / "profiles" / "unterminated_string.toml")]),
        ("restore-text-file", [*db, "restore", str(HOSTILE / "base.csv")]),
        ("restore-missing", [*db, "restore", f"{folder}/nothing.sqlite3"]),
        ("backup-onto-itself", [*db, "backup", "--out", shop_path]),
        ("customer-export-bad", [*db, "customer", "export", "nobody", "--out", f"{folder}/c.json"]),
        ("customer-erase-no-yes", [*db, "customer", "erase", "anna@example.com"]),
        ("customer-erase-unknown", [*db, "customer", "erase", "ghost@example.com", "--yes"]),
        ("migrate-to-mysql", [*db, "migrate-to", "mysql://root@localhost/shop"]),
        ("migrate-to-garbage", [*db, "migrate-to", "::::"]),
        ("migrate-to-nowhere", [*db, "migrate-to", "postgresql+psycopg://x@127.0.0.1:1/none"]),
        ("db-is-a-csv", ["--db", str(HOSTILE / "base.csv"), "returns", "list"]),
        ("db-is-a-folder", ["--db", folder, "returns", "list"]),
        ("db-is-a-profile", ["--db", str(HOSTILE / "base.toml"), "orders", "list"]),
        ("db-bad-url", ["--db", "postgresql+psycopg://u@127.0.0.1:1/x", "returns", "list"]),
        ("lang-klingon", [*db, "--lang", "tlh", "returns", "list"]),
        # second pass: outputs that would destroy the shop, values that overflowed, a currency change
        ("label-over-the-shop", [*db, "label", "R-000001", "--out", shop_path, "--force"]),
        ("slip-over-the-wal", [*db, "slip", "R-000001", "--out", shop_path + "-wal"]),
        ("report-into-backups", [*db, "report", "monthly", "--month", "2026-10", "--out",
                                 str(Path(shop_path).parent / "backups" / "r.csv")]),
        ("out-is-a-folder", [*db, "report", "monthly", "--month", "2026-10", "--out", folder]),
        ("out-dev-full", [*db, "report", "monthly", "--month", "2026-10", "--out", "/dev/full", "--force"]),
        ("out-exists-no-force", [*db, "policy", "export", "--out", str(HOSTILE / "base.csv")]),
        ("report-month-9999", [*db, "report", "monthly", "--month", "9999-12", "--out", f"{folder}/r.csv"]),
        ("limit-20-digits", [*db, "returns", "list", "--limit", "99999999999999999999"]),
        ("orders-limit-negative", [*db, "orders", "list", "--limit", "-1"]),
        ("currency-with-orders", [*db, "settings", "set", "shop.currency", "USD"]),
        ("profile-nested-50000", [*db, "import", str(HOSTILE / "base.csv"), "--profile", f"{folder}/deep.toml"]),
    ]


def test_hostile_command_lines(shop: Shop, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.setenv("XDG_DATA_HOME", str(shop.folder / "data"))
    monkeypatch.setenv("RETURNDESK_USER", "owner")
    monkeypatch.setenv("RETURNDESK_PIN", "4321")
    (shop.folder / "dir").mkdir(exist_ok=True)
    (shop.folder / "backups").mkdir(exist_ok=True)
    (shop.folder / "dir" / "deep.toml").write_text('kind = "orders"\nx = ' + "[" * 50_000 + "]" * 50_000)
    cases = _cli_cases(str(shop.path), str(shop.folder / "dir"))
    failures = []
    for case, argv in cases:
        before = logical_dump(shop.db)
        code = main(argv)
        err = capsys.readouterr().err.strip()
        ok = code != 0 and err and "\n" not in err and "Traceback" not in err and GENERIC not in err
        if not ok or logical_dump(shop.db) != before:
            failures.append((case, code, err[:300]))
    assert failures == []
    assert len(cases) >= 25


# --- files that are not a usable shop --------------------------------------------------------------------
def test_a_locked_or_unwritable_shop_is_refused_with_a_sentence(shop: Shop, tmp_path: Path):
    locker = sqlite3.connect(shop.path, isolation_level=None)
    try:
        locker.execute("BEGIN EXCLUSIVE")
        sentence = _refused_without_dump(lambda: svc.add_note(shop.clerk, shop.rma, "phone", "locked?"))
        assert "Another desk" in sentence
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    blocked = copy_shop(shop.path, tmp_path / "blocked")
    (blocked.parent / (blocked.name + "-wal")).mkdir()  # SQLite cannot create its journal next to the file
    with pytest.raises(UserFacingError):
        open_database(blocked)


def _refused_without_dump(action: Callable[[], object]) -> str:
    with pytest.raises(UserFacingError) as refused:
        action()
    return refused.value.render()


def test_the_corpus_is_large_enough():
    cli = len(_cli_cases("shop.sqlite3", "dir"))
    total = len(csv_rows()) + len(csv_files()) + len(profiles()) + len(FORMS) + cli + 3 + 2
    assert total >= 150 and len(KNOWN_GAPS) < total // 10
