"""`returndesk init` creates an empty shop (owner, settings, the country's legal policy); `import` works next."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop_app.core.db.schema import open_database
from desktop_app.core.services.policies import current_policy
from desktop_app.core.services.settings import get_settings
from tests.helpers.dump import logical_dump
from tests.integration.cli.conftest import ROOT, run_cli

INIT = ("init", "--shop-name", "Linden & Loom", "--currency", "EUR", "--country", "DE", "--time-zone",
        "Europe/Berlin", "--owner", "anna")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fresh(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """Where a new shop goes: a SQLite file not yet created, or an empty PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "new folder" / "shop.sqlite3")
        return
    cluster = request.getfixturevalue("pg_cluster")
    name = cluster.create_database()
    yield cluster.url(name)
    cluster.drop_database(name)


def test_init_then_import_in_a_fresh_place_needs_no_other_step(fresh, tmp_path):
    if "://" not in fresh:
        (tmp_path / "new folder").mkdir()
    made = run_cli("--db", fresh, *INIT, data_home=tmp_path / "data", pin="482913")
    assert made.code == 0, made.err
    assert "The shop Linden & Loom is ready" in made.out
    export = str(ROOT / "tests" / "fixtures" / "imports" / "platforms" / "shopify_orders.csv")
    imported = run_cli("--db", fresh, "import", export, "--profile", "shopify", data_home=tmp_path / "data",
                       user="anna", pin="482913")
    assert imported.code == 0, imported.err
    assert "Orders: 3 in the file, 3 new (1 of them cancelled), 0 already there" in imported.out
    db = open_database(fresh)
    try:
        settings = get_settings(db)
        assert (settings.shop_name, settings.shop_currency, settings.shop_country, settings.shop_timezone) == (
            "Linden & Loom", "EUR", "DE", "Europe/Berlin")
        policy = current_policy(db)
        assert (policy.number, policy.rules.country, policy.rules.currency, policy.rules.window_days) == (
            1, "DE", "EUR", 14)
        before = logical_dump(db)
    finally:
        db.dispose()
    again = run_cli("--db", fresh, *INIT, data_home=tmp_path / "data", pin="482913")
    assert (again.code, again.err.strip()) == (1, "This database already holds a shop; `init` only sets up an "
                                                  "empty one. Nothing was changed.")
    db = open_database(fresh)
    try:
        assert logical_dump(db) == before
    finally:
        db.dispose()


def test_a_bad_value_is_refused_before_any_file_is_created(tmp_path):
    path = tmp_path / "shop.sqlite3"
    bad = run_cli("--db", str(path), *INIT[:4], "EURO", *INIT[5:], data_home=tmp_path / "data", pin="482913")
    assert bad.code == 1 and "shop.currency" in bad.err
    assert not path.exists()
    no_pin = run_cli("--db", str(path), *INIT, data_home=tmp_path / "data")
    assert no_pin.code == 1
    assert no_pin.err.strip() == ("No PIN given: use --pin, set RETURNDESK_PIN or run the command in a terminal to "
                                  "be asked for it.")
    assert not path.exists()
