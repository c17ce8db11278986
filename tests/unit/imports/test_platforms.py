"""Each built-in profile imports a fixture built from the FORMATS.md headers, quirks included."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from desktop_app.core.db.models import Customer, Order, OrderLine, Product, Return, ReturnLine
from desktop_app.core.imports.writer import import_file
from tests.helpers.dump import logical_dump

from .conftest import FIXTURES

PLATFORMS = FIXTURES / "platforms"


def _order(session, number: str) -> Order:
    return session.execute(select(Order).where(Order.number == number)).scalar_one()


def _lines(session, order: Order) -> list[tuple[str, int, int]]:
    rows = session.execute(select(OrderLine.sku, OrderLine.quantity, OrderLine.unit_price_minor)
                           .where(OrderLine.order_id == order.id).order_by(OrderLine.position)).all()
    return [tuple(r) for r in rows]


def _returns(session) -> list[tuple]:
    rows = session.execute(
        select(Return.order_id, Return.status, Return.imported, Return.currency, ReturnLine.sku,
               ReturnLine.requested_qty, ReturnLine.value_minor, ReturnLine.order_line_id)
        .join(ReturnLine, ReturnLine.return_id == Return.id).order_by(Return.id)).all()
    return [tuple(r) for r in rows]


def test_shopify_export_with_bom_multiline_notes_apostrophe_zips_and_trailing_space_header(shop):
    db, owner = shop
    result = import_file(db, PLATFORMS / "shopify_orders.csv", "shopify", owner)
    assert (result.orders_added, result.lines_added, result.returns_added, result.cancellations) == (3, 4, 1, 1)
    with db.read() as session:
        first = _order(session, "#1001")
        assert first.channel == "shopify" and first.currency == "AUD" and first.total_minor == 5088
        assert first.ordered_at == datetime(2026, 4, 5, 17, 6, 21, tzinfo=UTC)  # 21:06:21 +0400
        assert first.ship_postcode == "2759" and first.status == "fulfilled"
        # the 4.55 discount is shared 4.00 / 0.55 over 39.98 and 5.50: paid 17.99 and 4.95 a unit
        assert _lines(session, first) == [("RX8-KEY", 2, 1799), ("RX8-STK", 1, 495)]
        assert (first.discount_minor, first.shipping_minor) == (455, 995)
        shares = session.scalars(select(OrderLine.shipping_share_minor).where(OrderLine.order_id == first.id)
                                 .order_by(OrderLine.position)).all()
        assert shares == [875, 120]  # 9.95 shared by largest remainder over 35.98 and 4.95
        refunded, cancelled = _order(session, "#1002"), _order(session, "#1003")
        assert (refunded.status, cancelled.status) == ("refunded", "cancelled")
        tee_line = session.scalar(select(OrderLine.id).where(OrderLine.order_id == refunded.id))
        assert _returns(session) == [(refunded.id, "closed", True, "AUD", "RX8-TEE-L", 1, 4500, tee_line)]
        mia = session.execute(select(Customer).where(Customer.email == "mia@example.com")).scalar_one()
        assert (mia.name, mia.postcode, mia.city) == ("Mia Chen", "2759", "Sydney")


def test_shopify_short_variant_in_a_currency_without_minor_units(shop):
    db, owner = shop
    result = import_file(db, PLATFORMS / "shopify_orders_clp_short.csv", "shopify", owner)
    assert (result.orders_added, result.lines_added) == (1, 1)
    with db.read() as session:
        order = _order(session, "#2001")
        assert (order.currency, order.total_minor) == ("CLP", 25980)
        assert _lines(session, order) == [("TAZA-1", 2, 12990)]


def test_a_newer_export_of_the_same_orders_changes_nothing(shop):
    db, owner = shop
    import_file(db, PLATFORMS / "shopify_orders.csv", "shopify", owner)
    before = logical_dump(db)
    again = import_file(db, PLATFORMS / "shopify_orders.csv", "shopify", owner)
    assert (again.orders_added, again.lines_added, again.returns_added) == (0, 0, 0)
    assert (again.orders_already_there, again.returns_already_there) == (3, 1)
    assert logical_dump(db) == before


def test_woocommerce_packed_line_items_refunds_and_cancellations(shop):
    db, owner = shop
    result = import_file(db, PLATFORMS / "woocommerce_orders.csv", "woocommerce", owner)
    assert (result.orders_added, result.lines_added, result.returns_added, result.cancellations) == (3, 4, 1, 1)
    with db.read() as session:
        first = _order(session, "501")
        assert first.ordered_at == datetime(2016, 9, 6, 6, 29, tzinfo=UTC)
        assert first.ship_name == "Jonas Weber" and first.total_minor == 4550
        assert _lines(session, first) == [("HD-1", 2, 1800), ("CP-1", 1, 950)]
        assert _order(session, "503").status == "cancelled"
        refunded = _order(session, "502")
        assert [(r[0], r[4], r[5], r[6]) for r in _returns(session)] == [(refunded.id, "SC-1", 1, 1500)]


def test_etsy_orders_with_localised_headers_then_their_items(shop):
    db, owner = shop
    orders = import_file(db, PLATFORMS / "EtsySoldOrders2026_uk.csv", "etsy-orders", owner)
    assert (orders.orders_added, orders.lines_added) == (2, 0)
    items = import_file(db, PLATFORMS / "EtsySoldOrderItems2026.csv", "etsy", owner)
    assert (items.orders_added, items.lines_added) == (0, 3)
    again = import_file(db, PLATFORMS / "EtsySoldOrderItems2026.csv", "etsy", owner)
    assert (again.lines_added, again.orders_already_there) == (0, 2)
    with db.read() as session:
        order = _order(session, "3101")
        assert (order.currency, order.total_minor, order.ship_city, order.ship_postcode) == (
            "GBP", 3100, "York", "YO1 7HH")
        assert order.ordered_at == datetime(2026, 4, 2, tzinfo=UTC)
        assert [(q, p) for _s, q, p in _lines(session, order)] == [(2, 950), (1, 1200)]


def test_ebay_report_with_a_multi_item_order_and_mixed_quoted_headers(shop):
    db, owner = shop
    result = import_file(db, PLATFORMS / "ebay_orders.csv", "ebay", owner)
    assert (result.orders_added, result.lines_added) == (2, 3)
    with db.read() as session:
        order = _order(session, "12-34567-00002")
        assert (order.channel, order.currency, order.total_minor) == ("ebay", "USD", 124500)
        assert _lines(session, order) == [("SB-7", 1, 120000), ("WX-1", 3, 1500)]
        assert _order(session, "12-34567-00001").ordered_at == datetime(2026, 3, 15, tzinfo=UTC)


def test_ebay_german_export_with_semicolons_decimal_commas_and_german_months(shop):
    db, owner = shop
    result = import_file(db, PLATFORMS / "ebay_bestellungen_de.csv", "ebay", owner)
    assert (result.orders_added, result.lines_added, result.profile) == (2, 0, "ebay (Deutsch)")
    with db.read() as session:
        first, second = _order(session, "05-12345-67890"), _order(session, "05-12345-67891")
        assert (first.currency, first.total_minor, second.total_minor) == ("EUR", 11699, 104900)
        assert first.ordered_at == datetime(2025, 12, 9, 23, 0, tzinfo=UTC)  # 10 Dec, Berlin midnight
        assert second.ordered_at == datetime(2026, 3, 2, 23, 0, tzinfo=UTC)  # 3 März
        rudi = session.execute(select(Customer).where(Customer.id == first.customer_id)).scalar_one()
        assert rudi.name == "Rudi Schäfer"


def test_amazon_returns_report_links_named_orders_and_values_the_rest_at_catalogue_price(shop):
    db, owner = shop
    import_file(db, PLATFORMS / "shopify_orders.csv", "shopify", owner)
    result = import_file(db, PLATFORMS / "amazon_fba_returns.txt", "amazon-fba-returns", owner)
    assert (result.returns_added, result.orders_added, result.products_added) == (3, 0, 1)
    with db.read() as session:
        order = _order(session, "#1001")
        key_line = session.scalar(select(OrderLine.id).where(OrderLine.order_id == order.id,
                                                             OrderLine.sku == "RX8-KEY"))
        found = [r for r in _returns(session) if r[4] != "RX8-TEE-L"]
        assert found == [
            (order.id, "closed", True, "AUD", "RX8-KEY", 1, 1799, key_line),  # price paid on the order
            (None, "closed", True, "AUD", "RX8-STK", 2, 1100, None),  # 2 x catalogue price 5.50
            (None, "closed", True, "EUR", "NEW-SKU", 1, 0, None),  # unknown product, no price known
        ]
        damaged = session.execute(select(ReturnLine).where(ReturnLine.sku == "RX8-STK")).scalar_one()
        assert (damaged.condition, damaged.reason_code) == ("damaged", "defective")
        odd = session.execute(select(ReturnLine).where(ReturnLine.sku == "NEW-SKU")).scalar_one()
        assert (odd.condition, odd.reason_code) == ("damaged", "not_as_described")
        kept = session.execute(select(ReturnLine).where(ReturnLine.sku == "RX8-KEY")).scalar_one()
        assert (kept.condition, kept.reason_code) == ("like_new", "changed_mind")
        assert damaged.customer_comment == 'Peeling, "faded" colours'
        assert session.scalar(select(Product.name).where(Product.sku == "NEW-SKU")) == "Unknown gadget"
    as_csv = import_file(db, PLATFORMS / "amazon_fba_returns.csv", "amazon-fba-returns", owner)
    assert (as_csv.returns_added, as_csv.returns_already_there) == (0, 3)


def test_a_newer_export_adds_new_orders_and_new_refunds_but_never_touches_existing_rows(sqlite_shop, tmp_path):
    db, owner = sqlite_shop
    import_file(db, PLATFORMS / "shopify_orders.csv", "shopify", owner)
    before = logical_dump(db)
    text = (PLATFORMS / "shopify_orders.csv").read_text(encoding="utf-8-sig")
    newer = text.replace("#1001,mia@example.com,paid", "#1001,mia@example.com,refunded")
    newer += "#1004,zoe@example.com,paid,,,,,AUD,,,,5.50,,,,2026-04-08 08:00:00 +1000,1,Sticker Pack,5.50,,RX8-STK\r\n"
    (tmp_path / "orders_export_2.csv").write_text(newer, encoding="utf-8")
    result = import_file(db, tmp_path / "orders_export_2.csv", "shopify", owner)
    assert (result.orders_added, result.lines_added, result.orders_already_there) == (1, 1, 3)
    assert (result.returns_added, result.returns_already_there) == (2, 1)
    after = logical_dump(db)
    for table in ("orders", "order_lines", "returns", "return_lines", "customers", "products"):
        assert set(before[table]) <= set(after[table]), table  # every existing row is unchanged
    with db.read() as session:
        first = _order(session, "#1001")
        assert first.status == "fulfilled"  # the existing order itself is left as it was
        refunds = [r for r in _returns(session) if r[0] == first.id]
        assert sorted((r[4], r[5], r[6]) for r in refunds) == [("RX8-KEY", 2, 3598), ("RX8-STK", 1, 495)]
        assert all(r[7] is not None for r in refunds)  # linked to the order lines already there


def test_rows_of_one_order_that_are_not_next_to_each_other_still_form_one_order(sqlite_shop, tmp_path):
    db, owner = sqlite_shop
    rows = ["Belegnr;Datum;Kunde;Artikelnr;Bezeichnung;Menge;Einzelpreis;Status;Originalbeleg",
            "RE-1;03.02.2026;A;A-1;Tasse;1;12,50;bezahlt;",
            "RE-2;03.02.2026;B;A-1;Tasse;1;12,50;bezahlt;",
            "RE-1;03.02.2026;A;A-2;Teller;2;5,00;bezahlt;"]
    (tmp_path / "k.csv").write_bytes(("\r\n".join(rows) + "\r\n").encode("cp1252"))
    result = import_file(db, tmp_path / "k.csv", FIXTURES / "custom" / "kasse.toml", owner)
    assert (result.orders_added, result.lines_added) == (2, 3)
    with db.read() as session:
        order = _order(session, "RE-1")
        positions = session.execute(select(OrderLine.position, OrderLine.sku).where(OrderLine.order_id == order.id)
                                    .order_by(OrderLine.position)).all()
        assert [tuple(p) for p in positions] == [(1, "A-1"), (2, "A-2")]


def test_an_aud_export_in_a_euro_shop_counts_in_the_reports_in_its_own_currency(shop):
    from desktop_app.core.domain.money import Money
    from desktop_app.core.reports.figures import key_figures
    from desktop_app.core.reports.period import month_period

    db, owner = shop
    import_file(db, PLATFORMS / "shopify_orders.csv", "shopify", owner)
    april = key_figures(db, month_period("2026-04"), "EUR")  # the shop's currency is EUR, the file's AUD
    assert (april.returns, april.units_returned, april.units_sold) == (1, 1, 4)
    # the Australian dollars are neither converted nor left out; the shop's own currency shows nothing
    assert april.returned_value.items == (Money.of("0.00", "EUR"), Money.of("45.00", "AUD"))
