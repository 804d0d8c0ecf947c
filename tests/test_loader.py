"""The strict routine loader: every field, defaults, and located errors with exact FILE:LINE:COL."""

import textwrap
from pathlib import Path

import pytest

from coach.routine.errors import Problem, RoutineError
from coach.routine.loader import (
    AT_KEYS, EXERCISE_KEYS, MAX_EXERCISES, MAX_REPS, MAX_SESSION_SECONDS, MAX_SETS, ROUTINE_KEYS, load_routine,
)
from coach.routine.model import Exercise, Phase, PhaseKind, Routine, Side, TimedCue, Timing
from coach.routine.yaml_source import MAX_BYTES, MAX_DEPTH

HEAD = "name: R\nphases:\n  - name: P\n    exercises:\n      - name: E\n"  # the exercise's keys start on line 6


def write(tmp_path: Path, text: str | bytes, name: str = "r.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load(tmp_path: Path, text: str | bytes, name: str = "r.yaml") -> Routine:
    return load_routine(write(tmp_path, text, name), display=name)


def errors(tmp_path: Path, text: str | bytes, name: str = "r.yaml") -> list[str]:
    with pytest.raises(RoutineError) as caught:
        load(tmp_path, text, name)
    return [str(problem) for problem in caught.value.problems]


def one_exercise(tmp_path: Path, body: str) -> Exercise:
    """Load HEAD plus `body` (the exercise's other keys, indented 8 spaces) and return the exercise."""
    return load(tmp_path, HEAD + body).phases[0].exercises[0]


# -- every field -------------------------------------------------------------------

FULL = """\
name: Test routine
description: A description
safety: Be careful
weekly_goal: 4
defaults:
  rest: 10s
  get_ready: 0
  rest_between_sets: 30
  rest_between_reps: 3s
  switch_sides: 4
  countdown: 5
phases:
  - name: Warm-up
    kind: warmup
    exercises:
      - name: Cat-cow
        reps: 8
        hold: 5s
        cues: Move with your breath
        say: Cat cow
  - name: Core
    exercises:
      - name: Bird dog
        sets: 2
        reps: [6, 4]
        hold: 8
        sides: true
        cues: ["Flat back", "Breathe"]
        rest: 0
        at:
          - half: true
            cue: Halfway
          - after: 2s
            cue: Reach
      - name: Dead bug
        reps: 10
        tempo: 3
        countdown: 0
      - name: Bridge
        sets: 2
        reps: 12
  - name: Walk
    kind: aerobic
    exercises:
      - name: March
        duration: 1m30s
        sides: [right, left]
        switch_sides: 0
"""


def test_every_field_is_parsed_into_the_model(tmp_path):
    path = write(tmp_path, FULL)
    routine = load_routine(path, display="r.yaml")
    inherited = Timing(rest=10, rest_between_sets=30, rest_between_reps=3, switch_sides=4, get_ready=0, countdown=5)
    assert routine == Routine(
        name="Test routine",
        description="A description",
        safety="Be careful",
        weekly_goal=4,
        get_ready=0,
        source=path,
        phases=(
            Phase(
                name="Warm-up",
                kind=PhaseKind.WARMUP,
                exercises=(
                    Exercise(name="Cat-cow", sets=1, reps=(8,), hold=5, timing=inherited,
                             cues=("Move with your breath",), say="Cat cow"),
                ),
            ),
            Phase(
                name="Core",
                kind=PhaseKind.MAIN,
                exercises=(
                    Exercise(
                        name="Bird dog", sets=2, reps=(6, 4), hold=8, sides=(Side.LEFT, Side.RIGHT),
                        timing=Timing(rest=0, rest_between_sets=30, rest_between_reps=3, switch_sides=4, get_ready=0, countdown=5),
                        cues=("Flat back", "Breathe"),
                        at=(TimedCue(text="Halfway", half=True), TimedCue(text="Reach", after=2)),
                    ),
                    Exercise(name="Dead bug", sets=1, reps=(10,), tempo=3,
                             timing=Timing(rest=10, rest_between_sets=30, rest_between_reps=3, switch_sides=4, get_ready=0, countdown=0)),
                    Exercise(name="Bridge", sets=2, reps=(12, 12), timing=inherited),
                ),
            ),
            Phase(
                name="Walk",
                kind=PhaseKind.AEROBIC,
                exercises=(
                    Exercise(name="March", sets=1, reps=None, duration=90, sides=(Side.RIGHT, Side.LEFT),
                             timing=Timing(rest=10, rest_between_sets=30, rest_between_reps=3, switch_sides=0, get_ready=0, countdown=5)),
                ),
            ),
        ),
    )


def test_routine_without_optional_keys_gets_the_documented_defaults(tmp_path):
    routine = load(tmp_path, HEAD + "        duration: 30\n")
    assert routine.description is None
    assert routine.safety is None
    assert routine.weekly_goal is None
    assert routine.get_ready == 5
    assert routine.phases[0].kind is PhaseKind.MAIN
    exercise = routine.phases[0].exercises[0]
    assert exercise.timing == Timing(rest=15, rest_between_sets=20, rest_between_reps=2, switch_sides=5, countdown=3)
    assert (exercise.sets, exercise.reps, exercise.sides, exercise.cues, exercise.say, exercise.at) == (1, None, (), (), None, ())


def test_text_values_are_stripped(tmp_path):
    routine = load(tmp_path, "name: '  Spaced  '\nphases:\n  - name: P\n    exercises:\n      - name: E\n        duration: 3\n")
    assert routine.name == "Spaced"


def test_folded_description_becomes_one_line(tmp_path):
    text = "name: R\ndescription: >-\n  one\n  two\nphases:\n  - name: P\n    exercises:\n      - name: E\n        duration: 3\n"
    assert load(tmp_path, text).description == "one two"


def test_source_is_the_path_that_was_loaded(tmp_path):
    path = write(tmp_path, HEAD + "        duration: 30\n")
    assert load_routine(path).source == path


def test_display_defaults_to_the_path_in_error_messages(tmp_path):
    path = write(tmp_path, "name: R\n")
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    assert str(caught.value) == f'{path}:1:1: missing required key "phases"'


# -- defaults: inheritance and override ------------------------------------------

DEFAULTS = """\
name: R
defaults:
  rest: 7
  rest_between_sets: 8
  rest_between_reps: 9
  switch_sides: 6
  countdown: 2
phases:
  - name: P
    exercises:
      - name: Inherits
        duration: 5
      - name: Overrides
        duration: 5
        rest: 1
        rest_between_sets: 0
        rest_between_reps: 1m
        switch_sides: 3s
        countdown: 10
      - name: Overrides one
        duration: 5
        rest: 0
"""


def test_exercises_inherit_every_default(tmp_path):
    exercise = load(tmp_path, DEFAULTS).phases[0].exercises[0]
    assert exercise.timing == Timing(rest=7, rest_between_sets=8, rest_between_reps=9, switch_sides=6, countdown=2)


def test_exercise_keys_override_the_defaults(tmp_path):
    exercise = load(tmp_path, DEFAULTS).phases[0].exercises[1]
    assert exercise.timing == Timing(rest=1, rest_between_sets=0, rest_between_reps=60, switch_sides=3, countdown=10)


def test_overriding_one_key_keeps_the_other_defaults(tmp_path):
    exercise = load(tmp_path, DEFAULTS).phases[0].exercises[2]
    assert exercise.timing == Timing(rest=0, rest_between_sets=8, rest_between_reps=9, switch_sides=6, countdown=2)


def test_defaults_get_ready_sets_the_routine_get_ready(tmp_path):
    text = "name: R\ndefaults:\n  get_ready: 1m\nphases:\n  - name: P\n    exercises:\n      - name: E\n        duration: 3\n"
    assert load(tmp_path, text).get_ready == 60


def test_get_ready_is_not_an_exercise_key(tmp_path):
    assert errors(tmp_path, HEAD + "        duration: 3\n        get_ready: 2\n") == [
        f'r.yaml:7:9: phases[0].exercises[0]: unknown key "get_ready"; expected one of: {", ".join(EXERCISE_KEYS)}'
    ]


# -- sides, sets and reps ------------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "sides"),
    [
        ("true", (Side.LEFT, Side.RIGHT)),
        ("false", ()),
        ("[right, left]", (Side.RIGHT, Side.LEFT)),
        ("[left, right]", (Side.LEFT, Side.RIGHT)),
        ("[right]", (Side.RIGHT,)),
        ("[left]", (Side.LEFT,)),
    ],
)
def test_sides_value_gives_the_sides_in_order(tmp_path, value, sides):
    assert one_exercise(tmp_path, f"        duration: 5\n        sides: {value}\n").sides == sides


def test_reps_list_sets_the_number_of_sets(tmp_path):
    exercise = one_exercise(tmp_path, "        reps: [6, 4, 2]\n        hold: 5\n")
    assert (exercise.sets, exercise.reps) == (3, (6, 4, 2))


def test_reps_list_may_repeat_sets_when_it_matches(tmp_path):
    exercise = one_exercise(tmp_path, "        sets: 2\n        reps: [5, 3]\n")
    assert (exercise.sets, exercise.reps) == (2, (5, 3))


def test_single_reps_number_is_repeated_for_every_set(tmp_path):
    exercise = one_exercise(tmp_path, "        sets: 3\n        reps: 5\n")
    assert (exercise.sets, exercise.reps) == (3, (5, 5, 5))


def test_hold_without_reps_is_one_rep_per_set(tmp_path):
    exercise = one_exercise(tmp_path, "        sets: 2\n        hold: 20\n")
    assert (exercise.sets, exercise.reps, exercise.hold) == (2, (1, 1), 20)


def test_duration_exercise_has_no_reps(tmp_path):
    exercise = one_exercise(tmp_path, "        sets: 2\n        duration: 20\n")
    assert (exercise.sets, exercise.reps, exercise.duration) == (2, None, 20)


def test_reps_alone_is_a_manual_exercise(tmp_path):
    exercise = one_exercise(tmp_path, "        reps: 10\n")
    assert exercise.is_manual
    assert (exercise.hold, exercise.tempo, exercise.duration) == (None, None, None)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("30", 30), ("'30'", 30), ("45s", 45), ("2m", 120), ("1m30s", 90), ("'1:30'", 90), ("1:30", 90),
     ("'1:02:03'", 3723), ("1.5", 1.5), ("4h", 14400)],
)
def test_duration_accepts_numbers_and_duration_text(tmp_path, value, seconds):
    assert one_exercise(tmp_path, f"        duration: {value}\n").duration == seconds


@pytest.mark.parametrize("value", ["0x1E", "010", "0o17", "1_0", "1:5", "1m90s", "1h60m"])
def test_duration_refuses_numbers_yaml_would_read_in_another_base(tmp_path, value):
    [problem] = errors(tmp_path, HEAD + f"        duration: {value}\n")
    assert problem.startswith("r.yaml:6:19: phases[0].exercises[0].duration: expected a duration like 30")


def test_a_leading_zero_on_reps_is_refused_with_the_reason(tmp_path):
    assert errors(tmp_path, HEAD + "        reps: 010\n") == [
        "r.yaml:6:15: phases[0].exercises[0].reps: expected a whole number from 1 to 500, got 010 "
        "(write plain decimal digits: YAML reads 010 as octal and 0x10 as hex)"
    ]


def test_cues_accept_one_text_or_a_list(tmp_path):
    assert one_exercise(tmp_path, "        reps: 1\n        cues: Breathe\n").cues == ("Breathe",)
    assert one_exercise(tmp_path, "        reps: 1\n        cues: [A, B]\n").cues == ("A", "B")


def test_tempo_cue_after_must_fall_inside_the_shortest_set(tmp_path):
    body = "        reps: [5, 2]\n        tempo: 2\n        at:\n          - after: {}\n            cue: x\n"
    assert one_exercise(tmp_path, body.format(3)).at == (TimedCue(text="x", after=3),)
    assert errors(tmp_path, HEAD + body.format(4)) == [
        "r.yaml:9:20: phases[0].exercises[0].at[0].after: 4 s is past the end of the 4 s step"
    ]


def test_bad_duration_with_timed_cues_is_reported_once(tmp_path):
    body = "        duration: soon\n        at:\n          - half: true\n            cue: x\n"
    assert errors(tmp_path, HEAD + body) == [
        'r.yaml:6:19: phases[0].exercises[0].duration: expected a duration like 30, "30s" or "1m30s", got "soon"'
    ]


# -- located errors ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("        hold: thirty\n        reps: 3\n",
         'r.yaml:6:15: phases[0].exercises[0].hold: expected a duration like 30, "30s" or "1m30s", got "thirty"'),
        ("        hold: -5\n        reps: 3\n",
         "r.yaml:6:15: phases[0].exercises[0].hold: must be from 1 second to 4 hours, got -5"),
        ("        duration: 0\n",
         "r.yaml:6:19: phases[0].exercises[0].duration: must be from 1 second to 4 hours, got 0"),
        ("        duration: 4h1s\n",
         "r.yaml:6:19: phases[0].exercises[0].duration: must be from 1 second to 4 hours, got 4h1s"),
        ("        duration: .nan\n",
         'r.yaml:6:19: phases[0].exercises[0].duration: expected a duration like 30, "30s" or "1m30s", got .nan'),
        ("        duration: .inf\n",
         'r.yaml:6:19: phases[0].exercises[0].duration: expected a duration like 30, "30s" or "1m30s", got .inf'),
        ("        duration: '1:75'\n",
         'r.yaml:6:19: phases[0].exercises[0].duration: expected a duration like 30, "30s" or "1m30s", got "1:75"'),
        ("        duration: true\n",
         'r.yaml:6:19: phases[0].exercises[0].duration: expected a duration like 30, "30s" or "1m30s", got true'),
        ("        duration: [1]\n",
         'r.yaml:6:19: phases[0].exercises[0].duration: expected a duration like 30, "30s" or "1m30s", got a list'),
        ("        duration:\n",
         'r.yaml:6:18: phases[0].exercises[0].duration: expected a duration like 30, "30s" or "1m30s", got nothing (null)'),
        ("        duration: 5\n        rest: -1\n",
         "r.yaml:7:15: phases[0].exercises[0].rest: must be from 0 (none) up to 4 hours, got -1"),
        ("        sets: 0\n        duration: 5\n",
         "r.yaml:6:15: phases[0].exercises[0].sets: must be from 1 to 50, got 0"),
        ("        sets: 2.5\n        duration: 5\n",
         "r.yaml:6:15: phases[0].exercises[0].sets: expected a whole number from 1 to 50, got 2.5"),
        ("        sets: '3'\n        duration: 5\n",
         'r.yaml:6:15: phases[0].exercises[0].sets: expected a whole number from 1 to 50, got "3"; write a number, not a string (no quotes)'),
        ("        reps: 0\n",
         "r.yaml:6:15: phases[0].exercises[0].reps: must be from 1 to 500, got 0"),
        ("        reps: [4, x]\n",
         'r.yaml:6:19: phases[0].exercises[0].reps[1]: expected a whole number from 1 to 500, got "x"'),
        ("        reps: []\n",
         "r.yaml:6:15: phases[0].exercises[0].reps: needs at least one number of reps"),
        ("        sets: 3\n        reps: [6, 4]\n        hold: 5\n",
         "r.yaml:7:15: phases[0].exercises[0].reps: lists the reps of 2 sets, but sets is 3; give one number per set"),
        ("        duration: 5\n        countdown: 11\n",
         "r.yaml:7:20: phases[0].exercises[0].countdown: must be from 0 to 10, got 11"),
        ("        duration: 5\n        sides: both\n",
         'r.yaml:7:16: phases[0].exercises[0].sides: expected true, false, or a list such as [right, left], got "both"; use `sides: true` for both sides (left, then right)'),
        ("        duration: 5\n        sides: [left, up]\n",
         'r.yaml:7:23: phases[0].exercises[0].sides[1]: expected left or right, got "up"'),
        ("        duration: 5\n        sides: [left, left]\n",
         'r.yaml:7:23: phases[0].exercises[0].sides[1]: "left" is listed twice'),
        ("        duration: 5\n        sides: []\n",
         "r.yaml:7:16: phases[0].exercises[0].sides: list at least one side, or write true for left then right"),
        ("        duration: 5\n        cues: {a: b}\n",
         "r.yaml:7:15: phases[0].exercises[0].cues: expected text, got a mapping"),
        ("        duration: 5\n        cues: [ok, '']\n",
         "r.yaml:7:20: phases[0].exercises[0].cues[1]: must not be empty"),
        ("        duration: 5\n        say: 5\n",
         "r.yaml:7:14: phases[0].exercises[0].say: expected text, got 5"),
        ("        tempo: 3\n",
         'r.yaml:6:9: phases[0].exercises[0]: "tempo" times each rep, so it needs "reps" too'),
        ("        duration: 5\n        reps: 3\n",
         'r.yaml:7:9: phases[0].exercises[0]: give either "duration" or "reps", not both (use "hold" for timed reps)'),
        ("        hold: 3\n        tempo: 3\n        reps: 3\n",
         'r.yaml:7:9: phases[0].exercises[0]: give either "hold" or "tempo", not both'),
        ("        sets: 2\n",
         'r.yaml:5:9: phases[0].exercises[0]: say how the exercise is done: give "duration", "hold", "reps", or "reps" with "tempo"'),
        ("        duration: 30\n        at:\n          - after: 30\n            cue: now\n",
         "r.yaml:8:20: phases[0].exercises[0].at[0].after: 30 s is past the end of the 30 s step"),
        ("        reps: 10\n        at:\n          - half: true\n            cue: now\n",
         'r.yaml:8:11: phases[0].exercises[0].at: timed cues need a timed step; give "duration", "hold" or "tempo"'),
        ("        duration: 30\n        at:\n          - after: 5\n",
         'r.yaml:8:13: phases[0].exercises[0].at[0]: missing required key "cue"'),
        ("        duration: 30\n        at:\n          - cue: x\n",
         'r.yaml:8:13: phases[0].exercises[0].at[0]: give either "after" (a time into the step) or "half: true", exactly one'),
        ("        duration: 30\n        at:\n          - half: false\n            cue: x\n",
         'r.yaml:8:19: phases[0].exercises[0].at[0].half: write "half: true", or remove the cue'),
        ("        duration: 30\n        at: []\n",
         "r.yaml:7:13: phases[0].exercises[0].at: needs at least one of timed cues"),
    ],
)
def test_exercise_error_is_located_exactly(tmp_path, body, expected):
    assert errors(tmp_path, HEAD + body) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: R\n", 'r.yaml:1:1: missing required key "phases"'),
        ("phases:\n  - name: P\n    exercises:\n      - name: E\n        duration: 3\n", 'r.yaml:1:1: missing required key "name"'),
        ("name: R\nphases: []\n", "r.yaml:2:9: phases: needs at least one of phases"),
        ("name: R\nphases:\n  a: b\n", "r.yaml:3:3: phases: expected a list of phases, got a mapping"),
        ("name: R\nphases:\n  - warmup\n", 'r.yaml:3:5: phases[0]: expected a phase (a mapping of keys), got "warmup"'),
        ("name: R\nphases:\n  - name: P\n", 'r.yaml:3:5: phases[0]: missing required key "exercises"'),
        ("name: R\nphases:\n  - name: P\n    exercises: []\n", "r.yaml:4:16: phases[0].exercises: needs at least one of exercises"),
        ("name: R\nphases:\n  - name: P\n    exercises:\n      - Cat-cow\n",
         'r.yaml:5:9: phases[0].exercises[0]: expected an exercise (a mapping of keys), got "Cat-cow"'),
        ("name: R\nphases:\n  - name: P\n    kind: Main\n    exercises:\n      - name: E\n        duration: 3\n",
         'r.yaml:4:11: phases[0].kind: expected one of warmup, main, cooldown, aerobic, got "Main"; did you mean "main"?'),
        ("name: 123\nphases:\n  - name: P\n    exercises:\n      - name: E\n        duration: 3\n", "r.yaml:1:7: name: expected text, got 123"),
        ("name: ''\nphases:\n  - name: P\n    exercises:\n      - name: E\n        duration: 3\n", "r.yaml:1:7: name: must not be empty"),
        ("name:\nphases:\n  - name: P\n    exercises:\n      - name: E\n        duration: 3\n", "r.yaml:1:6: name: expected text, got nothing (null)"),
        ("name: R\nweekly_goal: 15\nphases:\n  - name: P\n    exercises:\n      - name: E\n        duration: 3\n",
         "r.yaml:2:14: weekly_goal: must be from 1 to 14, got 15"),
        ("name: R\nweekly_goal: yes\nphases:\n  - name: P\n    exercises:\n      - name: E\n        duration: 3\n",
         "r.yaml:2:14: weekly_goal: expected a whole number from 1 to 14, got yes"),
        ("name: R\ndefaults: [1]\nphases:\n  - name: P\n    exercises:\n      - name: E\n        duration: 3\n",
         "r.yaml:2:11: defaults: expected defaults (a mapping of keys), got a list"),
        ("name: R\ndefaults:\n  get_ready: -1\nphases:\n  - name: P\n    exercises:\n      - name: E\n        duration: 3\n",
         "r.yaml:3:14: defaults.get_ready: must be from 0 (none) up to 4 hours, got -1"),
        ("name: R\n1: x\nphases:\n  - name: P\n    exercises:\n      - name: E\n        duration: 3\n", "r.yaml:2:1: keys must be plain words, got 1"),
        ("- a\n- b\n", "r.yaml:1:1: expected a routine (a mapping of keys), got a list"),
        ("hello\n", 'r.yaml:1:1: expected a routine (a mapping of keys), got "hello"'),
        ("", 'r.yaml:1:1: the file is empty; a routine needs at least "name" and "phases"'),
        ("# only a comment\n", 'r.yaml:1:1: the file is empty; a routine needs at least "name" and "phases"'),
        ("name: R\n---\nname: S\n", "r.yaml:2:1: the file holds more than one YAML document (---); keep one routine per file"),
        ("a: &x [1]\nb: *x\n", "r.yaml:2:4: aliases (*name) are not allowed in routine files; write the value out"),
        ("!!python/object/apply:os.system ['true']\n",
         'r.yaml:1:1: the YAML tag "tag:yaml.org,2002:python/object/apply:os.system" is not allowed in routine files'),
        ("name: 'R\n", "r.yaml:2:1: not valid YAML: while scanning a quoted scalar: found unexpected end of stream"),
        ("name: R: S\n", "r.yaml:1:8: not valid YAML: mapping values are not allowed in this context"),
    ],
)
def test_routine_error_is_located_exactly(tmp_path, text, expected):
    assert errors(tmp_path, text) == [expected]


def test_problem_fields_carry_file_line_column_and_path(tmp_path):
    with pytest.raises(RoutineError) as caught:
        load(tmp_path, HEAD + "        hold: thirty\n        reps: 3\n")
    assert caught.value.problems == [
        Problem("r.yaml", 6, 15, "phases[0].exercises[0].hold", 'expected a duration like 30, "30s" or "1m30s", got "thirty"')
    ]


def test_problem_without_a_line_shows_only_the_file():
    assert str(Problem("x.yaml", None, None, "", "no such file")) == "x.yaml: no such file"
    assert str(Problem("x.yaml", None, None, "name", "bad")) == "x.yaml: name: bad"


def test_routine_error_message_is_one_problem_per_line():
    error = RoutineError([Problem("a", 1, 2, "", "one"), Problem("a", 3, 4, "p", "two")])
    assert str(error) == "a:1:2: one\na:3:4: p: two"


def test_errors_in_unnamed_files_use_the_given_display(tmp_path):
    path = write(tmp_path, "name: R\n", name="some-long-file-name.yaml")
    with pytest.raises(RoutineError) as caught:
        load_routine(path, display="short.yaml")
    assert str(caught.value) == 'short.yaml:1:1: missing required key "phases"'


# -- all errors at once ------------------------------------------------------------

THREE_PROBLEMS = """\
name: R
phases:
  - name: P
    exercises:
      - name: F
        duration: 10
        hold: 5
      - name: E
        hlod: 5
        reps: 3
        sets: 0
"""


def test_every_problem_is_reported_at_once_sorted_by_line(tmp_path):
    assert errors(tmp_path, THREE_PROBLEMS) == [
        'r.yaml:7:9: phases[0].exercises[0]: give either "duration" or "hold", not both',
        'r.yaml:9:9: phases[0].exercises[1]: unknown key "hlod"; did you mean "hold"?',
        "r.yaml:11:15: phases[0].exercises[1].sets: must be from 1 to 50, got 0",
    ]


def test_problems_are_sorted_by_line_not_by_the_order_they_are_found(tmp_path):
    # The checker reads "defaults" before "phases", so the later line's problem is found first.
    text = (
        "name: R\nphases:\n  - name: P\n    exercises:\n      - name: E\n        duration: 0\n"
        "defaults:\n  rest: -1\n"
    )
    assert errors(tmp_path, text) == [
        "r.yaml:6:19: phases[0].exercises[0].duration: must be from 1 second to 4 hours, got 0",
        "r.yaml:8:9: defaults.rest: must be from 0 (none) up to 4 hours, got -1",
    ]


def test_problems_on_one_line_are_sorted_by_column(tmp_path):
    text = "name: R\nphases:\n  - name: P\n    exercises:\n      - {name: '', sets: 0, duration: x}\n"
    assert errors(tmp_path, text) == [
        "r.yaml:5:16: phases[0].exercises[0].name: must not be empty",
        "r.yaml:5:26: phases[0].exercises[0].sets: must be from 1 to 50, got 0",
        'r.yaml:5:39: phases[0].exercises[0].duration: expected a duration like 30, "30s" or "1m30s", got "x"',
    ]


def test_problems_in_different_phases_are_all_reported(tmp_path):
    text = (
        "name: R\nphases:\n"
        "  - name: A\n    exercises:\n      - name: E\n        reps: 0\n"
        "  - name: B\n    kind: bogus\n    exercises:\n      - name: F\n        duration: 0\n"
    )
    assert errors(tmp_path, text) == [
        "r.yaml:6:15: phases[0].exercises[0].reps: must be from 1 to 500, got 0",
        'r.yaml:8:11: phases[1].kind: expected one of warmup, main, cooldown, aerobic, got "bogus"',
        "r.yaml:11:19: phases[1].exercises[0].duration: must be from 1 second to 4 hours, got 0",
    ]


# -- unknown and duplicate keys -------------------------------------------------------

def test_unknown_key_suggests_the_closest_key(tmp_path):
    assert errors(tmp_path, HEAD + "        hlod: 5\n        reps: 3\n") == [
        'r.yaml:6:9: phases[0].exercises[0]: unknown key "hlod"; did you mean "hold"?'
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nmae: R\nphases: []\n", [
            'r.yaml:1:1: unknown key "nmae"; did you mean "name"?',
            'r.yaml:1:1: missing required key "name"',
            "r.yaml:2:9: phases: needs at least one of phases",
        ]),
        ("name: R\nphase: []\n", [
            'r.yaml:1:1: missing required key "phases"',
            'r.yaml:2:1: unknown key "phase"; did you mean "phases"?',
        ]),
        ("name: R\ndefaults:\n  reps: 3\nphases: []\n", [
            'r.yaml:3:3: defaults: unknown key "reps"; did you mean "rest"?',
            "r.yaml:4:9: phases: needs at least one of phases",
        ]),
        ("name: R\nphases:\n  - name: P\n    kinds: main\n", [
            'r.yaml:3:5: phases[0]: missing required key "exercises"',
            'r.yaml:4:5: phases[0]: unknown key "kinds"; did you mean "kind"?',
        ]),
    ],
)
def test_unknown_key_suggestion_names_the_mapping(tmp_path, text, expected):
    assert errors(tmp_path, text) == expected


def test_key_lists_start_with_the_documented_keys():
    assert ROUTINE_KEYS[:6] == ("name", "description", "safety", "weekly_goal", "defaults", "phases")
    assert EXERCISE_KEYS == ("name", "sets", "reps", "hold", "tempo", "duration", "sides", "cues", "say", "at", "pose", "image",
                             "rest", "rest_between_sets", "rest_between_reps", "switch_sides", "countdown")
    assert AT_KEYS == ("after", "half", "cue")


def test_unknown_key_without_a_close_match_lists_the_allowed_keys(tmp_path):
    text = "name: R\nzzz: 1\nphases:\n  - name: P\n    exercises:\n      - name: E\n        duration: 3\n"
    assert errors(tmp_path, text) == [
        f'r.yaml:2:1: unknown key "zzz"; expected one of: {", ".join(ROUTINE_KEYS)}'
    ]


def test_unknown_key_in_a_timed_cue_is_reported(tmp_path):
    body = "        duration: 30\n        at:\n          - half: true\n            cue: x\n            text: y\n"
    assert errors(tmp_path, HEAD + body) == [
        f'r.yaml:10:13: phases[0].exercises[0].at[0]: unknown key "text"; expected one of: {", ".join(AT_KEYS)}'
    ]


def test_long_unknown_key_is_shortened_in_the_message(tmp_path):
    key = "k" * 60
    text = f"name: R\n{key}: 1\nphases:\n  - name: P\n    exercises:\n      - name: E\n        duration: 3\n"
    assert errors(tmp_path, text) == [
        f'r.yaml:2:1: unknown key "{"k" * 39}…"; expected one of: {", ".join(ROUTINE_KEYS)}'
    ]


def test_duplicate_key_names_the_first_line(tmp_path):
    text = "name: R\nphases:\n  - name: P\n    exercises:\n      - name: E\n        duration: 3\nname: S\n"
    assert errors(tmp_path, text) == ['r.yaml:7:1: duplicate key "name" (first given on line 1)']


def test_duplicate_key_inside_an_exercise_is_located(tmp_path):
    assert errors(tmp_path, HEAD + "        duration: 3\n        duration: 4\n") == [
        'r.yaml:7:9: phases[0].exercises[0]: duplicate key "duration" (first given on line 6)'
    ]


def test_duplicate_key_is_an_error_even_when_both_values_agree(tmp_path):
    assert errors(tmp_path, HEAD + "        duration: 3\n        duration: 3\n") == [
        'r.yaml:7:9: phases[0].exercises[0]: duplicate key "duration" (first given on line 6)'
    ]


# -- either duration or hold -------------------------------------------------------

@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("        duration: 10\n        hold: 5\n", 'r.yaml:7:9: phases[0].exercises[0]: give either "duration" or "hold", not both'),
        ("        hold: 5\n        duration: 10\n", 'r.yaml:7:9: phases[0].exercises[0]: give either "duration" or "hold", not both'),
        ("        duration: 10\n        tempo: 5\n",
         'r.yaml:7:9: phases[0].exercises[0]: give either "duration" or "tempo", not both'),
    ],
)
def test_give_either_duration_or_hold(tmp_path, body, expected):
    assert errors(tmp_path, HEAD + body)[0] == expected


# -- limits -------------------------------------------------------------------------

def exercises_file(count: int) -> str:
    head = "name: R\ndefaults:\n  rest: 0\n  get_ready: 0\nphases:\n  - name: P\n    exercises:\n"
    return head + "      - {name: E, duration: 1}\n" * count


def test_limits_have_the_documented_values():
    assert (MAX_EXERCISES, MAX_SETS, MAX_REPS, MAX_SESSION_SECONDS, MAX_BYTES, MAX_DEPTH) == (
        500, 50, 500, 6 * 3600, 1024 * 1024, 32)


def test_five_hundred_exercises_are_allowed(tmp_path):
    assert len(load(tmp_path, exercises_file(500)).exercises) == 500


def test_more_than_five_hundred_exercises_are_refused(tmp_path):
    assert errors(tmp_path, exercises_file(501)) == [
        "r.yaml:508:9: phases[0].exercises[500]: a routine may hold at most 500 exercises"
    ]


def test_exercise_limit_counts_across_phases(tmp_path):
    head = "name: R\ndefaults:\n  rest: 0\n  get_ready: 0\nphases:\n"
    phase = "  - name: P\n    exercises:\n" + "      - {name: E, duration: 1}\n" * 300
    assert errors(tmp_path, head + phase + phase) == [
        "r.yaml:510:9: phases[1].exercises[200]: a routine may hold at most 500 exercises"
    ]


def session_file(seconds: list[str]) -> str:
    head = "name: R\ndefaults:\n  rest: 0\n  get_ready: 0\nphases:\n  - name: P\n    exercises:\n"
    return head + "".join(f"      - {{name: E, duration: {value}}}\n" for value in seconds)


def test_session_of_exactly_six_hours_is_allowed(tmp_path):
    assert len(load(tmp_path, session_file(["3h", "3h"])).exercises) == 2


def test_session_longer_than_six_hours_is_refused_at_the_phases_key(tmp_path):
    assert errors(tmp_path, session_file(["3h", "3h", "1s"])) == [
        "r.yaml:5:1: phases: the session would last more than 6 h; the limit is 6 hours, so split it into several routines"
    ]


def test_session_length_counts_sets_sides_and_rests(tmp_path):
    # 50 sets × 2 sides × 4 min = 400 min, over 6 h although every value is in range.
    body = "        sets: 50\n        duration: 4m\n        sides: true\n"
    assert errors(tmp_path, HEAD + body) == [
        "r.yaml:2:1: phases: the session would last more than 6 h; the limit is 6 hours, so split it into several routines"
    ]


def test_fifty_sets_are_allowed_and_fifty_one_refused(tmp_path):
    assert one_exercise(tmp_path, "        sets: 50\n        reps: 1\n").sets == 50
    assert errors(tmp_path, HEAD + "        sets: 51\n        reps: 1\n") == [
        "r.yaml:6:15: phases[0].exercises[0].sets: must be from 1 to 50, got 51"
    ]


def test_reps_list_of_more_than_fifty_sets_is_refused(tmp_path):
    assert errors(tmp_path, HEAD + "        reps: [" + ", ".join(["1"] * 51) + "]\n") == [
        "r.yaml:6:15: phases[0].exercises[0].reps: lists 51 sets; the limit is 50"
    ]


def test_five_hundred_reps_are_allowed_and_five_hundred_one_refused(tmp_path):
    assert one_exercise(tmp_path, "        reps: 500\n").reps == (500,)
    assert errors(tmp_path, HEAD + "        reps: 501\n") == [
        "r.yaml:6:15: phases[0].exercises[0].reps: must be from 1 to 500, got 501"
    ]
    assert errors(tmp_path, HEAD + "        reps: [1, 501]\n") == [
        "r.yaml:6:19: phases[0].exercises[0].reps[1]: must be from 1 to 500, got 501"
    ]


def test_text_longer_than_2000_characters_is_refused(tmp_path):
    text = f"name: R\ndescription: {'x' * 2001}\nphases:\n  - name: P\n    exercises:\n      - name: E\n        duration: 3\n"
    assert errors(tmp_path, text) == ["r.yaml:2:14: description: is 2001 characters long; the limit is 2000"]


def valid_routine_of_size(size: int) -> bytes:
    body = (HEAD + "        duration: 3\n").encode()
    return body + b"#" * (size - len(body) - 1) + b"\n"


def test_file_of_exactly_one_mebibyte_is_allowed(tmp_path):
    data = valid_routine_of_size(MAX_BYTES)
    assert len(data) == 1024 * 1024
    assert load(tmp_path, data).name == "R"


def test_file_larger_than_one_mebibyte_is_refused(tmp_path):
    data = valid_routine_of_size(MAX_BYTES + 1)
    assert errors(tmp_path, data) == ["r.yaml: the file is larger than 1 MiB; routine files are limited to 1 MiB"]


def test_nesting_of_32_levels_passes_the_reader(tmp_path):
    # The root mapping is level 1, so 31 brackets make 32 levels: the reader lets it through
    # and the checker reports the shape.
    assert errors(tmp_path, "name: R\nphases: " + "[" * 31 + "]" * 31 + "\n") == [
        "r.yaml:2:10: phases[0]: expected a phase (a mapping of keys), got a list"
    ]


def test_nesting_of_33_levels_is_refused_where_it_passes_the_limit(tmp_path):
    assert errors(tmp_path, "name: R\nphases: " + "[" * 32 + "]" * 32 + "\n") == [
        "r.yaml:2:40: nesting is deeper than 32 levels; a routine never needs that"
    ]


def test_block_nesting_of_33_levels_is_refused(tmp_path):
    text = "".join("  " * level + "a:\n" for level in range(33))
    assert errors(tmp_path, text) == ["r.yaml:33:65: nesting is deeper than 32 levels; a routine never needs that"]


# -- file-level problems ---------------------------------------------------------------

def test_missing_file_is_a_located_error(tmp_path):
    with pytest.raises(RoutineError) as caught:
        load_routine(tmp_path / "nope.yaml", display="nope.yaml")
    assert str(caught.value) == "nope.yaml: no such file; check the path, or run `coach list` for routine names"


def test_folder_is_a_located_error(tmp_path):
    with pytest.raises(RoutineError) as caught:
        load_routine(tmp_path, display="dir")
    assert str(caught.value) == "dir: is a folder, not a routine file"


def test_utf8_byte_order_mark_is_accepted(tmp_path):
    assert load(tmp_path, b"\xef\xbb\xbf" + (HEAD + "        duration: 3\n").encode()).name == "R"


def test_invalid_utf8_is_located_at_the_bad_byte(tmp_path):
    assert errors(tmp_path, b"name: R\ndescription: caf\xe9\n") == [
        "r.yaml:2:17: the file is not UTF-8 text (byte 0xE9); save it as UTF-8"
    ]


def test_nul_byte_is_located(tmp_path):
    assert errors(tmp_path, b"name: R\nab\x00c\n") == [
        "r.yaml:2:3: this is a binary file, not a YAML routine (it contains NUL bytes)"
    ]


def test_utf16_file_is_refused(tmp_path):
    assert errors(tmp_path, "name: R\n".encode("utf-16")) == ["r.yaml:1:1: the file is UTF-16 text; save it as UTF-8"]


def test_tab_after_a_key_gets_the_tab_hint(tmp_path):
    assert errors(tmp_path, "name: R\nphases:\n  - name: P\n\texercises: []\n") == [
        "r.yaml:4:1: not valid YAML: while scanning a plain scalar: found a tab character that violates indentation "
        "(a tab is on this line: YAML indents with spaces only)"
    ]


def test_tab_at_the_start_of_a_line_gets_the_tab_hint(tmp_path):
    assert errors(tmp_path, "name: R\nphases:\n\t- name: P\n") == [
        "r.yaml:3:1: not valid YAML: while scanning for the next token: found character that cannot start any token "
        "(a tab is on this line: YAML indents with spaces only)"
    ]


def test_yaml_error_on_a_line_without_tabs_gets_no_tab_hint(tmp_path):
    assert errors(tmp_path, "name: R\ndescription: 'a\tb\nphases: [\n") == [
        "r.yaml:4:1: not valid YAML: while scanning a quoted scalar: found unexpected end of stream"
    ]


def test_bool_tag_on_a_non_boolean_is_a_located_error(tmp_path):
    assert errors(tmp_path, "name: !!bool maybe\nphases: []\n")[0].startswith("r.yaml:1:7: name: ")


def test_int_tag_on_empty_text_is_a_located_error(tmp_path):
    assert errors(tmp_path, HEAD + "        duration: !!int ''\n")[0].startswith("r.yaml:6:19: phases[0].exercises[0].duration: ")


def test_float_tag_on_empty_text_is_a_located_error(tmp_path):
    assert errors(tmp_path, HEAD + "        duration: !!float ''\n")[0].startswith("r.yaml:6:19: phases[0].exercises[0].duration: ")


def test_control_character_is_located_on_one_line(tmp_path):
    (problem,) = errors(tmp_path, "name: Test\x07routine\nphases: []\n")
    assert problem.startswith("r.yaml:1:11: ")
    assert "\n" not in problem


def test_bad_byte_column_counts_characters(tmp_path):
    # "name: Café " is 11 characters (12 bytes), so the bad byte is character 12.
    assert errors(tmp_path, "name: Café ".encode() + b"\xff\n") == [
        "r.yaml:1:12: the file is not UTF-8 text (byte 0xFF); save it as UTF-8"
    ]


def test_bad_byte_line_counts_carriage_return_line_breaks(tmp_path):
    assert errors(tmp_path, b"name: R\rdescription: \xff\r") == [
        "r.yaml:2:14: the file is not UTF-8 text (byte 0xFF); save it as UTF-8"
    ]


def test_yaml_columns_count_characters_not_bytes(tmp_path):
    text = "name: R\nphases:\n  - name: P\n    exercises:\n      - {name: 😀é, sets: 0, duration: 3}\n"
    assert errors(tmp_path, text) == ["r.yaml:5:26: phases[0].exercises[0].sets: must be from 1 to 50, got 0"]


def test_a_file_of_too_many_yaml_items_is_refused_before_a_tree_is_built(tmp_path):
    from coach.routine.yaml_source import MAX_EVENTS

    text = "name: R\nphases: [" + "1, " * MAX_EVENTS + "1]\n"
    [problem] = errors(tmp_path, text)
    assert problem.startswith("r.yaml:2:")
    assert problem.endswith(f"the file holds more than {MAX_EVENTS:,} YAML items; a routine is far smaller (at most 500 exercises)")


def test_pose_names_a_picture_of_the_library_with_did_you_mean(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text("name: R\nphases:\n  - name: P\n    kind: main\n    exercises:\n"
                    "      - {name: My own bridge, hold: 5s, pose: Bridge}\n      - {name: Bird dog, hold: 5s}\n")
    routine = load_routine(good)
    assert [exercise.pose for exercise in routine.phases[0].exercises] == ["glute-bridge", None]
    assert errors(tmp_path, "name: R\nphases:\n  - name: P\n    kind: main\n    exercises:\n"
                            "      - {name: X, hold: 5s, pose: brdge}\n") == [
        'r.yaml:6:35: phases[0].exercises[0].pose: no pose named "brdge"; did you mean glute-bridge?']
