"""The import window's core: a preview of the first rows as a profile reads them, and profiles saved as TOML."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop_app.core.imports.preview import preview_rows, read_sample
from desktop_app.core.imports.profile import ProfileError, builtin_names, load_profile
from desktop_app.core.imports.profile_writer import dump_profile, profiles_dir, save_profile, saved_profiles
from desktop_app.core.imports.reader import FileRefused

from .conftest import FIXTURES

CUSTOM = FIXTURES / "custom"
PLATFORMS = FIXTURES / "platforms"


def _without_folder(profile):
    return replace(profile, folder=None, variants=tuple(replace(v, folder=None) for v in profile.variants))


@pytest.mark.parametrize("name", builtin_names())
def test_every_builtin_profile_survives_the_round_trip(name, tmp_path):
    original = load_profile(name)
    path = tmp_path / f"{name}.toml"
    path.write_text(dump_profile(original), encoding="utf-8")
    assert _without_folder(load_profile(path)) == _without_folder(original)


@pytest.mark.parametrize("name", ["kasse.toml", "marketplace_cn.toml"])
def test_custom_profiles_survive_the_round_trip(name, tmp_path):
    original = load_profile(CUSTOM / name)
    path = tmp_path / name
    path.write_text(dump_profile(original), encoding="utf-8")
    assert _without_folder(load_profile(path)) == _without_folder(original)


def test_awkward_text_is_escaped(tmp_path):
    original = replace(load_profile("amazon-fba-returns"), name='Tab\t"quoted" \\ Mär 退货',
                       skip_rows_containing=("a\x7fb", "# not a comment"))
    path = tmp_path / "odd.toml"
    path.write_text(dump_profile(original), encoding="utf-8")
    assert _without_folder(load_profile(path)) == _without_folder(original)


def test_saved_profiles_go_to_the_profiles_folder_and_are_listed(tmp_path, monkeypatch):
    monkeypatch.setenv("RETURNDESK_PROFILES", str(tmp_path / "profiles"))
    assert profiles_dir() == tmp_path / "profiles" and saved_profiles() == []
    path = save_profile(replace(load_profile(CUSTOM / "kasse.toml"), name="Meine Kasse"))
    assert path == tmp_path / "profiles" / "Meine-Kasse.toml"
    assert saved_profiles() == [path] and load_profile(path).name == "Meine Kasse"
    with pytest.raises(ProfileError) as refused:
        save_profile(replace(load_profile(path), name="Meine Kasse"))
    assert "already exists" in refused.value.render("en")
    save_profile(load_profile(path), overwrite=True)
    assert [p.name for p in (tmp_path / "profiles").iterdir()] == ["Meine-Kasse.toml"]


def test_a_profile_that_cannot_be_read_back_is_not_saved(tmp_path, monkeypatch):
    monkeypatch.setenv("RETURNDESK_PROFILES", str(tmp_path))
    bad = replace(load_profile(CUSTOM / "kasse.toml"), columns=())  # order_number unmapped
    with pytest.raises(ProfileError) as refused:
        save_profile(bad)
    assert "order_number" in refused.value.render("en")
    assert list(tmp_path.iterdir()) == []


def test_preview_reads_the_gbk_file_with_its_header_and_quoted_amounts():
    headers, rows = preview_rows(CUSTOM / "marketplace_cn_orders.csv", load_profile(CUSTOM / "marketplace_cn.toml"))
    assert headers[:3] == ["订单编号", "下单时间", "收货人姓名"]
    assert rows[0][:2] == ["CN-88001", "2026/01/31 23:30"] and rows[0][7] == "1,288.00"


def test_preview_picks_the_tab_delimiter_and_stops_at_the_limit():
    headers, rows = preview_rows(PLATFORMS / "amazon_fba_returns.txt", "amazon-fba-returns", limit=2)
    assert headers[0] == "return-date" and len(rows) == 2
    assert rows[1][-1] == 'Peeling, "faded" colours'


def test_preview_of_a_file_the_profile_cannot_read_is_a_sentence():
    with pytest.raises(FileRefused) as refused:
        preview_rows(PLATFORMS / "ebay_orders.csv", "shopify")
    assert "does not look like a shopify export" in refused.value.render("en")
    with pytest.raises(FileRefused) as wrong_encoding:
        preview_rows(CUSTOM / "marketplace_cn_orders.csv", replace(load_profile(CUSTOM / "marketplace_cn.toml"),
                                                                   encoding="utf-8-sig"))
    assert "encoding UTF-8" in wrong_encoding.value.render("en")


def test_read_sample_for_the_mapping_editor(tmp_path):
    header, first = read_sample(CUSTOM / "kasse_export.csv", "cp1252", ";")
    assert header[:2] == ["Belegnr", "Datum"] and first[0].startswith("RE-")
    with pytest.raises(FileRefused) as wrong:
        read_sample(CUSTOM / "marketplace_cn_orders.csv", "utf-8-sig", ",")
    assert "encoding UTF-8" in wrong.value.render("en")
    with pytest.raises(FileRefused):
        read_sample(tmp_path / "missing.csv", "utf-8-sig", ",")


def test_the_mapping_editor_values_start_from_a_profile_and_save_a_working_custom_profile(tmp_path, monkeypatch):
    from desktop_app.core.imports.checker import check_file
    from desktop_app.core.imports.mapping import KEEP, MappingChoice, choice_from, custom_profile

    monkeypatch.setenv("RETURNDESK_PROFILES", str(tmp_path))
    kasse = load_profile(CUSTOM / "kasse.toml")
    header, _first = read_sample(CUSTOM / "kasse_export.csv", "cp1252", ";")
    choice = choice_from(kasse, header)
    assert choice.columns["order_number"] == "Belegnr" and choice.delimiter == ";" and choice.decimal == ","
    choice.name = "Kasse 2"
    path = save_profile(custom_profile(choice, kasse))
    saved = load_profile(path)
    assert sorted(saved.columns, key=str) == sorted(kasse.columns, key=str)
    assert _without_folder(replace(saved, columns=())) == _without_folder(replace(kasse, name="Kasse 2", columns=()))
    assert check_file(CUSTOM / "kasse_export.csv", load_profile(path)).orders > 0
    shopify = choice_from(load_profile("shopify"), ["Name", "Created at"])
    assert shopify.columns["order_number"] == "Name" and shopify.columns["sku"] == KEEP
    blank = MappingChoice(name="till", date_formats=["%d/%m/%Y", "%m/%d/%Y"], columns={"order_number": "No"})
    with pytest.raises(ProfileError) as twice:
        custom_profile(blank)
    assert "read the same date two ways" in twice.value.render("en")
    blank.date_formats = ["%d/%m/%Y"]
    blank.columns = {}
    with pytest.raises(ProfileError) as unmapped:
        custom_profile(blank)
    assert "order_number" in unmapped.value.render("en")
