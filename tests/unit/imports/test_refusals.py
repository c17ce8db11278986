"""A bad file is refused whole with every bad line listed, and the database stays exactly as it was."""

from __future__ import annotations

import pytest

from desktop_app.core.imports.checker import ImportRefused, check_file
from desktop_app.core.imports.profile import ProfileError, load_profile
from desktop_app.core.imports.reader import FileRefused, ImportCancelled
from desktop_app.core.imports.writer import import_file
from desktop_app.core.services.base import PermissionDenied
from tests.helpers.dump import logical_dump

from .conftest import ADVENTUREWORKS, FIXTURES

CUSTOM = FIXTURES / "custom"
BAD_KASSE = [
    "Belegnr;Datum;Kunde;Artikelnr;Bezeichnung;Menge;Einzelpreis;Status;Originalbeleg",
    "RE-2001;03.02.2026;Müller;A-1;Tasse;2;12,50;bezahlt;",
    "RE-2002;31.02.2026;Schulz;A-1;Tasse;1;12.50;bezahlt;",
    'RE-2003;04.02.2026;Weber;A-1;"Tasse,\nzweizeilig";;12,50;bezahlt;',
    "RE-2004;05.02.2026;Kim;;;1;9,99;bezahlt;",
    "RE-2005;2026-02-06;Lee;A-1;Tasse;zwei;12,50;bezahlt;",
]


def _write(tmp_path, lines, name="bad.csv", encoding="cp1252"):
    path = tmp_path / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def test_a_malformed_file_is_refused_whole_and_changes_nothing(shop, tmp_path):
    db, owner = shop
    import_file(db, CUSTOM / "kasse_export.csv", CUSTOM / "kasse.toml", owner)
    before = logical_dump(db)
    bad = _write(tmp_path, BAD_KASSE)
    with pytest.raises(ImportRefused) as refused:
        import_file(db, bad, CUSTOM / "kasse.toml", owner)
    problems = [(p.line, p.column, p.value, p.reason.msgid) for p in refused.value.problems]
    assert problems == [
        (3, "Datum", "31.02.2026", "not a date written like {examples}"),
        (3, "Einzelpreis", "12.50", "not an amount written with a decimal comma"),
        (4, "Menge", "", "a quantity is needed here"),
        (6, "Artikelnr", "", "the line names no product (no SKU, key or name)"),
        (7, "Datum", "2026-02-06", "not a date written like {examples}"),
        (7, "Menge", "zwei", "not a whole number"),
    ]
    assert refused.value.message.values["count"] == 4
    assert logical_dump(db) == before
    english = refused.value.render("en")
    assert "bad.csv was not imported: 4 of its lines have problems" in english
    assert "Line 3, column “Datum”, value “31.02.2026”: not a date written like 30.04.2022" in english
    assert "第 3 行，列“Datum”，值“31.02.2026”：不是形如 30.04.2022 的日期" in refused.value.render("zh_CN")


def test_a_dry_run_reports_what_would_be_added_and_changes_nothing(shop):
    db, owner = shop
    before = logical_dump(db)
    result = import_file(db, CUSTOM / "kasse_export.csv", CUSTOM / "kasse.toml", owner, dry_run=True)
    assert (result.dry_run, result.orders_added, result.lines_added, result.returns_added) == (True, 3, 4, 2)
    assert logical_dump(db) == before
    assert "Dry run of kasse_export.csv: nothing was changed." in result.summary().render("en")
    assert "试运行" in result.summary().render("zh_CN")


def test_cancelling_during_the_write_rolls_everything_back(sqlite_shop):
    db, owner = sqlite_shop
    before = logical_dump(db)
    seen = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return done < total * 3 // 4  # cancel once the write pass is half-way

    with pytest.raises(ImportCancelled):
        import_file(db, ADVENTUREWORKS / "adventureworks_sales_2016.csv", "adventureworks-sales", owner,
                    progress=progress)
    assert logical_dump(db) == before
    assert len(seen) >= 3 and all(done <= total for done, total in seen)


def test_an_import_needs_a_signed_in_user_but_a_dry_run_does_not(sqlite_shop):
    db, _owner = sqlite_shop
    with pytest.raises(PermissionDenied):
        import_file(db, CUSTOM / "kasse_export.csv", CUSTOM / "kasse.toml", None)
    assert import_file(db, CUSTOM / "kasse_export.csv", CUSTOM / "kasse.toml", None, dry_run=True).orders_added


def test_a_file_in_another_encoding_or_format_is_refused_with_a_sentence(tmp_path):
    gbk = CUSTOM / "marketplace_cn_orders.csv"
    with pytest.raises(FileRefused) as wrong:
        check_file(FIXTURES / "platforms" / "woocommerce_orders.csv", "shopify")
    assert wrong.value.render("en") == ("This file does not look like a shopify export: the column “Name” is "
                                        "missing from its first line.")
    utf8_profile = (CUSTOM / "marketplace_cn.toml").read_text(encoding="utf-8").replace('"gbk"', '"utf-8"')
    (tmp_path / "cn.toml").write_text(utf8_profile, encoding="utf-8")
    with pytest.raises(FileRefused) as encoding:
        check_file(gbk, tmp_path / "cn.toml")
    assert encoding.value.render("en") == "The file is not written in the encoding UTF-8 that the profile names."
    with pytest.raises(FileRefused):
        check_file(tmp_path / "missing.csv", "shopify")


@pytest.mark.parametrize(("change", "words"), [
    (('date_formats = ["%d.%m.%Y"]', 'date_formats = ["%d.%m.%Y", "%m.%d.%Y"]'), "read the same date two ways"),
    (('encoding = "cp1252"', 'encoding = "ebcdic"'), "encoding"),
    (('timezone = "Europe/Berlin"', 'timezone = "Mars/Olympus"'), "unknown time zone"),
    (('sku = "Artikelnr"', 'colour = "Farbe"'), "unknown field"),
    (('kind = "orders"', 'kind = "invoices"'), "kind ="),
    (('thousands_separator = "."', 'thousands_separator = ","'), "decimal separator"),
    (('[columns]', '[columns'), "not valid TOML"),
    (('[columns]', 'month_names = 3\n[columns]'), "setting of the wrong kind"),
    (('[columns]', 'header_row = 2\n[columns]'), "does not know: header_row. The settings are: name,"),
    (('date_formats = ["%d.%m.%Y"]', 'date_formats = 5'), "date formats as text"),
    (('date_formats = ["%d.%m.%Y"]', 'date_formats = []'), "must list its date formats"),
])
def test_a_broken_profile_is_refused_with_a_sentence(tmp_path, change, words):
    text = (CUSTOM / "kasse.toml").read_text(encoding="utf-8").replace(*change)
    (tmp_path / "broken.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as refused:
        load_profile(tmp_path / "broken.toml")
    assert words in refused.value.render("en")
    assert refused.value.render("zh_CN") != refused.value.render("en")


def test_an_unknown_profile_name_lists_the_built_in_ones():
    with pytest.raises(ProfileError) as refused:
        load_profile("magento")
    assert "shopify" in refused.value.render("en") and "amazon-fba-returns" in refused.value.render("en")


@pytest.mark.postgres
@pytest.mark.parametrize("database", ["postgresql"], indirect=True)  # SQLite: one writer holds the file
def test_another_desk_adding_the_same_order_mid_import_is_a_conflict_not_a_traceback(shop):
    from datetime import UTC, datetime

    from desktop_app.core.db.models import Order
    from desktop_app.core.services.base import ConflictError

    db, owner = shop
    assert not db.is_sqlite
    before = logical_dump(db)
    calls = []

    def other_desk_imports_meanwhile(done: int, total: int) -> bool:
        calls.append(done)
        if done > total // 2 and len([c for c in calls if c > total // 2]) == 1:
            with db.write() as session:  # another desk, its own transaction, commits at once
                session.add(Order(number="SO61147", channel="US Southwest", currency="USD",
                                  ordered_at=datetime(2016, 12, 31, tzinfo=UTC)))
        return True

    with pytest.raises(ConflictError) as conflict:
        import_file(db, ADVENTUREWORKS / "adventureworks_sales_2016.csv", "adventureworks-sales", owner,
                    progress=other_desk_imports_meanwhile)
    assert "import the file again" in conflict.value.render("en")
    after = logical_dump(db)
    assert len(after["orders"]) == len(before["orders"]) + 1  # only the other desk's order
    assert after["order_lines"] == before["order_lines"] and after["import_batches"] == before["import_batches"]


def test_a_file_without_the_item_columns_is_refused_before_any_line_is_read(tmp_path):
    text = (FIXTURES / "platforms" / "shopify_orders.csv").read_text(encoding="utf-8-sig")
    (tmp_path / "no_quantity.csv").write_text(text.replace("Lineitem quantity", "Qty"), encoding="utf-8")
    with pytest.raises(FileRefused) as refused:
        check_file(tmp_path / "no_quantity.csv", "shopify")
    assert refused.value.render("en") == ("This file does not look like a shopify export: the column "
                                          "“Lineitem quantity” is missing from its first line.")


@pytest.mark.postgres
@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
@pytest.mark.parametrize("errcode", ["serialization_failure", "deadlock_detected"])
def test_a_serialization_failure_or_deadlock_on_postgresql_is_a_sentence_not_a_traceback(shop, errcode):
    from sqlalchemy import text

    from desktop_app.core.services.base import ConflictError

    db, owner = shop
    with db.write() as session:  # the server reports what it reports when another desk's change wins
        session.execute(text(f"""
            CREATE FUNCTION other_desk_won() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'the other desk won' USING ERRCODE = '{errcode}'; END $$;
            CREATE TRIGGER other_desk_won BEFORE INSERT ON orders
            FOR EACH STATEMENT EXECUTE FUNCTION other_desk_won();
        """))
    before = logical_dump(db)
    with pytest.raises(ConflictError) as conflict:
        import_file(db, CUSTOM / "kasse_export.csv", CUSTOM / "kasse.toml", owner)
    assert "try the import again" in conflict.value.render("en")
    assert logical_dump(db) == before
