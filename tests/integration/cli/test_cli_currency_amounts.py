"""`returndesk policy currency-amounts USD ...` publishes the policy's amounts for dollar orders."""

from __future__ import annotations

from tests.helpers.dump import logical_dump


def _dump(bench):
    from desktop_app.core.db.engine import Database

    db = Database(str(bench.path))
    try:
        return logical_dump(db)
    finally:
        db.dispose()


def test_the_owner_publishes_amounts_for_another_currency(bench):
    done = bench.owner("policy", "currency-amounts", "usd", "--label-cost", "6.00", "--keep-it-below", "8")
    assert done.code == 0, done.err
    assert "USD" in done.out
    rules = bench.run("policy", "show", "--json").json()["rules"]
    assert rules["currency_amounts"] == [{"currency": "USD", "return_shipping_cost": "6.00", "keep_it_below": "8",
                                          "restocking_fee_flat": "0", "auto_approve_max": "0",
                                          "auto_keep_it_max": "0"}]


def test_bad_amounts_and_clerks_are_refused_and_change_nothing(bench):
    before = _dump(bench)
    for who, args, words in ((bench.owner, ("XYZ",), "not a currency"),
                             (bench.owner, ("USD", "--label-cost", "lots"), "not an amount"),
                             (bench.owner, ("USD", "--flat-fee", "-1"), "cannot be negative"),
                             (bench.clerk, ("USD", "--label-cost", "6"), "owner")):
        refused = who("policy", "currency-amounts", *args)
        assert refused.code != 0 and "Traceback" not in refused.err
        assert words in refused.err, refused.err
    assert _dump(bench) == before
