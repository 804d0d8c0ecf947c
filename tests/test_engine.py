"""The session engine: deadlines, commands, events and records, on a fake clock.

All times are seconds since the fake clock's origin (see tests/helpers/engine.py, T0) and are chosen
as integers or binary fractions, so the float arithmetic is exact and `==` is fair.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

import pytest

from coach.routine.expand import StepKind, total_planned_seconds
from coach.routine.model import Side
from coach.session.engine import EngineState
from coach.session.events import EventKind
from coach.session.records import ExerciseStatus, SessionStatus

from tests.helpers.engine import (
    EPOCH,
    T0,
    FakeClock,
    GR,
    RBR,
    RBS,
    REST,
    SW,
    W,
    exercise,
    make_engine,
    planned_starts,
    rel,
    run_until,
    schedule,
    started_indices,
    steps,
    tick_until,
)


DONE = ExerciseStatus.DONE
SKIPPED = ExerciseStatus.SKIPPED
PARTIAL = ExerciseStatus.PARTIAL
PAIN = ExerciseStatus.PAIN

E = EventKind
L, R = Side.LEFT, Side.RIGHT


def statuses(engine) -> list[ExerciseStatus]:
    return [record.status for record in engine.session.exercises]


def countdowns(recorder) -> list[tuple[int, float]]:
    return [(event.second, rel(event.planned)) for event in recorder.of(E.COUNTDOWN)]


# =====================================================================================
# A routine with every step kind, for the command-by-step-kind matrix.
#
#   idx  t (planned)  kind               exercise
#    0   0 .. 4       get_ready          0 Hold
#    1   4 .. 8       work (hold)        0 Hold      rep 1
#    2   8 .. 10      rest_between_reps  0 Hold
#    3  10 .. 14      work (hold)        0 Hold      rep 2
#    4  14 .. 20      rest               0 Hold
#    5  20 .. 24      work (duration)    1 Sets      set 1
#    6  24 .. 27      rest_between_sets  1 Sets
#    7  27 .. 31      work (duration)    1 Sets      set 2
#    8  31 .. 37      rest               1 Sets
#    9  37 .. 41      work               2 Sides     left
#   10  41 .. 43      switch_sides       2 Sides
#   11  43 .. 47      work               2 Sides     right
#   12  47 .. 53      rest               2 Sides
#   13  53 .. done    work (manual)      3 Manual
#   14  +6            rest               3 Manual
#   15  +4            work (duration)    4 Last
# =====================================================================================


def all_kinds(tmp_path, **defaults):
    return steps(
        tmp_path,
        exercise("Hold", reps=2, hold=4, rest_between_reps=2, rest=6),
        exercise("Sets", sets=2, duration=4, rest_between_sets=3, rest=6),
        exercise("Sides", duration=4, sides=True, switch_sides=2, rest=6),
        exercise("Manual", reps=5, rest=6),
        exercise("Last", duration=4),
        **{"get_ready": 4, **defaults},
    )


@dataclass(frozen=True)
class Case:
    index: int  # the step the command lands in
    t: float  # when (0.5 s into that step)
    kind: StepKind
    manual: bool = False


CASES = {
    "get_ready": Case(0, 0.5, GR),
    "work_hold": Case(1, 4.5, W),
    "rest_between_reps": Case(2, 8.5, RBR),
    "rest_between_sets": Case(6, 24.5, RBS),
    "work_duration": Case(7, 27.5, W),
    "rest": Case(8, 31.5, REST),
    "switch_sides": Case(10, 41.5, SW),
    "work_manual": Case(13, 53.5, W, manual=True),
}


def engine_in(tmp_path, name: str):
    """An engine 0.5 s into the step of the named case."""
    case = CASES[name]
    engine, clock, recorder = make_engine(all_kinds(tmp_path))
    run_until(engine, clock, case.t)
    assert engine.index == case.index
    assert engine.step.kind is case.kind
    assert engine.step.is_manual is case.manual
    assert engine.elapsed_in_step() == 0.5
    return engine, clock, recorder


def test_the_matrix_routine_has_the_layout_the_cases_assume(tmp_path):
    timeline = all_kinds(tmp_path)
    assert [step.kind for step in timeline] == [GR, W, RBR, W, REST, W, RBS, W, REST, W, SW, W, REST, W, REST, W]
    assert schedule(timeline) == [0, 4, 8, 10, 14, 20, 24, 27, 31, 37, 41, 43, 47, 53, 53, 59]
    assert total_planned_seconds(timeline) == 63


# -- pause / resume in every step kind ---------------------------------------------------

@pytest.mark.parametrize("name", CASES)
def test_pause_freezes_the_step_in_every_step_kind(tmp_path, name):
    engine, clock, recorder = engine_in(tmp_path, name)
    remaining = engine.remaining()
    engine.toggle_pause()
    assert engine.state is EngineState.PAUSED
    mark = len(recorder)

    run_until(engine, clock, CASES[name].t + 10)

    assert engine.state is EngineState.PAUSED
    assert engine.index == CASES[name].index
    assert engine.elapsed_in_step() == 0.5
    assert engine.remaining() == remaining
    assert engine.session_elapsed() == CASES[name].t
    assert len(recorder) == mark  # nothing happens while paused


@pytest.mark.parametrize("name", CASES)
def test_resume_moves_the_step_end_by_the_pause_in_every_step_kind(tmp_path, name):
    case = CASES[name]
    engine, clock, recorder = engine_in(tmp_path, name)
    remaining = engine.remaining()
    engine.toggle_pause()
    clock.at(case.t + 10)
    engine.toggle_pause()

    assert engine.state is EngineState.RUNNING
    assert engine.index == case.index
    assert engine.elapsed_in_step() == 0.5
    assert engine.remaining() == remaining
    if case.manual:
        run_until(engine, clock, case.t + 1000)
        assert engine.index == case.index  # a manual step waits for `done`
    else:
        planned_end = schedule(engine.steps)[case.index] + engine.step.planned_seconds
        run_until(engine, clock, planned_end + 10 - 0.25)
        assert engine.index == case.index
        run_until(engine, clock, planned_end + 10)
        assert engine.index == case.index + 1
        assert rel(recorder.of(E.STEP_STARTED)[-1].planned) == planned_end + 10
    assert engine.session.paused_seconds == 0  # written when the session ends
    engine.stop()
    assert engine.session.paused_seconds == 10


# -- skip in every step kind ---------------------------------------------------------------

SKIP = {
    # name: (next step, (exercise, status, active seconds, sets completed, end offset) or None)
    "get_ready": (5, (0, SKIPPED, 0, 0, 0.5)),  # the exercise it leads into is skipped
    "work_hold": (5, (0, SKIPPED, 0.5, 0, 4.5)),
    "rest_between_reps": (5, (0, PARTIAL, 4.5, 0, 8.5)),
    "rest_between_sets": (9, (1, PARTIAL, 4.5, 1, 24.5)),
    "work_duration": (9, (1, PARTIAL, 7.5, 1, 27.5)),
    "rest": (9, (1, DONE, 11, 2, 31)),  # done before its rest began; skip leaves it so
    "switch_sides": (13, (2, PARTIAL, 4.5, 0, 41.5)),
    "work_manual": (15, (3, SKIPPED, 0.5, 0, 53.5)),
}


@pytest.mark.parametrize("name", CASES)
def test_skip_jumps_to_the_next_exercise_in_every_step_kind(tmp_path, name):
    engine, clock, recorder = engine_in(tmp_path, name)
    target, expected = SKIP[name]
    mark = len(recorder)

    engine.skip()

    assert engine.state is EngineState.RUNNING
    assert engine.index == target
    assert engine.elapsed_in_step() == 0
    started = recorder.since(mark).of(E.STEP_STARTED)
    assert [event.step_index for event in started] == [target]  # nothing in between was played
    assert rel(started[0].planned) == CASES[name].t
    if expected is None:
        assert engine.records == {}
    else:
        position, status, active, sets, end = expected
        record = engine.records[position]
        assert (record.status, record.active_seconds, record.sets_completed, record.end_offset) == (
            status, active, sets, end)


# -- back in every step kind ---------------------------------------------------------------

BACK = {
    # name: step it goes to (why)
    "get_ready": 0,  # the first exercise: step 0
    "work_hold": 0,  # 0.5 s into exercise 0: there is no previous one, so step 0
    "rest_between_reps": 0,  # 4.5 s into exercise 0: restart it, from step 0
    "rest_between_sets": 5,  # 4.5 s into exercise 1: restart it
    "work_duration": 5,  # 7.5 s into exercise 1: restart it
    "rest": 5,  # resting after exercise 1: do it again
    "switch_sides": 9,  # 4.5 s into exercise 2: restart it
    "work_manual": 9,  # 0.5 s into exercise 3: go back to exercise 2
}


@pytest.mark.parametrize("name", CASES)
def test_back_restarts_or_goes_back_in_every_step_kind(tmp_path, name):
    engine, clock, recorder = engine_in(tmp_path, name)
    target = BACK[name]
    target_exercise = engine.steps[target].exercise_index
    mark = len(recorder)

    engine.back()

    assert engine.state is EngineState.RUNNING
    assert engine.index == target
    assert engine.elapsed_in_step() == 0
    assert engine.remaining() == engine.step.planned_seconds
    assert started_indices(recorder.since(mark)) == [target]
    assert rel(recorder.of(E.STEP_STARTED)[-1].planned) == CASES[name].t
    # the exercise gone back to, and every one after it, are to be done again
    assert all(position < target_exercise for position in engine.records)


# -- extend in every step kind -------------------------------------------------------------

@pytest.mark.parametrize("name", CASES)
def test_extend_adds_15_seconds_to_a_timed_step_and_nothing_to_a_manual_one(tmp_path, name):
    engine, clock, recorder = engine_in(tmp_path, name)
    remaining = engine.remaining()
    session_remaining = engine.session_remaining()
    mark = len(recorder)

    engine.extend()

    assert engine.index == CASES[name].index
    assert engine.state is EngineState.RUNNING
    assert len(recorder) == mark
    if CASES[name].manual:
        assert engine.remaining() is None
        assert engine.session_remaining() == session_remaining
    else:
        assert engine.remaining() == remaining + 15
        assert engine.session_remaining() == session_remaining + 15
        run_until(engine, clock, CASES[name].t + remaining + 15 - 0.25)
        assert engine.index == CASES[name].index
        run_until(engine, clock, CASES[name].t + remaining + 15)
        assert engine.index == CASES[name].index + 1


# -- done in every step kind -----------------------------------------------------------------

@pytest.mark.parametrize("name", [name for name, case in CASES.items() if not case.manual])
def test_done_does_nothing_on_a_timed_step(tmp_path, name):
    engine, clock, recorder = engine_in(tmp_path, name)
    remaining = engine.remaining()
    mark = len(recorder)

    engine.done()

    assert engine.index == CASES[name].index
    assert engine.remaining() == remaining
    assert engine.state is EngineState.RUNNING
    assert len(recorder) == mark


def test_done_ends_a_manual_step_and_starts_the_next_now(tmp_path):
    engine, clock, recorder = engine_in(tmp_path, "work_manual")
    mark = len(recorder)

    engine.done()

    assert engine.index == 14
    record = engine.records[3]
    assert (record.status, record.active_seconds, record.sets_completed) == (DONE, 0.5, 1)
    later = recorder.since(mark)
    assert later.kinds() == [E.STEP_ENDED, E.EXERCISE_ENDED, E.STEP_STARTED]
    assert [rel(event.planned) for event in later] == [53.5, 53.5, 53.5]
    assert engine.remaining() == 6


# -- stop in every step kind -----------------------------------------------------------------

STOP = {
    # name: (status of each exercise, active seconds of each exercise)
    "get_ready": ([SKIPPED] * 5, [0, 0, 0, 0, 0]),
    "work_hold": ([SKIPPED] * 5, [0.5, 0, 0, 0, 0]),
    "rest_between_reps": ([PARTIAL] + [SKIPPED] * 4, [4.5, 0, 0, 0, 0]),
    "rest_between_sets": ([DONE, PARTIAL] + [SKIPPED] * 3, [10, 4.5, 0, 0, 0]),
    "work_duration": ([DONE, PARTIAL] + [SKIPPED] * 3, [10, 7.5, 0, 0, 0]),
    "rest": ([DONE, DONE] + [SKIPPED] * 3, [10, 11, 0, 0, 0]),
    "switch_sides": ([DONE, DONE, PARTIAL, SKIPPED, SKIPPED], [10, 11, 4.5, 0, 0]),
    "work_manual": ([DONE, DONE, DONE, SKIPPED, SKIPPED], [10, 11, 10, 0.5, 0]),
}


@pytest.mark.parametrize("name", CASES)
def test_stop_ends_the_session_in_every_step_kind(tmp_path, name):
    engine, clock, recorder = engine_in(tmp_path, name)
    expected_statuses, expected_active = STOP[name]

    engine.stop()

    assert engine.state is EngineState.FINISHED
    assert engine.session.status is SessionStatus.STOPPED
    assert statuses(engine) == expected_statuses
    assert [record.active_seconds for record in engine.session.exercises] == expected_active
    assert engine.session.active_seconds == CASES[name].t
    assert len(recorder.of(E.SESSION_FINISHED)) == 1


# -- hurt in every step kind -------------------------------------------------------------------

HURT = {
    # name: (exercise flagged, its active seconds, step continue goes to)
    "get_ready": (0, 0, 5),
    "work_hold": (0, 0.5, 5),
    "rest_between_reps": (0, 4.5, 5),
    "rest_between_sets": (1, 4.5, 9),
    "work_duration": (1, 7.5, 9),
    "rest": (1, 11, 9),  # the rest belongs to the exercise it follows: that one is flagged
    "switch_sides": (2, 4.5, 13),
    "work_manual": (3, 0.5, 15),
}


@pytest.mark.parametrize("name", CASES)
def test_hurt_flags_the_exercise_and_continue_goes_to_the_next_in_every_step_kind(tmp_path, name):
    engine, clock, recorder = engine_in(tmp_path, name)
    position, active, target = HURT[name]

    engine.hurt()

    assert engine.state is EngineState.HURT
    record = engine.records[position]
    assert (record.status, record.active_seconds) == (PAIN, active)
    if CASES[name].kind is not REST:  # (in the rest the exercise had already ended at 31)
        assert record.end_offset == CASES[name].t
    run_until(engine, clock, CASES[name].t + 20)
    assert engine.index == CASES[name].index  # frozen
    assert engine.elapsed_in_step() == 0.5

    engine.continue_after_hurt()

    assert engine.state is EngineState.RUNNING
    assert engine.index == target
    assert rel(recorder.of(E.STEP_STARTED)[-1].planned) == CASES[name].t + 20


# -- commands outside a running session ------------------------------------------------------

def test_commands_before_start_do_nothing(tmp_path):
    engine, clock, recorder = make_engine(all_kinds(tmp_path), start=False)
    for command in (engine.update, engine.toggle_pause, engine.skip, engine.back, engine.extend,
                    engine.done, engine.hurt, engine.continue_after_hurt, engine.stop):
        command()
    assert engine.state is EngineState.READY
    assert engine.index == 0
    assert recorder == []
    assert engine.session.status is SessionStatus.RUNNING


def test_commands_after_the_end_do_nothing(tmp_path):
    engine, clock, recorder = make_engine(steps(tmp_path, exercise("A", duration=4)))
    run_until(engine, clock, 4)
    assert engine.finished
    mark = len(recorder)
    for command in (engine.update, engine.toggle_pause, engine.skip, engine.back, engine.extend,
                    engine.done, engine.hurt, engine.continue_after_hurt, engine.stop, engine.start):
        command()
    assert engine.state is EngineState.FINISHED
    assert len(recorder) == mark
    assert engine.session.status is SessionStatus.COMPLETED


def test_continue_after_hurt_does_nothing_unless_hurt(tmp_path):
    engine, clock, recorder = make_engine(steps(tmp_path, exercise("A", duration=4), exercise("B", duration=4)))
    run_until(engine, clock, 1)
    engine.continue_after_hurt()
    assert engine.index == 0
    assert engine.remaining() == 3


def test_an_engine_needs_at_least_one_step():
    with pytest.raises(ValueError):
        make_engine(())


# =====================================================================================
# Named scenarios
# =====================================================================================

# -- pause during rest -------------------------------------------------------------------

def pause_routine(tmp_path):
    # 0: A [0, 10)   1: rest [10, 30)   2: B [30, 40)
    return steps(tmp_path, exercise("A", duration=10, rest=20), exercise("B", duration=10))


def test_pause_during_rest_freezes_remaining_while_paused(tmp_path):
    engine, clock, recorder = make_engine(pause_routine(tmp_path))
    run_until(engine, clock, 15)
    assert engine.step.kind is REST
    engine.toggle_pause()

    for t in (15.25, 22.5, 1000):
        run_until(engine, clock, t)
        assert engine.remaining() == 15
        assert engine.elapsed_in_step() == 5
        assert engine.session_elapsed() == 15
        assert engine.session_remaining() == 25
        assert engine.next_wakeup() is None


def test_resume_after_a_pause_during_rest_moves_the_deadline_by_the_pause(tmp_path):
    engine, clock, recorder = make_engine(pause_routine(tmp_path))
    run_until(engine, clock, 15)
    engine.toggle_pause()
    clock.at(22.5)
    engine.toggle_pause()

    assert engine.remaining() == 15
    run_until(engine, clock, 37.25)
    assert engine.step.kind is REST and engine.remaining() == 0.25
    run_until(engine, clock, 37.5)
    assert engine.index == 2
    assert rel(recorder.of(E.STEP_ENDED)[-1].planned) == 37.5
    assert rel(recorder.of(E.STEP_STARTED)[-1].planned) == 37.5


def test_pause_during_rest_is_recorded_as_paused_and_left_out_of_active(tmp_path):
    engine, clock, recorder = make_engine(pause_routine(tmp_path))
    run_until(engine, clock, 15)
    engine.toggle_pause()
    clock.at(22.5)
    engine.toggle_pause()
    run_until(engine, clock, 47.5)

    session = engine.session
    assert session.status is SessionStatus.COMPLETED
    assert session.paused_seconds == 7.5
    assert session.active_seconds == 40
    assert session.planned_seconds == 40
    assert session.started == EPOCH + timedelta(seconds=T0)
    assert session.ended == EPOCH + timedelta(seconds=T0 + 47.5)
    a, b = session.exercises
    assert (a.status, a.active_seconds, a.start_offset, a.end_offset) == (DONE, 10, 0, 10)
    assert (b.status, b.active_seconds, b.start_offset, b.end_offset) == (DONE, 10, 37.5, 47.5)


def test_pause_during_work_is_left_out_of_the_exercise_active_seconds(tmp_path):
    engine, clock, recorder = make_engine(pause_routine(tmp_path))
    run_until(engine, clock, 2.5)
    engine.pause()
    clock.at(6)
    engine.resume()
    run_until(engine, clock, 13.5)
    assert engine.records[0].active_seconds == 10
    assert engine.records[0].end_offset == 13.5  # offsets include the pause


# -- skip during switch sides ---------------------------------------------------------------

def sides_routine(tmp_path):
    # 0 L [0,6)  1 switch [6,10)  2 R [10,16)  3 between sets [16,18)
    # 4 L [18,24)  5 switch [24,28)  6 R [28,34)  7 rest [34,44)   8 Bridge [44,49)
    return steps(
        tmp_path,
        exercise("Side plank", sets=2, duration=6, sides=True, switch_sides=4, rest_between_sets=2, rest=10),
        exercise("Bridge", duration=5),
    )


def test_skip_during_switch_sides_records_the_exercise_partial(tmp_path):
    engine, clock, recorder = make_engine(sides_routine(tmp_path))
    run_until(engine, clock, 25.5)
    assert engine.step.kind is SW and engine.step.set_number == 2

    engine.skip()

    record = engine.records[0]
    assert record.status is PARTIAL
    assert record.active_seconds == 25.5
    assert record.sets_completed == 1
    assert record.planned_seconds == 34
    assert (record.start_offset, record.end_offset) == (0, 25.5)


def test_skip_during_switch_sides_skips_the_rest_after_it(tmp_path):
    engine, clock, recorder = make_engine(sides_routine(tmp_path))
    run_until(engine, clock, 25.5)
    engine.skip()

    assert engine.index == 8
    assert (engine.step.kind, engine.step.exercise.name) == (W, "Bridge")
    assert engine.next_exercise_step() is None
    assert REST not in [event.step.kind for event in recorder.of(E.STEP_STARTED)]
    assert rel(recorder.of(E.STEP_STARTED)[-1].planned) == 25.5
    run_until(engine, clock, 30.5)
    assert engine.session.status is SessionStatus.COMPLETED
    assert statuses(engine) == [PARTIAL, DONE]
    bridge = engine.session.exercises[1]
    assert (bridge.active_seconds, bridge.start_offset, bridge.end_offset) == (5, 25.5, 30.5)
    assert engine.session.active_seconds == 30.5


def test_n_during_get_ready_starts_the_first_exercise_now(tmp_path):
    engine, clock, recorder = make_engine(steps(tmp_path, exercise("A", duration=10), get_ready=5))
    run_until(engine, clock, 1.5)
    engine.skip_step()
    assert engine.index == 1 and not engine.in_lead_in
    assert engine.remaining() == 10
    assert engine.records == {}
    run_until(engine, clock, 11.5)
    assert statuses(engine) == [DONE]
    assert engine.session.exercises[0].start_offset == 1.5
    assert engine.session.active_seconds == 11.5


def test_skip_during_the_last_exercise_ends_the_session(tmp_path):
    engine, clock, recorder = make_engine(steps(tmp_path, exercise("A", duration=10), exercise("B", duration=10)))
    run_until(engine, clock, 12)
    engine.skip()
    assert engine.finished
    assert statuses(engine) == [DONE, PARTIAL]
    assert engine.session.status is SessionStatus.COMPLETED
    assert engine.session.active_seconds == 12


# -- extend, then back ------------------------------------------------------------------------

def extend_routine(tmp_path):
    # 0: Warm [0, 10)   1: Hold [10, 30), countdown 3 2 1 at 27 28 29
    return steps(tmp_path, exercise("Warm", duration=10), exercise("Hold", duration=20), countdown=3)


def test_extend_adds_15_seconds_and_the_countdown_fires_again_before_the_new_end(tmp_path):
    engine, clock, recorder = make_engine(extend_routine(tmp_path))
    run_until(engine, clock, 28.5)
    assert countdowns(recorder)[-2:] == [(3, 27), (2, 28)]
    mark = len(recorder)

    engine.extend()

    assert engine.remaining() == 16.5
    run_until(engine, clock, 44.75)
    assert engine.index == 1
    assert countdowns(recorder.since(mark)) == [(3, 42), (2, 43), (1, 44)]
    run_until(engine, clock, 45)
    assert engine.finished
    assert engine.records[1].active_seconds == 35
    assert engine.session.active_seconds == 45


def test_extend_after_the_whole_countdown_fired_arms_it_again(tmp_path):
    engine, clock, recorder = make_engine(extend_routine(tmp_path))
    run_until(engine, clock, 29.5)
    mark = len(recorder)
    engine.extend()
    assert engine.remaining() == 15.5
    run_until(engine, clock, 45)
    assert countdowns(recorder.since(mark)) == [(3, 42), (2, 43), (1, 44)]
    assert recorder.since(mark).kinds()[-1] is E.SESSION_FINISHED


def test_extend_before_the_countdown_moves_it_rather_than_doubling_it(tmp_path):
    engine, clock, recorder = make_engine(extend_routine(tmp_path))
    run_until(engine, clock, 11)
    mark = len(recorder)
    engine.extend()
    run_until(engine, clock, 45)
    assert countdowns(recorder.since(mark)) == [(3, 42), (2, 43), (1, 44)]


def test_extend_while_paused_takes_effect_on_resume(tmp_path):
    engine, clock, recorder = make_engine(extend_routine(tmp_path))
    run_until(engine, clock, 20)
    engine.pause()
    engine.extend()
    assert engine.remaining() == 25
    clock.at(30)
    engine.resume()
    assert engine.remaining() == 25
    mark = len(recorder)
    run_until(engine, clock, 55)
    assert countdowns(recorder.since(mark)) == [(3, 52), (2, 53), (1, 54)]
    assert engine.finished
    assert (engine.session.active_seconds, engine.session.paused_seconds) == (45, 10)


def test_back_after_more_than_3_s_restarts_the_exercise_without_the_extension(tmp_path):
    engine, clock, recorder = make_engine(extend_routine(tmp_path))
    run_until(engine, clock, 28.5)
    engine.extend()
    run_until(engine, clock, 44.5)

    engine.back()

    assert engine.index == 1
    assert engine.remaining() == 20
    assert engine.elapsed_in_step() == 0
    assert rel(recorder.of(E.STEP_STARTED)[-1].planned) == 44.5
    assert 1 not in engine.records


def test_back_within_3_s_goes_to_the_previous_exercise(tmp_path):
    engine, clock, recorder = make_engine(extend_routine(tmp_path))
    run_until(engine, clock, 28.5)
    engine.extend()
    run_until(engine, clock, 44.5)
    engine.back()  # restart Hold
    run_until(engine, clock, 46.5)

    engine.back()  # 2 s in: back to Warm

    assert engine.index == 0
    assert engine.remaining() == 10
    assert engine.records == {}
    run_until(engine, clock, 76.5)
    assert engine.finished
    warm, hold = engine.session.exercises
    # Warm was done twice (0–10, then 46.5–56.5): both count, and it began at its first start.
    assert (warm.status, warm.active_seconds, warm.start_offset, warm.end_offset) == (DONE, 20, 0, 56.5)
    # Hold: 10–44.5 (extended), 44.5–46.5 (restarted, then back), 56.5–76.5: all of it was done.
    assert (hold.status, hold.active_seconds, hold.start_offset, hold.end_offset) == (DONE, 56.5, 10, 76.5)
    assert engine.session.active_seconds == 76.5


def test_back_at_exactly_3_s_goes_to_the_previous_exercise(tmp_path):
    engine, clock, recorder = make_engine(extend_routine(tmp_path))
    run_until(engine, clock, 13)
    engine.back()
    assert engine.index == 0


def test_back_just_over_3_s_restarts_the_exercise(tmp_path):
    engine, clock, recorder = make_engine(extend_routine(tmp_path))
    run_until(engine, clock, 13.25)
    engine.back()
    assert engine.index == 1


def test_back_counts_the_whole_exercise_not_just_the_current_step(tmp_path):
    # 0 A [0,5)  1 B set 1 [5,7)  2 between sets [7,9)  3 B set 2 [9,11)
    timeline = steps(tmp_path, exercise("A", duration=5),
                     exercise("B", sets=2, duration=2, rest_between_sets=2))
    engine, clock, recorder = make_engine(timeline)
    run_until(engine, clock, 9.5)  # 0.5 s into this step, 4.5 s into B
    engine.back()
    assert engine.index == 1


def test_back_while_paused_leaves_the_pause_out(tmp_path):
    engine, clock, recorder = make_engine(extend_routine(tmp_path))
    run_until(engine, clock, 12)
    engine.pause()
    clock.at(30)  # 2 s of Hold, then 18 s paused
    engine.back()
    assert engine.index == 0
    assert engine.state is EngineState.RUNNING


# -- back at the first exercise ------------------------------------------------------------------

def test_back_at_the_first_exercise_goes_to_step_0(tmp_path):
    engine, clock, recorder = make_engine(steps(tmp_path, exercise("A", duration=10), get_ready=5))
    run_until(engine, clock, 6)
    engine.back()
    assert engine.index == 0
    assert engine.step.kind is GR
    assert engine.remaining() == 5
    assert rel(recorder.of(E.STEP_STARTED)[-1].planned) == 6


def test_back_late_in_the_first_exercise_also_goes_to_step_0(tmp_path):
    engine, clock, recorder = make_engine(steps(tmp_path, exercise("A", duration=10), get_ready=5))
    run_until(engine, clock, 12)
    engine.back()
    assert engine.index == 0
    assert engine.remaining() == 5


def test_back_at_the_first_exercise_without_get_ready_restarts_it(tmp_path):
    engine, clock, recorder = make_engine(steps(tmp_path, exercise("A", duration=10), exercise("B", duration=5)))
    run_until(engine, clock, 2)
    engine.back()
    assert engine.index == 0
    assert engine.remaining() == 10
    run_until(engine, clock, 17)
    assert engine.finished
    assert engine.session.exercises[0].start_offset == 0  # it began before the restart
    assert engine.session.exercises[0].active_seconds == 12  # the 2 s before the restart count too
    assert engine.session.active_seconds == 17


# -- done on manual steps --------------------------------------------------------------------------

def manual_routine(tmp_path):
    # 0 Walk [0,4)  1 Press-ups (manual) [4, done)  2 rest 5  3 Stretch 10
    return steps(tmp_path, exercise("Walk", duration=4), exercise("Press-ups", reps=10, rest=5),
                 exercise("Stretch", duration=10))


def test_a_manual_step_has_no_remaining_time_and_its_elapsed_counts_up(tmp_path):
    engine, clock, recorder = make_engine(manual_routine(tmp_path))
    run_until(engine, clock, 4.75)  # noticed late: it still began at 4
    assert engine.step.is_manual
    assert engine.remaining() is None
    assert engine.elapsed_in_step() == 0.75
    run_until(engine, clock, 7.25)
    assert engine.elapsed_in_step() == 3.25
    run_until(engine, clock, 1000)
    assert engine.index == 1  # waits for the person
    assert engine.session_remaining() == 15  # manual steps count as zero


def test_done_ends_a_manual_step_and_records_the_time_taken(tmp_path):
    engine, clock, recorder = make_engine(manual_routine(tmp_path))
    run_until(engine, clock, 16.5)
    engine.done()

    assert engine.index == 2
    assert engine.remaining() == 5
    record = engine.records[1]
    assert (record.status, record.active_seconds, record.sets_completed) == (DONE, 12.5, 1)
    assert (record.planned_seconds, record.start_offset, record.end_offset) == (0, 4, 16.5)
    run_until(engine, clock, 31.5)
    assert engine.finished
    assert planned_starts(recorder) == [0, 4, 16.5, 21.5]
    assert engine.session.active_seconds == 31.5
    assert engine.session.planned_seconds == 19


def test_done_on_a_timed_step_does_nothing(tmp_path):
    engine, clock, recorder = make_engine(manual_routine(tmp_path))
    run_until(engine, clock, 1)
    engine.done()
    assert engine.index == 0 and engine.remaining() == 3
    run_until(engine, clock, 10)
    engine.done()  # ends the manual step
    engine.done()  # the rest after it is timed: nothing
    assert engine.index == 2 and engine.remaining() == 5


def test_done_while_paused_ends_the_manual_step_without_the_pause(tmp_path):
    engine, clock, recorder = make_engine(manual_routine(tmp_path))
    run_until(engine, clock, 10)
    engine.pause()
    clock.at(20)
    engine.done()
    assert engine.state is EngineState.RUNNING
    assert engine.index == 2
    assert engine.records[1].active_seconds == 6
    assert rel(recorder.of(E.STEP_STARTED)[-1].planned) == 20


# -- pyramids and sides -------------------------------------------------------------------------

def pyramid_routine(tmp_path):
    return steps(tmp_path, exercise("Bird dog", sets=3, reps=[3, 2, 1], hold=2, sides=True,
                                    rest_between_reps=1, switch_sides=2, rest_between_sets=3))


def test_a_pyramid_with_sides_plays_every_set_side_and_rep_in_order(tmp_path):
    engine, clock, recorder = make_engine(pyramid_routine(tmp_path))
    tick_until(engine, clock, 100)
    played = [(event.step.kind, event.step.set_number, event.step.side, event.step.rep_number)
              for event in recorder.of(E.STEP_STARTED)]
    assert played == [
        (W, 1, L, 1), (RBR, 1, L, 2), (W, 1, L, 2), (RBR, 1, L, 3), (W, 1, L, 3),
        (SW, 1, R, None), (W, 1, R, 1), (RBR, 1, R, 2), (W, 1, R, 2), (RBR, 1, R, 3), (W, 1, R, 3),
        (RBS, 2, None, None), (W, 2, L, 1), (RBR, 2, L, 2), (W, 2, L, 2),
        (SW, 2, R, None), (W, 2, R, 1), (RBR, 2, R, 2), (W, 2, R, 2),
        (RBS, 3, None, None), (W, 3, L, 1),
        (SW, 3, R, None), (W, 3, R, 1),
    ]


def test_a_pyramid_with_sides_completes_3_sets(tmp_path):
    engine, clock, recorder = make_engine(pyramid_routine(tmp_path))
    tick_until(engine, clock, 42)
    assert engine.finished
    (record,) = engine.session.exercises
    assert (record.status, record.sets_completed, record.set_count) == (DONE, 3, 3)
    assert record.planned_seconds == 42
    assert record.active_seconds == 42


def test_a_set_counts_once_both_sides_are_done(tmp_path):
    # set 1 is 18 s: 3 reps x 2 s x 2 sides, 2 x 1 s between reps per side, 2 s to switch
    engine, clock, recorder = make_engine(pyramid_routine(tmp_path))
    run_until(engine, clock, 17.5)  # right side, last rep of set 1
    engine.stop()
    assert engine.session.exercises[0].sets_completed == 0

    engine, clock, recorder = make_engine(pyramid_routine(tmp_path))
    run_until(engine, clock, 18.5)  # resting between sets 1 and 2
    engine.stop()
    record = engine.session.exercises[0]
    assert (record.status, record.sets_completed, record.active_seconds) == (PARTIAL, 1, 18.5)


def test_rep_number_of_a_hold_step_is_the_steps_own(tmp_path):
    engine, clock, recorder = make_engine(pyramid_routine(tmp_path))
    seen = []
    for t in (0.5, 3.5, 6.5):
        run_until(engine, clock, t)
        seen.append((engine.step.kind, engine.rep_number()))
    assert seen == [(W, 1), (W, 2), (W, 3)]


# -- hurt, then continue / stop ----------------------------------------------------------------

def hurt_routine(tmp_path):
    # 0 A [0,10)  1 rest [10,15)  2 B [15,25)  3 rest [25,30)  4 C [30,40)
    return steps(tmp_path, exercise("A", duration=10, rest=5), exercise("B", duration=10, rest=5),
                 exercise("C", duration=10))


def test_hurt_flags_the_exercise_pain_and_freezes_time(tmp_path):
    engine, clock, recorder = make_engine(hurt_routine(tmp_path))
    run_until(engine, clock, 18.5)

    engine.hurt()

    assert engine.state is EngineState.HURT
    record = engine.records[1]
    assert (record.status, record.active_seconds, record.start_offset, record.end_offset) == (PAIN, 3.5, 15, 18.5)
    mark = len(recorder)
    run_until(engine, clock, 48.5)
    assert len(recorder) == mark
    assert engine.remaining() == 6.5
    assert engine.elapsed_in_step() == 3.5
    assert engine.session_elapsed() == 18.5
    assert engine.next_wakeup() is None


def test_continue_after_hurt_goes_to_the_next_exercise_and_the_session_completes(tmp_path):
    engine, clock, recorder = make_engine(hurt_routine(tmp_path))
    run_until(engine, clock, 18.5)
    engine.hurt()
    clock.at(48.5)

    engine.continue_after_hurt()

    assert engine.index == 4
    assert rel(recorder.of(E.STEP_STARTED)[-1].planned) == 48.5
    run_until(engine, clock, 58.5)
    assert engine.finished
    assert engine.session.status is SessionStatus.COMPLETED
    assert statuses(engine) == [DONE, PAIN, DONE]
    assert started_indices(recorder) == [0, 1, 2, 4]  # the rest after the hurt exercise is not played
    c = engine.session.exercises[2]
    assert (c.start_offset, c.end_offset, c.active_seconds) == (48.5, 58.5, 10)
    assert engine.session.active_seconds == 28.5
    assert engine.session.paused_seconds == 30


def test_hurt_then_stop_ends_the_session_pain_stopped(tmp_path):
    engine, clock, recorder = make_engine(hurt_routine(tmp_path))
    run_until(engine, clock, 18.5)
    engine.hurt()
    clock.at(28.5)

    engine.stop()

    session = engine.session
    assert engine.finished
    assert session.status is SessionStatus.PAIN_STOPPED
    assert statuses(engine) == [DONE, PAIN, SKIPPED]
    assert session.exercises[2].start_offset is None
    assert session.exercises[2].active_seconds == 0
    assert session.active_seconds == 18.5
    assert session.paused_seconds == 10
    assert session.ended == EPOCH + timedelta(seconds=T0 + 28.5)
    assert len(recorder.of(E.SESSION_FINISHED)) == 1


def test_hurt_while_paused_leaves_the_pause_out_of_active(tmp_path):
    engine, clock, recorder = make_engine(hurt_routine(tmp_path))
    run_until(engine, clock, 3)
    engine.pause()
    clock.at(7)
    engine.hurt()
    assert engine.records[0].active_seconds == 3
    engine.stop()
    assert engine.session.paused_seconds == 4
    assert engine.session.active_seconds == 3


def test_commands_other_than_continue_and_stop_do_nothing_while_hurt(tmp_path):
    engine, clock, recorder = make_engine(hurt_routine(tmp_path))
    run_until(engine, clock, 18.5)
    engine.hurt()
    mark = len(recorder)
    for command in (engine.toggle_pause, engine.skip, engine.back, engine.extend, engine.done, engine.hurt):
        command()
    assert engine.state is EngineState.HURT
    assert engine.index == 2
    assert len(recorder) == mark


# -- stop -------------------------------------------------------------------------------------

def stop_routine(tmp_path):
    # 0 get ready [0,5)  1 A [5,15)  2 B set 1 [15,20)  3 between sets [20,22)  4 B set 2 [22,27)
    # 5 C [27,37)  6 D [37,40)
    return steps(tmp_path, exercise("A", duration=10), exercise("B", sets=2, duration=5, rest_between_sets=2),
                 exercise("C", duration=10), exercise("D", duration=3), get_ready=5)


def test_stop_records_the_current_exercise_partial_and_the_unreached_ones_skipped(tmp_path):
    engine, clock, recorder = make_engine(stop_routine(tmp_path))
    run_until(engine, clock, 23)

    engine.stop()

    session = engine.session
    assert session.status is SessionStatus.STOPPED
    assert [(r.position, r.name) for r in session.exercises] == [(0, "A"), (1, "B"), (2, "C"), (3, "D")]
    assert statuses(engine) == [DONE, PARTIAL, SKIPPED, SKIPPED]
    b = session.exercises[1]
    assert (b.active_seconds, b.sets_completed, b.set_count, b.start_offset, b.end_offset) == (8, 1, 2, 15, 23)
    assert [(r.start_offset, r.active_seconds, r.sets_completed) for r in session.exercises[2:]] == [(None, 0, 0)] * 2
    assert (session.planned_seconds, session.active_seconds, session.paused_seconds) == (40, 23, 0)
    assert engine.session_remaining() == 0
    assert len(recorder.of(E.EXERCISE_ENDED)) == 4


def test_stop_with_less_than_1_s_of_work_records_the_exercise_skipped(tmp_path):
    engine, clock, recorder = make_engine(stop_routine(tmp_path))
    run_until(engine, clock, 27.75)
    engine.stop()
    assert statuses(engine) == [DONE, DONE, SKIPPED, SKIPPED]
    assert engine.session.exercises[2].active_seconds == 0.75


def test_stop_with_exactly_1_s_of_work_records_the_exercise_partial(tmp_path):
    engine, clock, recorder = make_engine(stop_routine(tmp_path))
    run_until(engine, clock, 28)
    engine.stop()
    assert statuses(engine) == [DONE, DONE, PARTIAL, SKIPPED]


def test_stop_counts_only_work_towards_partial(tmp_path):
    # 0 A [0,1)  1 rest [1,5)  2 B [5,10): stopping in the rest leaves A done, and B never began
    timeline = steps(tmp_path, exercise("A", duration=1, rest=4), exercise("B", duration=5))
    engine, clock, recorder = make_engine(timeline)
    run_until(engine, clock, 3)  # resting after A, which is done
    engine.stop()
    assert statuses(engine) == [DONE, SKIPPED]


def test_stop_while_paused_counts_the_pause(tmp_path):
    engine, clock, recorder = make_engine(stop_routine(tmp_path))
    run_until(engine, clock, 23)
    engine.pause()
    clock.at(33)
    engine.stop()
    session = engine.session
    assert (session.active_seconds, session.paused_seconds) == (23, 10)
    assert session.exercises[1].active_seconds == 8
    assert session.exercises[1].end_offset == 33


def test_stop_during_get_ready_skips_everything(tmp_path):
    engine, clock, recorder = make_engine(stop_routine(tmp_path))
    run_until(engine, clock, 2)
    engine.stop()
    assert statuses(engine) == [SKIPPED] * 4
    assert all(record.start_offset is None for record in engine.session.exercises)


# -- late ticks do not shift the schedule ------------------------------------------------------

def late_routine(tmp_path):
    # 0 GR [0,2)  1 W [2,5)  2 RBR [5,7)  3 W [7,10)  4 RBR [10,12)  5 W [12,15)  6 rest [15,19)  7 B [19,24)
    return steps(tmp_path, exercise("A", reps=3, hold=3, rest_between_reps=2, rest=4),
                 exercise("B", duration=5), get_ready=2, countdown=2)


def test_an_update_0_75_s_late_at_every_step_does_not_shift_later_deadlines(tmp_path):
    timeline = late_routine(tmp_path)
    engine, clock, recorder = make_engine(timeline)
    ends = [start + step.planned_seconds for start, step in zip(schedule(timeline), timeline)]
    for end in ends:
        run_until(engine, clock, end + 0.75)

    assert planned_starts(recorder) == schedule(timeline) == [0, 2, 5, 7, 10, 12, 15, 19]
    assert {event.lateness for event in recorder.of(E.STEP_STARTED)[1:]} == {0.75}
    assert [rel(event.actual) for event in recorder.of(E.STEP_STARTED)][1:] == [end + 0.75 for end in ends[:-1]]
    finished = recorder.of(E.SESSION_FINISHED)[0]
    assert (rel(finished.planned), rel(finished.actual)) == (24, 24.75)
    assert engine.session.active_seconds == 24 == total_planned_seconds(timeline)
    assert [(r.start_offset, r.end_offset) for r in engine.session.exercises] == [(2, 15), (19, 24)]


def test_an_update_three_steps_late_ends_each_step_at_its_planned_time(tmp_path):
    engine, clock, recorder = make_engine(late_routine(tmp_path))
    run_until(engine, clock, 0.5)
    run_until(engine, clock, 10.5)  # past the ends of steps 0, 1, 2 and 3

    assert engine.index == 4
    assert engine.remaining() == 1.5
    assert engine.elapsed_in_step() == 0.5
    late = recorder.of(E.STEP_STARTED)[1:]
    assert [(rel(event.planned), rel(event.actual)) for event in late] == [(2, 10.5), (5, 10.5), (7, 10.5), (10, 10.5)]
    ended = recorder.of(E.STEP_ENDED)
    assert [rel(event.planned) for event in ended] == [2, 5, 7, 10]
    run_until(engine, clock, 24)
    assert engine.finished
    assert engine.session.active_seconds == 24


def test_the_countdowns_of_steps_passed_over_fire_late_at_their_planned_times(tmp_path):
    engine, clock, recorder = make_engine(late_routine(tmp_path))
    run_until(engine, clock, 10.5)
    assert countdowns(recorder) == [(1, 1), (2, 3), (1, 4), (1, 6), (2, 8), (1, 9)]
    assert {rel(event.actual) for event in recorder.of(E.COUNTDOWN)} == {10.5}


def test_an_update_after_the_whole_session_finishes_it_at_the_planned_end(tmp_path):
    timeline = late_routine(tmp_path)
    engine, clock, recorder = make_engine(timeline)
    run_until(engine, clock, 100)
    assert engine.finished
    assert planned_starts(recorder) == schedule(timeline)
    assert statuses(engine) == [DONE, DONE]
    finished = recorder.of(E.SESSION_FINISHED)[0]
    assert (rel(finished.planned), rel(finished.actual)) == (24, 100)
    assert engine.session.active_seconds == 24


def test_a_500_step_session_with_jittery_updates_ends_with_zero_drift(tmp_path):
    timeline = steps(tmp_path, exercise("Pulses", reps=250, hold=1.5, rest_between_reps=0.25),
                     get_ready=1, countdown=1)
    assert len(timeline) == 500
    total = total_planned_seconds(timeline)
    assert total == 438.25
    engine, clock, recorder = make_engine(timeline)
    jitter = random.Random(20240101)
    while not engine.finished:
        clock.advance(jitter.uniform(0.01, 0.9) if jitter.random() < 0.95 else jitter.uniform(1, 4))
        engine.update()

    assert planned_starts(recorder) == schedule(timeline)
    finished = recorder.of(E.SESSION_FINISHED)[0]
    assert finished.planned == T0 + total
    assert engine.session.active_seconds == total
    assert engine.session.exercises[0].active_seconds == total - 1
    assert engine.session.exercises[0].end_offset == total


# -- tempo steps, countdown, halfway, at: cues ---------------------------------------------

def tempo_routine(tmp_path):
    # 0 Dead bug: 6 reps x 4 s tempo = one 24 s step [0,24)   1 rest [24,44)
    # 2 Bridge hold 10 [44,54)   3 Bridge hold 10 [54,64)
    return steps(
        tmp_path,
        exercise("Dead bug", reps=6, tempo=4, rest=20,
                 at=[{"after": 5, "cue": "Breathe"}, {"half": True, "cue": "Slow"}]),
        exercise("Bridge", reps=2, hold=10),
        countdown=3,
    )


def test_the_rep_of_a_tempo_step_comes_from_the_time_elapsed(tmp_path):
    engine, clock, recorder = make_engine(tempo_routine(tmp_path))
    seen = []
    for t in (0, 3.75, 4, 12.5, 20, 23.75):
        run_until(engine, clock, t)
        seen.append(engine.rep_number())
    assert seen == [1, 1, 2, 4, 6, 6]


def test_the_rep_of_a_tempo_step_holds_still_while_paused(tmp_path):
    engine, clock, recorder = make_engine(tempo_routine(tmp_path))
    run_until(engine, clock, 7.5)
    engine.pause()
    run_until(engine, clock, 17.5)
    assert engine.rep_number() == 2
    engine.resume()
    run_until(engine, clock, 18.5)
    assert engine.rep_number() == 3


def test_a_tempo_step_fires_its_cues_halfway_and_countdown_at_their_offsets(tmp_path):
    engine, clock, recorder = make_engine(tempo_routine(tmp_path))
    tick_until(engine, clock, 24)
    in_step = [(event.kind, rel(event.planned), event.second, event.text)
               for event in recorder if event.step_index == 0 and event.kind in
               (E.TIMED_CUE, E.HALFWAY, E.COUNTDOWN)]
    assert in_step == [
        (E.TIMED_CUE, 5, None, "Breathe"),
        (E.HALFWAY, 12, None, None),
        (E.TIMED_CUE, 12, None, "Slow"),
        (E.COUNTDOWN, 21, 3, None),
        (E.COUNTDOWN, 22, 2, None),
        (E.COUNTDOWN, 23, 1, None),
    ]


def test_timed_cue_holds_the_latest_cue_for_five_seconds_then_lets_it_go(tmp_path):
    engine, clock, recorder = make_engine(tempo_routine(tmp_path))
    seen = []
    for t in (4.75, 5, 9.75, 10, 11.75, 12, 16.75, 17, 23.75, 24):
        run_until(engine, clock, t)
        seen.append(engine.timed_cue)
    assert seen == [None, "Breathe", "Breathe", None, None, "Slow", "Slow", None, None, None]


def test_a_pause_holds_the_timed_cue_on_screen_for_its_whole_five_seconds(tmp_path):
    engine, clock, recorder = make_engine(tempo_routine(tmp_path))
    run_until(engine, clock, 7)  # "Breathe" fired at 5
    engine.pause()
    clock.advance(25)  # under LONG_PAUSE: no get-ready, straight on
    engine.resume()
    run_until(engine, clock, 34.75)
    assert engine.timed_cue == "Breathe"
    run_until(engine, clock, 35)
    assert engine.timed_cue is None


def test_halfway_fires_only_for_work_steps_of_20_s_or_more(tmp_path):
    engine, clock, recorder = make_engine(tempo_routine(tmp_path))
    run_until(engine, clock, 64)
    assert engine.finished
    # the 24 s tempo step has one; the 20 s rest and the 10 s holds have none
    assert [(event.step_index, rel(event.planned)) for event in recorder.of(E.HALFWAY)] == [(0, 12)]


def test_halfway_fires_for_a_work_step_of_exactly_20_s_and_not_for_19_5_s(tmp_path):
    engine, clock, recorder = make_engine(steps(tmp_path, exercise("A", duration=20), exercise("B", duration=19.5)))
    run_until(engine, clock, 39.5)
    assert [(event.step_index, rel(event.planned)) for event in recorder.of(E.HALFWAY)] == [(0, 10)]


def test_countdown_fires_only_for_seconds_strictly_inside_the_step(tmp_path):
    timeline = steps(tmp_path, exercise("A", duration=3, rest=2.5), exercise("B", duration=10),
                     countdown=3)
    engine, clock, recorder = make_engine(timeline)
    run_until(engine, clock, 15.5)
    by_step = [(event.step_index, event.second, rel(event.planned)) for event in recorder.of(E.COUNTDOWN)]
    assert by_step == [
        (0, 2, 1), (0, 1, 2),  # a 3 s step: no 3 at its very start
        (1, 2, 3.5), (1, 1, 4.5),  # a 2.5 s rest
        (2, 3, 12.5), (2, 2, 13.5), (2, 1, 14.5),
    ]


def test_countdown_follows_the_exercises_setting(tmp_path):
    timeline = steps(tmp_path, exercise("A", duration=10, countdown=5), exercise("B", duration=10, countdown=0))
    engine, clock, recorder = make_engine(timeline)
    run_until(engine, clock, 20)
    assert countdowns(recorder) == [(5, 5), (4, 6), (3, 7), (2, 8), (1, 9)]


def test_at_cues_fire_in_every_rep_of_a_hold(tmp_path):
    timeline = steps(tmp_path, exercise("Hold", reps=2, hold=10, rest_between_reps=2,
                                        at=[{"after": 3, "cue": "Squeeze"}]))
    engine, clock, recorder = make_engine(timeline)
    run_until(engine, clock, 22)
    assert [(event.step_index, rel(event.planned)) for event in recorder.of(E.TIMED_CUE)] == [(0, 3), (2, 15)]


# -- next_wakeup ----------------------------------------------------------------------------------

def wakeup_routine(tmp_path):
    # 0 Hold [0,10): cue at 2.5, countdown at 7 8 9   1 Count (manual) [10, done)
    return steps(tmp_path, exercise("Hold", duration=10, at=[{"after": 2.5, "cue": "Breathe"}]),
                 exercise("Count", reps=5), countdown=3)


@pytest.mark.parametrize("t, wake", [
    (0, 1),  # remaining 10: the display shows 9 at 1
    (0.25, 1),  # remaining 9.75
    (1.75, 2),  # remaining 8.25: next whole second of the countdown
    (2.25, 2.5),  # the cue at 2.5 is sooner than 3
    (5.7, 6),  # remaining 4.3 -> deadline - 4
    (5.75, 6),
    (6, 7),  # remaining exactly 4: the next boundary, not now
    (9.5, 10),  # the last second: the step's end
])
def test_next_wakeup_is_the_next_whole_second_of_the_countdown_or_a_sooner_mark(tmp_path, t, wake):
    engine, clock, recorder = make_engine(wakeup_routine(tmp_path))
    run_until(engine, clock, t)
    assert engine.next_wakeup() == T0 + wake


@pytest.mark.parametrize("t, wake", [(10, 11), (12.25, 13), (13, 14), (15.5, 16)])
def test_next_wakeup_of_a_manual_step_is_the_next_whole_second_of_elapsed(tmp_path, t, wake):
    engine, clock, recorder = make_engine(wakeup_routine(tmp_path))
    run_until(engine, clock, t)
    assert engine.step.is_manual
    assert engine.next_wakeup() == T0 + wake


def test_next_wakeup_of_a_manual_step_counts_from_its_own_start(tmp_path):
    engine, clock, recorder = make_engine(wakeup_routine(tmp_path))
    run_until(engine, clock, 10.25)
    engine.pause()
    clock.at(10.75)
    engine.resume()  # the step now began at 10.5
    run_until(engine, clock, 12.25)
    assert engine.next_wakeup() == T0 + 12.5


def test_next_wakeup_is_none_unless_running(tmp_path):
    engine, clock, recorder = make_engine(wakeup_routine(tmp_path), start=False)
    assert engine.next_wakeup() is None
    engine.start()
    run_until(engine, clock, 1.5)
    engine.pause()
    assert engine.next_wakeup() is None
    engine.resume()
    engine.hurt()
    assert engine.next_wakeup() is None
    engine.stop()
    assert engine.next_wakeup() is None


# -- phases, session_finished, monotonic planned times ---------------------------------------

def phased_routine(tmp_path):
    # 0 GR [0,3)  1 A [3,8)  2 rest [8,10)  3 B [10,15)  4 rest [15,17)  5 C [17,22)  6 rest [22,24)  7 D [24,29)
    return steps(tmp_path, phases=[
        {"name": "Warm-up", "kind": "warmup", "exercises": [exercise("A", duration=5), exercise("B", duration=5)]},
        {"name": "Core", "kind": "main", "exercises": [exercise("C", duration=5)]},
        {"name": "Cool-down", "kind": "cooldown", "exercises": [exercise("D", duration=5)]},
    ], get_ready=3, rest=2, countdown=3)


def test_phase_started_is_emitted_once_per_phase_in_order(tmp_path):
    engine, clock, recorder = make_engine(phased_routine(tmp_path))
    tick_until(engine, clock, 29)
    phases = recorder.of(E.PHASE_STARTED)
    assert [(event.step.phase.name, rel(event.planned)) for event in phases] == [
        ("Warm-up", 0), ("Core", 17), ("Cool-down", 24)]
    for event in phases:  # announced just before the first step of the phase
        following = recorder[recorder.index(event) + 1]
        assert following.kind is E.STEP_STARTED and following.step_index == event.step_index


def test_session_finished_is_emitted_once_and_last(tmp_path):
    engine, clock, recorder = make_engine(phased_routine(tmp_path))
    tick_until(engine, clock, 40)
    assert recorder.kinds().count(E.SESSION_FINISHED) == 1
    assert recorder[-1].kind is E.SESSION_FINISHED
    assert recorder[-1].session is engine.session
    assert [event.record.name for event in recorder.of(E.EXERCISE_ENDED)] == ["A", "B", "C", "D"]
    assert engine.session.status is SessionStatus.COMPLETED
    assert [(r.phase, r.phase_kind) for r in engine.session.exercises] == [
        ("Warm-up", "warmup"), ("Warm-up", "warmup"), ("Core", "main"), ("Cool-down", "cooldown")]


def test_event_planned_times_never_go_backwards_in_a_plain_session(tmp_path):
    engine, clock, recorder = make_engine(phased_routine(tmp_path))
    tick_until(engine, clock, 29, tick=0.3)
    planned = [event.planned for event in recorder]
    assert planned == sorted(planned)
    assert all(event.actual >= event.planned for event in recorder)


def test_event_planned_times_never_go_backwards_in_a_busy_session(tmp_path):
    engine, clock, recorder = make_engine(phased_routine(tmp_path))
    run_until(engine, clock, 1)
    engine.skip()  # get ready -> A
    run_until(engine, clock, 4.75)  # late
    engine.pause()
    clock.at(9)
    engine.resume()
    run_until(engine, clock, 12.5)
    engine.extend()
    run_until(engine, clock, 20.25)
    engine.back()
    run_until(engine, clock, 40.5)
    engine.hurt()
    clock.at(45)
    engine.continue_after_hurt()
    run_until(engine, clock, 200)
    assert engine.finished
    planned = [event.planned for event in recorder]
    assert planned == sorted(planned)
    assert all(event.actual >= event.planned for event in recorder)
    assert recorder.kinds().count(E.SESSION_FINISHED) == 1


# -- session_elapsed and session_remaining ------------------------------------------------------

def two_exercises(tmp_path):
    # 0 A [0,10)  1 rest [10,15)  2 B [15,25)
    return steps(tmp_path, exercise("A", duration=10, rest=5), exercise("B", duration=10))


def test_session_elapsed_and_remaining_as_the_session_runs(tmp_path):
    engine, clock, recorder = make_engine(two_exercises(tmp_path))
    seen = []
    for t in (0, 3.25, 10, 12, 24.75):
        run_until(engine, clock, t)
        seen.append((t, engine.session_elapsed(), engine.session_remaining()))
    assert seen == [(0, 0, 25), (3.25, 3.25, 21.75), (10, 10, 15), (12, 12, 13), (24.75, 24.75, 0.25)]
    run_until(engine, clock, 30)
    assert (engine.session_elapsed(), engine.session_remaining()) == (25, 0)


def test_session_elapsed_and_remaining_leave_pauses_out(tmp_path):
    engine, clock, recorder = make_engine(two_exercises(tmp_path))
    run_until(engine, clock, 12)
    engine.pause()
    run_until(engine, clock, 20)
    assert (engine.session_elapsed(), engine.session_remaining()) == (12, 13)
    engine.resume()
    run_until(engine, clock, 25)
    assert (engine.session_elapsed(), engine.session_remaining()) == (17, 8)
    run_until(engine, clock, 33)
    assert engine.finished
    assert (engine.session_elapsed(), engine.session_remaining()) == (25, 0)


def test_session_elapsed_is_zero_before_start(tmp_path):
    engine, clock, recorder = make_engine(two_exercises(tmp_path), start=False)
    assert engine.session_elapsed() == 0


def test_session_remaining_before_start_is_the_whole_plan(tmp_path):
    engine, clock, recorder = make_engine(two_exercises(tmp_path), start=False)
    assert engine.session_remaining() == 25


def test_nothing_of_the_first_step_has_elapsed_before_start(tmp_path):
    engine, clock, recorder = make_engine(tempo_routine(tmp_path), start=False)
    assert engine.elapsed_in_step() == 0
    assert engine.rep_number() == 1


def test_the_session_planned_seconds_include_get_ready_and_rests_but_an_exercise_has_only_its_own(tmp_path):
    engine, clock, recorder = make_engine(all_kinds(tmp_path))
    assert engine.session.planned_seconds == 63
    engine.stop()
    assert [record.planned_seconds for record in engine.session.exercises] == [10, 11, 10, 0, 4]


def test_wall_clock_start_and_end_come_from_the_injected_wall(tmp_path):
    engine, clock, recorder = make_engine(two_exercises(tmp_path), clock=FakeClock(), start=False)
    clock.at(3)
    engine.start()
    run_until(engine, clock, 28)
    assert engine.session.started == EPOCH + timedelta(seconds=T0 + 3)
    assert engine.session.ended == EPOCH + timedelta(seconds=T0 + 28)
    assert engine.session.active_seconds == 25


# -- random command sequences ------------------------------------------------------------------

FROZEN = (EngineState.PAUSED, EngineState.HURT)


def test_random_command_sequences_keep_the_books_straight(tmp_path):
    """Commands at random (quarter-second) times: pauses, records and events stay consistent.

    The test keeps its own count of frozen time (paused or hurt) from the moments it pressed
    the keys, and checks the engine's elapsed, paused and active seconds against it.
    """
    timeline = all_kinds(tmp_path, countdown=2)
    rng = random.Random(1234)
    commands = ["wait"] * 6 + ["late", "toggle_pause", "skip", "back", "extend", "done", "hurt",
                                "continue_after_hurt", "stop"]
    for trial in range(300):
        engine, clock, recorder = make_engine(timeline)
        frozen = 0.0
        frozen_since = None
        expected_status = SessionStatus.COMPLETED

        def press(command: str) -> None:
            nonlocal frozen, frozen_since, expected_status
            before = engine.state
            if command == "wait":
                clock.advance(rng.randint(1, 32) / 4)
                engine.update()
            elif command == "late":
                clock.advance(rng.randint(40, 120) / 4)
                engine.update()
            else:
                if command == "stop" and before is not EngineState.FINISHED:
                    expected_status = SessionStatus.PAIN_STOPPED if before is EngineState.HURT else SessionStatus.STOPPED
                getattr(engine, command)()
            after = engine.state
            if before not in FROZEN and after in FROZEN:
                frozen_since = clock.t
            elif before in FROZEN and after not in FROZEN:
                frozen += clock.t - frozen_since
                frozen_since = None
            if after is EngineState.RUNNING:
                assert engine.session_elapsed() == clock.t - frozen, (trial, command)
            elif after in FROZEN:
                assert engine.session_elapsed() == frozen_since - frozen, (trial, command)

        for _ in range(rng.randint(1, 30)):
            if engine.finished:
                break
            press(rng.choice(commands if rng.random() < 0.97 else ["stop"]))
        while not engine.finished:
            if engine.state is EngineState.HURT:
                press("continue_after_hurt")
            elif engine.state is EngineState.PAUSED:
                press("toggle_pause")
            elif engine.step.is_manual:
                press("done")
            else:
                press("wait")

        session = engine.session
        finished = recorder.of(E.SESSION_FINISHED)
        assert len(finished) == 1 and recorder[-1] is finished[0], trial
        assert session.status is expected_status, trial
        assert session.paused_seconds == frozen, trial
        assert session.active_seconds == rel(finished[0].planned) - frozen, trial
        planned = [event.planned for event in recorder]
        assert planned == sorted(planned), trial
        actual = [event.actual for event in recorder]
        assert actual == sorted(actual), trial
        assert all(event.actual >= event.planned for event in recorder), trial
        assert [record.position for record in session.exercises] == [0, 1, 2, 3, 4], trial
        last_ended = {event.record.position: event.record for event in recorder.of(E.EXERCISE_ENDED)}
        assert [last_ended[position] for position in range(5)] == session.exercises, trial
        for record in session.exercises:
            if record.start_offset is None:
                assert record.active_seconds == 0, (trial, record)
            else:
                assert 0 <= record.start_offset <= record.end_offset, (trial, record)
                assert record.active_seconds <= record.end_offset - record.start_offset, (trial, record)
            if record.status is DONE:
                assert record.sets_completed == record.set_count, (trial, record)
                assert record.active_seconds >= record.planned_seconds, (trial, record)


def test_hurt_while_resting_flags_the_exercise_before_and_keeps_its_timing(tmp_path):
    engine, clock, recorder = make_engine(two_exercises(tmp_path))
    run_until(engine, clock, 12)
    engine.hurt()
    record = engine.records[0]
    assert (record.status, record.active_seconds, record.end_offset) == (ExerciseStatus.PAIN, 10, 10)


def test_while_hurt_the_remaining_time_counts_only_the_exercises_after(tmp_path):
    engine, clock, recorder = make_engine(two_exercises(tmp_path))
    run_until(engine, clock, 4)
    engine.hurt()
    assert engine.session_remaining() == 10


def test_each_command_and_update_ends_with_one_update_done_after_its_other_events(tmp_path):
    engine, clock, events = make_engine(steps(tmp_path, exercise("Plank", duration=10)), start=False)
    seen = []
    engine.subscribe(lambda event: seen.append(event.kind))
    engine.start()
    assert seen[-1] is EventKind.UPDATE_DONE and seen.count(EventKind.UPDATE_DONE) == 1
    for command in (engine.pause, engine.resume, engine.skip):  # skip calls update and resume inside
        seen.clear()
        command()
        assert seen.count(EventKind.UPDATE_DONE) == 1 and seen[-1] is EventKind.UPDATE_DONE
    assert events.settled == 4


def test_a_restart_keeps_the_time_already_held_and_a_skip_after_it_is_partial_not_skipped(tmp_path):
    # The new user's Bird dog: held about 12 s, restarted with b, then skipped within a second.
    engine, clock, recorder = make_engine(steps(tmp_path, exercise("Bird dog", duration=30), exercise("B", duration=5),
                                                get_ready=0))
    run_until(engine, clock, 12)
    engine.back()
    run_until(engine, clock, 12.66)
    engine.skip()
    record = engine.records[0]
    assert (record.status, record.active_seconds) == (ExerciseStatus.PARTIAL, 12.66)


def test_skip_step_in_a_rest_between_sets_goes_to_the_next_set_not_the_next_exercise(tmp_path):
    # The water-walk case: one n in the first rest must not drop sets 2 to 6.
    engine, clock, recorder = make_engine(steps(
        tmp_path, exercise("Water walk", sets=6, duration=120, rest_between_sets=30), exercise("B", duration=5),
        get_ready=0))
    run_until(engine, clock, 125)  # the rest after set 1
    assert engine.step.kind is StepKind.REST_BETWEEN_SETS
    engine.skip_step()
    assert (engine.step.kind, engine.step.set_number, engine.step.exercise.name) == (StepKind.WORK, 2, "Water walk")


def test_skipping_the_last_rep_with_skip_step_records_the_exercise_partial_with_the_sets_truly_done(tmp_path):
    engine, clock, recorder = make_engine(steps(tmp_path, exercise("Hold", sets=2, duration=10), exercise("B", duration=5),
                                                get_ready=0, rest_between_sets=0, rest=0))
    run_until(engine, clock, 12)  # set 1 done, set 2 2 s in
    engine.skip_step()
    record = engine.records[0]
    assert (record.status, record.sets_completed, record.active_seconds) == (ExerciseStatus.PARTIAL, 1, 12)
    assert engine.step.exercise.name == "B"


def test_skip_step_in_the_get_ready_starts_the_first_exercise(tmp_path):
    engine, clock, recorder = make_engine(steps(tmp_path, exercise("A", duration=10), get_ready=5))
    assert engine.step.kind is StepKind.GET_READY
    engine.skip_step()
    assert (engine.step.kind, engine.remaining()) == (StepKind.WORK, 10)


def test_it_hurts_on_the_left_then_try_the_other_side_keeps_the_exercise_painful(tmp_path):
    engine, clock, recorder = make_engine(steps(
        tmp_path, exercise("Side plank", duration=10, sides=True), exercise("B", duration=5),
        get_ready=0, switch_sides=3, rest=0))
    run_until(engine, clock, 4)  # left side, 4 s in
    engine.hurt()
    other = engine.other_side_step()
    assert engine.steps[other].side is Side.RIGHT
    engine.try_other_side()
    assert (engine.state, engine.step.side, engine.remaining()) == (EngineState.RUNNING, Side.RIGHT, 10)
    run_until(engine, clock, 14)  # the right side held in full
    record = engine.records[0]
    assert (record.status, record.active_seconds) == (ExerciseStatus.PAIN, 14)
    assert engine.step.exercise.name == "B"


def test_there_is_no_other_side_to_try_on_the_second_side_or_without_sides(tmp_path):
    engine, clock, recorder = make_engine(steps(
        tmp_path, exercise("Side plank", duration=10, sides=True), exercise("B", duration=5),
        get_ready=0, switch_sides=3, rest=0))
    run_until(engine, clock, 15)  # the right side
    engine.hurt()
    assert engine.other_side_step() is None
    engine.try_other_side()  # nothing to try: stays hurt
    assert engine.state is EngineState.HURT


def test_a_set_with_a_skipped_rep_is_not_counted_even_when_a_later_set_runs_in_full(tmp_path):
    engine, clock, recorder = make_engine(steps(tmp_path, exercise("Hold", hold=10, reps=3, sets=2),
                                                exercise("Next", duration=10)))
    run_until(engine, clock, 5)  # set 1, rep 1
    engine.skip_step()
    run_until(engine, clock, 200)
    record = engine.session.exercises[0]
    assert (record.status, record.sets_completed) == (ExerciseStatus.PARTIAL, 1)


def test_back_keeps_the_sets_of_the_earlier_attempt_and_its_work_decides_the_status(tmp_path):
    timeline = steps(tmp_path, exercise("A", duration=10, sets=2), exercise("B", duration=10), exercise("C", duration=10),
                     rest=5, rest_between_sets=0, get_ready=0)
    engine, clock, recorder = make_engine(timeline)
    run_until(engine, clock, 22)  # the rest after A, both sets done
    engine.back()
    run_until(engine, clock, 23)
    engine.skip()
    record = engine.records[0]
    assert (record.sets_completed, record.active_seconds) == (2, 21)

    engine, clock, recorder = make_engine(timeline)
    run_until(engine, clock, 27.5)  # 2.5 s into B
    engine.back()
    run_until(engine, clock, 30)
    engine.stop()
    b = engine.session.exercises[1]
    assert (b.status, b.active_seconds) == (ExerciseStatus.PARTIAL, 2.5)
