"""The command loads only the group of the command asked for, and every command still has its group."""

from __future__ import annotations

import argparse

from desktop_app.cli.app import build_parser, command_groups, command_word, group_of


def _words(parser: argparse.ArgumentParser) -> set[str]:
    [commands] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return set(commands.choices)


def test_every_command_word_is_found_in_its_own_group_alone():
    everything = _words(build_parser())
    assert {"returns", "orders", "sign-out", "backup", "restore", "check", "kit"} <= everything
    for word in everything:
        group = group_of(word)
        assert group is not None, word
        alone = build_parser(["--db", "x", word])
        assert word in _words(alone), word
        assert len(_words(alone)) < len(everything)  # only that group was registered
    assert len(command_groups()) == len({id(group_of(w)) for w in everything})


def test_the_command_word_skips_global_options_and_their_values():
    assert command_word(["--db", "returns", "--user", "x", "orders", "show", "1"]) == "orders"
    assert command_word(["--lang", "zh_CN", "--log", "f", "returns", "list"]) == "returns"
    assert command_word(["--db=shop", "returns"]) == "returns"
    assert command_word(["--version"]) is None and group_of("nonsense") is None
    parsed = build_parser(["--db", "x", "returns", "show", "R-1"]).parse_args(["--db", "x", "returns", "show", "R-1"])
    assert parsed.db == "x" and parsed.rma == "R-1"
