"""Expanding a routine into its timeline of steps."""

import pytest

from coach.routine.expand import SessionTooLong, StepKind, expand, total_planned_seconds
from coach.routine.loader import load_routine
from coach.routine.model import Exercise, Phase, PhaseKind, Routine, Side, Timing
from tests.helpers.engine import GR, RBR, RBS, REST, SW, W


NO_RESTS = Timing(rest=0, rest_between_sets=0, rest_between_reps=0, switch_sides=0)
RESTS = Timing(rest=15, rest_between_sets=20, rest_between_reps=2, switch_sides=5)


def one(exercise: Exercise, get_ready: float = 0) -> Routine:
    return Routine(name="R", phases=(Phase("P", PhaseKind.MAIN, (exercise,)),), get_ready=get_ready)


def routine(*phases: tuple[Exercise, ...], get_ready: float = 0) -> Routine:
    return Routine(
        name="R",
        phases=tuple(Phase(f"P{index}", PhaseKind.MAIN, exercises) for index, exercises in enumerate(phases)),
        get_ready=get_ready,
    )


def kinds(steps) -> list[StepKind]:
    return [step.kind for step in steps]


def timeline(steps) -> list[tuple]:
    """(kind, seconds, set, side, rep, rep_count) for each step."""
    return [
        (step.kind, step.planned_seconds, step.set_number, step.side, step.rep_number, step.rep_count)
        for step in steps
    ]


# -- pyramids and holds -------------------------------------------------------------

def test_pyramid_of_holds_has_the_reps_of_each_set():
    exercise = Exercise("Bird dog", sets=3, reps=(3, 2, 1), hold=5,
                        timing=Timing(rest=0, rest_between_sets=10, rest_between_reps=2))
    assert timeline(expand(one(exercise))) == [
        (W, 5, 1, None, 1, 3),
        (RBR, 2, 1, None, 2, 3),
        (W, 5, 1, None, 2, 3),
        (RBR, 2, 1, None, 3, 3),
        (W, 5, 1, None, 3, 3),
        (RBS, 10, 2, None, None, None),
        (W, 5, 2, None, 1, 2),
        (RBR, 2, 2, None, 2, 2),
        (W, 5, 2, None, 2, 2),
        (RBS, 10, 3, None, None, None),
        (W, 5, 3, None, 1, 1),
    ]


def test_every_step_of_a_pyramid_knows_the_set_count():
    exercise = Exercise("E", sets=3, reps=(3, 2, 1), hold=5, timing=RESTS)
    assert {step.set_count for step in expand(one(exercise))} == {3}


def test_pyramid_total_is_holds_plus_rests():
    exercise = Exercise("E", sets=3, reps=(6, 4, 2), hold=8,
                        timing=Timing(rest=0, rest_between_sets=20, rest_between_reps=2))
    # 12 holds of 8 s, (5 + 3 + 1) rests of 2 s between reps, 2 rests of 20 s between sets
    assert total_planned_seconds(expand(one(exercise))) == 12 * 8 + 9 * 2 + 2 * 20


# -- sides --------------------------------------------------------------------------

def test_sides_run_in_the_given_order_with_a_switch_between_them():
    exercise = Exercise("E", sets=2, duration=30, sides=(Side.RIGHT, Side.LEFT), timing=RESTS)
    assert timeline(expand(one(exercise))) == [
        (W, 30, 1, Side.RIGHT, None, None),
        (SW, 5, 1, Side.LEFT, None, None),
        (W, 30, 1, Side.LEFT, None, None),
        (RBS, 20, 2, None, None, None),
        (W, 30, 2, Side.RIGHT, None, None),
        (SW, 5, 2, Side.LEFT, None, None),
        (W, 30, 2, Side.LEFT, None, None),
    ]


def test_no_switch_sides_before_the_first_side():
    exercise = Exercise("E", duration=30, sides=(Side.LEFT, Side.RIGHT), timing=RESTS)
    steps = expand(one(exercise, get_ready=5))
    assert kinds(steps) == [GR, W, SW, W]
    assert [step.side for step in steps] == [None, Side.LEFT, Side.RIGHT, Side.RIGHT]


def test_one_side_has_no_switch():
    exercise = Exercise("E", duration=30, sides=(Side.RIGHT,), timing=RESTS)
    assert timeline(expand(one(exercise))) == [(W, 30, 1, Side.RIGHT, None, None)]


def test_held_reps_on_each_side_rest_between_reps_within_each_side():
    exercise = Exercise("E", reps=(2,), hold=10, sides=(Side.LEFT, Side.RIGHT), timing=RESTS)
    assert timeline(expand(one(exercise))) == [
        (W, 10, 1, Side.LEFT, 1, 2),
        (RBR, 2, 1, Side.LEFT, 2, 2),
        (W, 10, 1, Side.LEFT, 2, 2),
        (SW, 5, 1, Side.RIGHT, None, None),
        (W, 10, 1, Side.RIGHT, 1, 2),
        (RBR, 2, 1, Side.RIGHT, 2, 2),
        (W, 10, 1, Side.RIGHT, 2, 2),
    ]


def test_switch_sides_zero_means_no_switch_step():
    exercise = Exercise("E", duration=30, sides=(Side.LEFT, Side.RIGHT),
                        timing=Timing(rest=0, rest_between_sets=20, rest_between_reps=2, switch_sides=0))
    assert kinds(expand(one(exercise))) == [W, W]


# -- manual reps --------------------------------------------------------------------

def test_manual_reps_are_one_untimed_step_per_set_and_side():
    exercise = Exercise("Press-up", sets=2, reps=(10, 8), sides=(Side.LEFT, Side.RIGHT), timing=RESTS)
    steps = expand(one(exercise))
    assert timeline(steps) == [
        (W, None, 1, Side.LEFT, None, 10),
        (SW, 5, 1, Side.RIGHT, None, None),
        (W, None, 1, Side.RIGHT, None, 10),
        (RBS, 20, 2, None, None, None),
        (W, None, 2, Side.LEFT, None, 8),
        (SW, 5, 2, Side.RIGHT, None, None),
        (W, None, 2, Side.RIGHT, None, 8),
    ]
    assert [step.is_manual for step in steps] == [True, False, True, False, True, False, True]


def test_manual_steps_count_as_zero_in_the_total():
    exercise = Exercise("E", sets=2, reps=(10, 10), timing=RESTS)
    assert total_planned_seconds(expand(one(exercise, get_ready=5))) == 5 + 20


# -- tempo --------------------------------------------------------------------------

def test_tempo_reps_are_one_timed_step_of_reps_times_tempo():
    exercise = Exercise("Dead bug", reps=(8,), tempo=3, timing=RESTS)
    (step,) = expand(one(exercise))
    assert (step.kind, step.planned_seconds, step.rep_count, step.rep_seconds, step.rep_number) == (W, 24, 8, 3, None)


def test_tempo_pyramid_has_one_step_per_set():
    exercise = Exercise("E", sets=2, reps=(5, 3), tempo=2, timing=RESTS)
    steps = expand(one(exercise))
    assert [(step.kind, step.planned_seconds, step.rep_count) for step in steps] == [(W, 10, 5), (RBS, 20, None), (W, 6, 3)]


def test_rep_seconds_is_set_only_on_tempo_steps():
    tempo = expand(one(Exercise("E", reps=(2,), tempo=4, timing=RESTS)))
    held = expand(one(Exercise("E", reps=(2,), hold=4, timing=RESTS)))
    block = expand(one(Exercise("E", duration=4, timing=RESTS)))
    manual = expand(one(Exercise("E", reps=(2,), timing=RESTS)))
    assert [step.rep_seconds for step in tempo] == [4]
    assert [step.rep_seconds for step in held + block + manual] == [None, None, None, None, None]


# -- rests --------------------------------------------------------------------------

def test_rest_between_reps_only_between_held_reps():
    timing = Timing(rest=0, rest_between_sets=0, rest_between_reps=7, switch_sides=0)
    for exercise in (
        Exercise("tempo", reps=(5,), tempo=2, timing=timing),
        Exercise("manual", reps=(5,), timing=timing),
        Exercise("block", sets=3, duration=5, timing=timing),
    ):
        assert RBR not in kinds(expand(one(exercise))), exercise.name
    held = expand(one(Exercise("held", reps=(3,), hold=2, timing=timing)))
    assert kinds(held) == [W, RBR, W, RBR, W]


def test_no_rest_between_reps_after_the_last_rep_of_a_set():
    exercise = Exercise("E", sets=2, reps=(2, 2), hold=3, timing=RESTS)
    assert kinds(expand(one(exercise))) == [W, RBR, W, RBS, W, RBR, W]


def test_rest_between_reps_zero_means_no_step():
    timing = Timing(rest=0, rest_between_sets=20, rest_between_reps=0)
    assert kinds(expand(one(Exercise("E", reps=(3,), hold=3, timing=timing)))) == [W, W, W]


def test_rest_between_sets_only_between_sets():
    exercise = Exercise("E", sets=3, duration=10, timing=RESTS)
    assert timeline(expand(one(exercise))) == [
        (W, 10, 1, None, None, None),
        (RBS, 20, 2, None, None, None),
        (W, 10, 2, None, None, None),
        (RBS, 20, 3, None, None, None),
        (W, 10, 3, None, None, None),
    ]


def test_rest_between_sets_zero_means_no_step():
    timing = Timing(rest=0, rest_between_sets=0)
    assert kinds(expand(one(Exercise("E", sets=3, duration=10, timing=timing)))) == [W, W, W]


def test_rest_follows_each_exercise_but_the_last():
    first = Exercise("A", duration=10, timing=RESTS)
    second = Exercise("B", duration=20, timing=Timing(rest=9))
    third = Exercise("C", duration=30, timing=RESTS)
    steps = expand(routine((first, second, third)))
    assert [(step.kind, step.planned_seconds, step.exercise.name) for step in steps] == [
        (W, 10, "A"), (REST, 15, "A"), (W, 20, "B"), (REST, 9, "B"), (W, 30, "C"),
    ]


def test_rest_zero_means_no_rest_step():
    first = Exercise("A", duration=10, timing=NO_RESTS)
    second = Exercise("B", duration=20, timing=NO_RESTS)
    assert kinds(expand(routine((first, second)))) == [W, W]


def test_no_rest_after_the_last_exercise_even_when_it_has_rest():
    last = Exercise("Last", duration=30, timing=Timing(rest=60))
    steps = expand(routine((Exercise("A", duration=10, timing=RESTS),), (last,)))
    assert kinds(steps) == [W, REST, W]
    assert steps[-1].exercise.name == "Last"


def test_rest_runs_across_a_phase_boundary():
    first = Exercise("A", duration=10, timing=Timing(rest=12))
    second = Exercise("B", duration=10, timing=RESTS)
    steps = expand(routine((first,), (second,)))
    assert [(step.kind, step.phase_index, step.exercise_index) for step in steps] == [(W, 0, 0), (REST, 0, 0), (W, 1, 1)]


# -- get ready ----------------------------------------------------------------------

def test_get_ready_comes_first_and_belongs_to_the_first_exercise():
    steps = expand(one(Exercise("A", duration=10, timing=RESTS), get_ready=5))
    assert [(step.kind, step.planned_seconds, step.exercise.name, step.exercise_index) for step in steps] == [
        (GR, 5, "A", 0), (W, 10, "A", 0),
    ]


def test_get_ready_zero_means_no_get_ready_step():
    assert kinds(expand(one(Exercise("A", duration=10, timing=RESTS), get_ready=0))) == [W]


def test_get_ready_appears_once_only():
    steps = expand(routine((Exercise("A", duration=1, timing=RESTS), Exercise("B", duration=1, timing=RESTS)), get_ready=3))
    assert kinds(steps).count(GR) == 1


# -- totals and limits ----------------------------------------------------------------

def test_total_planned_seconds_is_the_sum_of_step_seconds():
    steps = expand(routine(
        (Exercise("A", sets=2, reps=(3, 2), hold=4, sides=(Side.LEFT, Side.RIGHT), timing=RESTS),
         Exercise("B", reps=(10,), timing=RESTS)),
        (Exercise("C", reps=(6,), tempo=2.5, timing=RESTS), Exercise("D", duration=45, timing=RESTS)),
        get_ready=5,
    ))
    assert total_planned_seconds(steps) == sum(step.planned_seconds or 0 for step in steps)
    # A: per side (3 holds + 2 rests) then (2 holds + 1 rest), 2 switches, 1 set rest; 15 s rest after A, B, C
    a = 2 * (3 * 4 + 2 * 2) + 2 * (2 * 4 + 1 * 2) + 2 * 5 + 20
    assert total_planned_seconds(steps) == 5 + a + 15 + 0 + 15 + 15 + 15 + 45


def test_total_of_no_steps_is_zero():
    assert total_planned_seconds(()) == 0


def test_expand_raises_session_too_long_past_the_limit():
    exercise = Exercise("E", sets=3, duration=100, timing=NO_RESTS)
    with pytest.raises(SessionTooLong) as caught:
        expand(one(exercise), limit_seconds=299)
    assert caught.value.limit == 299


def test_expand_at_exactly_the_limit_succeeds():
    exercise = Exercise("E", sets=3, duration=100, timing=NO_RESTS)
    assert total_planned_seconds(expand(one(exercise), limit_seconds=300)) == 300


def test_step_countdown_comes_from_the_exercise_timing():
    steps = expand(one(Exercise("E", duration=10, timing=Timing(countdown=7))))
    assert [step.countdown for step in steps] == [7]


# -- exact sequences of small routines loaded from YAML -------------------------------

SMALL = """\
name: Small
defaults:
  get_ready: 5
  rest: 10
phases:
  - name: Warm-up
    kind: warmup
    exercises:
      - name: Cat-cow
        reps: 3
        hold: 4
  - name: Core
    exercises:
      - name: Bird dog
        reps: [2, 1]
        hold: 6
        sides: [right, left]
      - name: Dead bug
        reps: 8
        tempo: 2
        rest: 0
      - name: Bridge
        reps: 12
  - name: Cool-down
    kind: cooldown
    exercises:
      - name: Child's pose
        duration: 30
        rest: 45
"""


def test_small_routine_expands_to_the_exact_sequence(tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    steps = expand(load_routine(path))
    assert [(step.kind.value, step.exercise.name, step.planned_seconds, step.set_number, step.side and step.side.value,
             step.rep_number) for step in steps] == [
        ("get_ready", "Cat-cow", 5, 1, None, None),
        ("work", "Cat-cow", 4, 1, None, 1),
        ("rest_between_reps", "Cat-cow", 2, 1, None, 2),
        ("work", "Cat-cow", 4, 1, None, 2),
        ("rest_between_reps", "Cat-cow", 2, 1, None, 3),
        ("work", "Cat-cow", 4, 1, None, 3),
        ("rest", "Cat-cow", 10, 1, None, None),
        ("work", "Bird dog", 6, 1, "right", 1),
        ("rest_between_reps", "Bird dog", 2, 1, "right", 2),
        ("work", "Bird dog", 6, 1, "right", 2),
        ("switch_sides", "Bird dog", 5, 1, "left", None),
        ("work", "Bird dog", 6, 1, "left", 1),
        ("rest_between_reps", "Bird dog", 2, 1, "left", 2),
        ("work", "Bird dog", 6, 1, "left", 2),
        ("rest_between_sets", "Bird dog", 20, 2, None, None),
        ("work", "Bird dog", 6, 2, "right", 1),
        ("switch_sides", "Bird dog", 5, 2, "left", None),
        ("work", "Bird dog", 6, 2, "left", 1),
        ("rest", "Bird dog", 10, 1, None, None),
        ("work", "Dead bug", 16, 1, None, None),
        ("work", "Bridge", None, 1, None, None),
        ("rest", "Bridge", 10, 1, None, None),
        ("work", "Child's pose", 30, 1, None, None),
    ]
    assert total_planned_seconds(steps) == 5 + (12 + 4) + 10 + (36 + 4 + 10 + 20) + 10 + 16 + 10 + 30
    assert [step.phase_index for step in steps] == [0] * 7 + [1] * 15 + [2]
    assert [step.exercise_index for step in steps] == [0] * 7 + [1] * 12 + [2] + [3] * 2 + [4]
