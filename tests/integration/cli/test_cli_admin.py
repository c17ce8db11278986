"""`users list|add|set-pin|disable` and `policy show --json|import|publish`, run through main()."""

from __future__ import annotations

NEW_PIN = {"RETURNDESK_NEW_PIN": "567890"}  # a new PIN given the way a script would


def test_the_owner_adds_a_user_who_can_then_sign_in_and_is_listed(bench):
    added = bench.owner("users", "add", "dana", "--display-name", "Dana Desk", env=NEW_PIN)
    assert (added.code, added.out.strip()) == (0, "Added dana as clerk."), added.err
    listed = bench.owner("users", "list", "--json").json()
    dana = next(u for u in listed if u["name"] == "dana")
    assert (dana["display_name"], dana["role"], dana["active"]) == ("Dana Desk", "clerk", True)
    assert listed[0]["role"] == "owner"
    assert len(bench.owner("users", "list", "--limit", "1", "--json").json()) == 1
    rma = bench.read("returns", "list", "--status", "received", "--json").json()[0]["rma"]
    noted = bench.run("returns", "note", rma, "--text", "signed in", user="dana", pin="567890")
    assert noted.code == 0, noted.err


def test_a_clerk_cannot_list_or_add_users(bench):
    listed = bench.clerk("users", "list")
    assert (listed.code, listed.err.strip()) == (1, "Only the owner can see the users.")
    added = bench.run("users", "add", "eve", user="clerk", pin="1234", env=NEW_PIN)
    assert added.code == 1 and "Only the owner can add users." in added.err
    assert "eve" not in {u["name"] for u in bench.owner("users", "list", "--json").json()}


def test_set_pin_changes_the_pin_and_disable_stops_sign_in(bench):
    changed = bench.owner("users", "set-pin", "Clerk", env=NEW_PIN)
    assert (changed.code, changed.out.strip()) == (0, "clerk has a new PIN."), changed.err
    assert bench.clerk("users", "list").code == 1  # the old PIN no longer signs in
    rma = bench.read("returns", "list", "--status", "received", "--json").json()[0]["rma"]
    assert bench.run("returns", "note", rma, "--text", "x", user="clerk", pin="567890").code == 0
    disabled = bench.owner("users", "disable", "clerk")
    assert (disabled.code, disabled.out.strip()) == (0, "clerk can no longer sign in.")
    refused = bench.run("returns", "note", rma, "--text", "x", user="clerk", pin="567890")
    assert refused.code == 1 and "Traceback" not in refused.err
    unknown = bench.owner("users", "disable", "zed")
    assert unknown.code == 1 and unknown.err.startswith("There is no user zed. The users are: ")
    last_owner = bench.owner("users", "disable", "owner")
    assert last_owner.code == 1 and "only owner" in last_owner.err


def test_policy_show_json_names_the_published_version(bench):
    shown = bench.run("policy", "show", "--json")
    assert shown.code == 0, shown.err
    data = shown.json()
    assert (data["number"], data["status"]) == (1, "published")
    assert data["rules"]["window_days"] > 0 and data["rules"]["currency"] == "EUR"


def test_a_draft_imported_from_toml_is_published_and_judges_new_returns(bench, tmp_path):
    before = bench.run("policy", "show", "--json").json()["rules"]
    rules = tmp_path / "longer.toml"
    rules.write_text('title = "Winter"\nwindow_days = 60\nrestocking_fee_percent = 2.5\n', encoding="utf-8")
    imported = bench.owner("policy", "import", str(rules))
    assert imported.code == 0, imported.err
    assert imported.out.startswith("Saved policy draft ")
    assert bench.run("policy", "show", "--json").json()["number"] == 1  # a draft changes nothing yet
    published = bench.owner("policy", "publish")
    assert (published.code, published.out.strip()) == (
        0, "Published policy version 2; new returns are judged by it."), published.err
    now = bench.run("policy", "show", "--json").json()
    assert (now["number"], now["title"]) == (2, "Winter")
    assert (now["rules"]["window_days"], now["rules"]["restocking_fee_percent"]) == (60, "2.5")
    assert now["rules"]["reasons"] == before["reasons"]  # what the file does not name stays
    again = bench.owner("policy", "publish")
    assert (again.code, again.err.strip()) == (1, "There is no policy draft to publish.")


def test_a_policy_file_with_a_mistake_is_refused_naming_it_and_saves_nothing(bench, tmp_path):
    typo = tmp_path / "typo.toml"
    typo.write_text("window_day = 60\n", encoding="utf-8")
    refused = bench.owner("policy", "import", str(typo))
    assert refused.code == 1 and refused.err.startswith("The policy file names rules that do not exist: window_day.")
    bad = tmp_path / "bad.toml"
    bad.write_text('window_start = "whenever"\n', encoding="utf-8")
    refused = bench.owner("policy", "import", str(bad))
    assert refused.err.strip() == "The policy file's value for window_start cannot be used: 'whenever'."
    clerk = bench.clerk("policy", "import", str(bad))
    assert clerk.code == 1 and "Only the owner can edit the return policy." in clerk.err
    assert bench.owner("policy", "publish").err.strip() == "There is no policy draft to publish."


def test_users_list_flags_the_demos_short_pins_until_they_are_changed(bench):
    listed = {u["name"]: u["short_pin"] for u in bench.owner("users", "list", "--json").json()}
    assert listed == {"owner": True, "clerk": True}  # the demo's documented 4-digit PINs still sign in
    table = bench.owner("users", "list")
    assert "short: give a new one" in table.out and "owner, clerk still sign in with a PIN shorter than 6" in table.out
    refused = bench.owner("users", "set-pin", "clerk", env={"RETURNDESK_NEW_PIN": "2468"})
    assert (refused.code, refused.err.strip()) == (1, "A new PIN needs at least 6 digits.")
    assert bench.owner("users", "set-pin", "clerk", env=NEW_PIN).code == 0
    listed = {u["name"]: u["short_pin"] for u in bench.owner("users", "list", "--json").json()}
    assert listed == {"owner": True, "clerk": False}
    assert "clerk still sign" not in bench.owner("users", "list").out
