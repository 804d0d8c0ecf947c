"""The command line's parser is built for the command given: the same answers as the whole tree, cheaper."""

from __future__ import annotations

import argparse

import pytest

from coach.cli.parser import FAMILIES, FAMILY_OF, build_parser


def _commands(parser: argparse.ArgumentParser) -> list[str]:
    (subparsers,) = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
    return list(subparsers.choices)


def test_each_family_adds_exactly_the_commands_family_of_names_in_the_order_help_lists_them():
    for family in FAMILIES:
        named = sorted(name for name, its in FAMILY_OF.items() if its is family)
        parser = build_parser([named[0]])
        assert sorted(_commands(parser)) == named
    assert _commands(build_parser()) == list(FAMILY_OF)


SAMPLES = [
    ["run", "back-basics", "--voice", "--data-dir", "/tmp/x"],
    ["run"],
    ["list"],
    ["validate", "a.yaml", "b.yaml"],
    ["show", "back-basics", "--format", "markdown", "--stage", "2"],
    ["new", "My mornings", "--from", "gentle-5"],
    ["schema", "--program"],
    ["settings"],
    ["log", "Swimming", "--minutes", "30", "--date", "2026-11-02"],
    ["history", "--csv"],
    ["export", "out.json", "--force"],
    ["import", "in.json"],
    ["program", "start", "back-to-activity"],
    ["report", "--weeks", "12", "--format", "md"],
    ["remind", "set", "--days", "mon,wed", "--at", "18:00"],
    ["pose", "show", "bridge", "--frame", "end"],
]


@pytest.mark.parametrize("arguments", SAMPLES, ids=lambda arguments: " ".join(arguments))
def test_the_parser_built_for_a_command_reads_it_as_the_whole_tree_does(arguments):
    assert {*FAMILY_OF} >= {arguments[0]}
    assert build_parser(arguments).parse_args(arguments) == build_parser().parse_args(arguments)


@pytest.mark.parametrize("arguments", [["run", "--bogus"], ["history", "--since", "yesterday-ish"], ["nosuch"]])
def test_a_mistake_gets_the_same_message_either_way(arguments, capsys):
    messages = []
    for parser in (build_parser(arguments), build_parser()):
        with pytest.raises(SystemExit):
            parser.parse_args(arguments)
        messages.append(capsys.readouterr().err)
    assert messages[0] == messages[1] and "error:" in messages[0]
