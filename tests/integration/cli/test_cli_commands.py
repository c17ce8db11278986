"""The `returndesk` command end to end: demo shop, listings, JSON shapes, guards, roles and PINs."""

from __future__ import annotations

from sqlalchemy import select

from desktop_app import __version__
from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Return
from desktop_app.core.domain.lifecycle_state import Status
from tests.helpers.dump import logical_dump
from tests.integration.cli.conftest import ROOT, run_cli

ALL_STATES = {s.value for s in Status}


def one_line_refusal(result) -> str:
    """Assert the command failed with exactly one line on stderr and no traceback; return the line."""
    assert result.code != 0
    assert "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    return lines[0]


def first_rma(shop, status: str) -> str:
    listed = shop.read("returns", "list", "--status", status, "--json")
    assert listed.code == 0, listed.err
    return listed.json()[0]["rma"]


def dump_of(shop) -> dict:
    db = Database(shop.url)
    try:
        return logical_dump(db)
    finally:
        db.dispose()


def test_version_is_printed(tmp_path):
    result = run_cli("--version", data_home=tmp_path)
    assert result.code == 0
    assert result.out.strip() == f"returndesk {__version__}"


def test_demo_shop_lists_returns_in_every_state(shop):
    result = shop.read("returns", "list", "--limit", "0", "--json")
    assert result.code == 0, result.err
    rows = result.json()
    assert {row["status"] for row in rows} == ALL_STATES
    assert all(row["rma"].startswith("R-") and row["order"] for row in rows)


def test_returns_show_json_has_lines_events_policy_and_explanation(shop):
    rma = first_rma(shop, "inspected")
    result = shop.read("returns", "show", rma, "--json")
    assert result.code == 0, result.err
    data = result.json()
    assert data["rma"] == rma and data["status"] == "inspected"
    assert data["policy_version"] == 1
    assert data["lines"] and all(line["received"] >= 1 for line in data["lines"])
    assert all(line["explanation"] for line in data["lines"])
    kinds = [e["kind"] for e in data["events"]]  # one "received"/"inspected" event per line
    assert list(dict.fromkeys(kinds)) == ["created", "approved", "received", "inspected"]
    assert data["events"][0]["to"] == "requested"


def test_a_resolved_return_shows_its_money(shop):
    data = shop.read("returns", "show", first_rma(shop, "closed"), "--json").json()
    assert data["events"][-1]["kind"] == "closed"
    paid = [line for line in data["lines"] if line["resolution"] in ("refund", "store_credit")]
    if paid:
        assert data["refunds"] and all(r["amount"]["currency"] == "EUR" for r in data["refunds"])


def test_owner_cancelling_a_received_return_is_refused_and_nothing_changes(shop):
    rma = first_rma(shop, "received")
    before = dump_of(shop)
    result = shop.run("returns", "cancel", rma, user="owner", pin="4321")
    line = one_line_refusal(result)
    assert "cannot be cancelled" in line
    assert dump_of(shop) == before
    assert shop.read("returns", "show", rma, "--json").json()["status"] == "received"


def test_refusals_are_shown_in_chinese_when_asked(shop):
    rma = first_rma(shop, "received")
    result = shop.run("--lang", "zh_CN", "returns", "cancel", rma, user="owner", pin="4321")
    line = one_line_refusal(result)
    assert "取消" in line


def test_a_clerk_cannot_change_shop_settings(shop):
    before = dump_of(shop)
    result = shop.run("settings", "set", "shop.name", "Clerk's shop", user="clerk", pin="1234")
    assert "owner" in one_line_refusal(result)
    assert dump_of(shop) == before
    assert shop.run("settings", "show", "--json").json()["shop.name"] == "Linden & Loom"


def test_a_wrong_pin_is_refused_and_the_return_stays_as_it_was(shop):
    rma = first_rma(shop, "requested")
    result = shop.run("returns", "approve", rma, user="clerk", pin="0000")
    assert "PIN" in one_line_refusal(result)
    assert shop.read("returns", "show", rma, "--json").json()["status"] == "requested"


def test_changing_data_without_a_pin_and_without_a_terminal_is_refused(shop):
    rma = first_rma(shop, "requested")
    result = shop.run("returns", "approve", rma, user="clerk")
    assert "RETURNDESK_PIN" in one_line_refusal(result)
    result = shop.run("returns", "approve", rma)
    assert "--user" in one_line_refusal(result)


def test_reading_customers_data_needs_a_signed_in_user(shop):
    rma = first_rma(shop, "requested")
    reads = (("returns", "show", rma, "--json"), ("returns", "list", "--json"), ("returns", "search", "a"),
             ("orders", "list", "--json"), ("outbox", "list", "--json"))
    for command in reads:
        refused = shop.run(*command)
        assert "--user" in one_line_refusal(refused) and not refused.out
        assert shop.read(*command).code == 0
    wrong = shop.run("returns", "show", rma, user="clerk", pin="0000")
    assert "PIN" in one_line_refusal(wrong) and not wrong.out
    shown = shop.run("returns", "show", rma, "--json", user="clerk", pin="1234")  # the clerk may read
    assert shown.json()["rma"] == rma and shown.json()["customer"]


def test_the_policy_and_settings_need_no_user(shop):
    assert shop.run("policy", "show", "--json").json()["number"] == 1
    settings = shop.run("settings", "show", "--json").json()
    assert settings["shop.currency"] == "EUR" and settings["shop.timezone"] == "Europe/Berlin"


def test_a_mistyped_command_gets_one_line(shop):
    result = shop.run("returns", "frobnicate")
    assert result.code == 64
    one_line_refusal(result)
    result = shop.read("returns", "list", "--status", "lost")
    assert "partially_received" in one_line_refusal(result)


def test_the_demo_is_not_built_over_an_existing_shop(shop):
    before = dump_of(shop)
    assert "already holds a shop" in one_line_refusal(shop.run("demo", "--orders", "60"))
    assert dump_of(shop) == before


def test_a_return_goes_from_request_to_closed_through_the_command(shop):
    order = _returnable_order(shop)
    sku = order["lines"][0]["sku"]
    created = shop.run("returns", "create", "--order", order["number"], "--line", f"{sku}:1:defective",
                       user="clerk", pin="1234")
    assert created.code == 0, created.err
    rma = created.out.split()[2]
    for args, user, pin in ((("approve", rma), "clerk", "1234"), (("receive", rma), "clerk", "1234"),
                            (("inspect", rma, "--condition", "used"), "clerk", "1234"),
                            (("resolve", rma, "--all", "refund", "--reference", "re_test_1"), "owner", "4321"),
                            (("close", rma), "owner", "4321")):
        step = shop.run("returns", *args, user=user, pin=pin)
        assert step.code == 0, (args, step.err)
    data = shop.read("returns", "show", rma, "--json").json()
    assert data["status"] == "closed"
    assert [e["kind"] for e in data["events"]][-1] == "closed"
    assert data["lines"][0]["refunded"] == 1
    assert data["refunds"][0]["reference"] == "re_test_1"
    engine_db = Database(shop.url)
    try:
        with engine_db.read() as session:
            assert session.scalar(select(Return.status).where(Return.rma == rma)) == "closed"
    finally:
        engine_db.dispose()


def _returnable_order(shop) -> dict:
    """Return an order (newest first) none of whose units have been returned yet."""
    for summary in shop.read("orders", "list", "--limit", "50", "--json").json():
        if summary["returns"]:
            continue
        order = shop.read("orders", "show", summary["number"], "--json").json()
        if all(line["returned"] == 0 for line in order["lines"]):
            return order
    raise AssertionError("the demo shop has no order without returns")


def test_documents_and_reports_are_written(shop, tmp_path):
    rma = first_rma(shop, "approved")
    for args in (("label", rma, "--out", str(tmp_path / "label.pdf"), "--size", "4x6"),
                 ("slip", rma, "--out", str(tmp_path / "slip.pdf")),
                 ("policy", "export", "--out", str(tmp_path / "policy.pdf"), "--lang", "zh_CN"),
                 ("policy", "export", "--out", str(tmp_path / "policy.md")),
                 ("report", "monthly", "--month", "2026-01", "--out", str(tmp_path / "month.csv"))):
        result = shop.read(*args)
        assert result.code == 0, (args, result.err)
    for name in ("label.pdf", "slip.pdf", "policy.pdf"):
        assert (tmp_path / name).read_bytes().startswith(b"%PDF")
    assert "Linden & Loom" in (tmp_path / "policy.md").read_text(encoding="utf-8")
    assert "return_rate" in (tmp_path / "month.csv").read_text(encoding="utf-8-sig")
    zpl = shop.read("label", rma, "--out", str(tmp_path / "label.zpl"), "--dpi", "300")
    assert zpl.code == 0, zpl.err
    text = (tmp_path / "label.zpl").read_text(encoding="ascii")
    assert text.startswith("^XA^PW1200^LL1800") and "^GFA," in text and not list(tmp_path.glob(".*.part"))
    missing = shop.read("label", "R-999999", "--out", str(tmp_path / "none.pdf"))
    assert "R-999999" in one_line_refusal(missing)
    assert not (tmp_path / "none.pdf").exists()


def test_an_export_is_imported_once_and_a_dry_run_changes_nothing(shop):
    """(Last in this module: it adds orders to the shared shop.)"""
    export = str(ROOT / "tests" / "fixtures" / "imports" / "platforms" / "shopify_orders.csv")
    before = dump_of(shop)
    checked = shop.run("import", export, "--profile", "shopify", "--dry-run")
    assert checked.code == 0, checked.err
    assert "nothing was changed" in checked.out
    assert dump_of(shop) == before
    assert "RETURNDESK_PIN" in one_line_refusal(shop.run("import", export, "--profile", "shopify",
                                                         user="clerk"))
    first = shop.run("import", export, "--profile", "shopify", user="clerk", pin="1234")
    assert first.code == 0, first.err
    again = shop.run("import", export, "--profile", "shopify", user="clerk", pin="1234")
    assert again.code == 0, again.err
    assert "Orders: 3 in the file, 0 new (0 of them cancelled), 3 already there" in again.out
    assert "nosuch" in one_line_refusal(shop.run("import", export, "--profile", "nosuch", "--dry-run"))


def test_a_mistyped_database_path_is_refused_and_not_created(tmp_path):
    missing = tmp_path / "typo" / "shop.sqlite3"
    result = run_cli("--db", str(missing), "returns", "list", data_home=tmp_path / "data")
    assert str(missing) in one_line_refusal(result)
    assert not missing.exists() and not missing.parent.exists()


def test_a_file_that_is_not_a_shop_is_refused_in_one_line(tmp_path):
    not_a_shop = tmp_path / "notes.sqlite3"
    not_a_shop.write_text("shopping list: milk, eggs", encoding="utf-8")
    result = run_cli("--db", str(not_a_shop), "orders", "list", data_home=tmp_path / "data")
    assert "not a ReturnDesk database" in one_line_refusal(result)
    assert not_a_shop.read_text(encoding="utf-8") == "shopping list: milk, eggs"
