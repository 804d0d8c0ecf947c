"""Routines by the names people type, help that explains itself, and messages that say what to write."""

from __future__ import annotations

import pytest

from coach.cli.parser import build_parser
from coach.paths import Places
from coach.routine.catalog import RoutineNotFound, find_routine
from coach.routine.errors import RoutineError
from coach.routine.expand import expand
from coach.routine.loader import load_routine
from coach.routine.plan import render_markdown, render_text


@pytest.fixture
def places(tmp_path) -> Places:
    return Places(tmp_path, tmp_path)


def mine(places: Places, file_name: str, name: str) -> None:
    places.user_routines.mkdir(parents=True, exist_ok=True)
    (places.user_routines / f"{file_name}.yaml").write_text(
        f"name: {name}\nphases:\n  - name: P\n    exercises:\n      - {{name: A, duration: 10}}\n")


@pytest.mark.parametrize("typed", ["Back basics", "back BASICS", "back basics", "Back-Basics", "back-basics"])
def test_a_routine_is_found_by_its_shown_name_in_any_case(places, typed):
    assert find_routine(typed, places).name == "back-basics.yaml"


def test_a_name_two_routines_share_lists_both(places):
    mine(places, "morning", "Easy stretch")
    mine(places, "evening", "Easy stretch")
    with pytest.raises(RoutineNotFound) as refused:
        find_routine("easy stretch", places)
    assert str(refused.value) == '"easy stretch" names more than one routine: evening, morning; give its file name'


def test_an_unknown_name_suggests_the_nearest(places):
    with pytest.raises(RoutineNotFound) as refused:
        find_routine("gentel 5", places)
    assert str(refused.value) == 'no routine called "gentel 5"; did you mean gentle-5? (coach list shows them all)'


@pytest.mark.parametrize("arguments", [["--data-dir", "/tmp/x", "list"], ["list", "--data-dir", "/tmp/x"]])
def test_data_dir_is_taken_before_or_after_the_command(arguments):
    assert build_parser().parse_args(arguments).data_dir == "/tmp/x"


def test_data_dir_before_the_command_is_kept_when_none_follows_it():
    assert build_parser().parse_args(["--data-dir", "/tmp/x", "run", "back-basics"]).data_dir == "/tmp/x"


@pytest.mark.parametrize("command", ["run", "list", "validate", "show", "new", "schema", "log", "history", "export",
                                     "import"])
def test_every_command_help_ends_with_an_example(command, capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args([command, "--help"])
    help_text = capsys.readouterr().out
    assert "example" in help_text and f"coach {command}" in help_text.split("example")[-1]


TIMED = ("name: At cues\nphases:\n  - name: P\n    exercises:\n      - name: Plank\n        duration: 30\n"
         "        cues: [Breathe]\n        at:\n          - {after: 10s, cue: Squeeze}\n"
         "          - {half: true, cue: Halfway there}\n")


def test_show_lists_timed_cues_with_their_times_in_text_and_markdown(tmp_path):
    path = tmp_path / "at.yaml"
    path.write_text(TIMED)
    routine = load_routine(path)
    text = render_text(routine, expand(routine))
    assert "      · Breathe\n      ▶ at 10 s: Squeeze\n      ▶ halfway: Halfway there\n" in text
    assert "| Breathe; at 10 s: Squeeze; halfway: Halfway there |" in render_markdown(routine, expand(routine))


@pytest.mark.parametrize("line, message", [
    ("kind: warm-up", 'expected one of warmup, main, cooldown, aerobic, got "warm-up"; did you mean "warmup"?'),
    ("kind: Cooldown", 'expected one of warmup, main, cooldown, aerobic, got "Cooldown"; did you mean "cooldown"?'),
])
def test_a_phase_kind_near_a_real_one_gets_a_did_you_mean(tmp_path, line, message):
    path = tmp_path / "r.yaml"
    path.write_text(f"name: X\nphases:\n  - name: P\n    {line}\n    exercises:\n      - {{name: A, duration: 10}}\n")
    with pytest.raises(RoutineError) as refused:
        load_routine(path)
    assert [problem.message for problem in refused.value.problems] == [message]


def test_a_side_near_left_or_right_gets_a_did_you_mean(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("name: X\nphases:\n  - name: P\n    exercises:\n      - {name: A, duration: 10, sides: [lft]}\n")
    with pytest.raises(RoutineError) as refused:
        load_routine(path)
    assert refused.value.problems[0].message == 'expected left or right, got "lft"; did you mean "left"?'


def test_a_user_routine_sharing_a_bundled_routines_shown_name_is_ambiguous(places):
    mine(places, "my-back", "Back basics")
    with pytest.raises(RoutineNotFound) as refused:
        find_routine("Back basics", places)
    assert str(refused.value) == '"Back basics" names more than one routine: back-basics, my-back; give its file name'


def test_an_ambiguous_file_name_is_reported_in_any_case(places):
    mine(places, "two", "Two")
    (places.user_routines / "two.yml").write_text((places.user_routines / "two.yaml").read_text())
    with pytest.raises(RoutineNotFound) as refused:
        find_routine("TWO", places)
    assert "both name the routine" in str(refused.value)


def test_a_shown_name_with_a_slash_is_a_name_not_a_path(places):
    mine(places, "push-pull", "Push/pull")
    assert find_routine("Push/pull", places).name == "push-pull.yaml"
