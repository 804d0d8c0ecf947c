"""A get-ready before work that follows a jump or a long pause: after `N` or `n` into a new exercise,
after "it hurts" then continue or the other side, and after resuming from a pause of more than 30 s."""

from __future__ import annotations

from coach.routine.expand import StepKind
from coach.session.engine import LONG_PAUSE, EngineState
from coach.session.events import EventKind as E
from coach.session.records import ExerciseStatus
from tests.helpers import exercise, make_engine, steps
from tests.helpers.engine import run_until

DONE, PARTIAL, SKIPPED, PAIN = ExerciseStatus.DONE, ExerciseStatus.PARTIAL, ExerciseStatus.SKIPPED, ExerciseStatus.PAIN


def two_holds(tmp_path, **defaults):
    """A: 10 s, rest 5 s, B: 10 s; a 4 s get-ready (only at the start, in the plan)."""
    return steps(tmp_path, exercise("A", duration=10), exercise("B", duration=10),
                 **{"get_ready": 4, "rest": 5, **defaults})


def test_N_into_the_next_exercise_gets_ready_first_then_works_the_full_time(tmp_path):
    engine, clock, recorder = make_engine(two_holds(tmp_path))
    run_until(engine, clock, 6)  # A, 2 s in
    engine.skip()
    step = engine.step
    assert (step.kind, step.exercise.name, step.planned_seconds) == (StepKind.GET_READY, "B", 4)
    assert engine.in_lead_in and engine.index == 3  # before B's work, in the plan's order
    assert engine.upcoming_step().exercise.name == "B"
    run_until(engine, clock, 9.9)
    assert engine.step.kind is StepKind.GET_READY
    run_until(engine, clock, 10)
    assert (engine.step.kind, engine.remaining()) == (StepKind.WORK, 10)
    run_until(engine, clock, 20)
    assert engine.finished
    a, b = engine.session.exercises
    assert (a.status, a.active_seconds) == (PARTIAL, 2)
    assert (b.status, b.active_seconds, b.start_offset) == (DONE, 10, 10)  # its get-ready is not its work


def test_n_in_the_rest_before_an_exercise_gets_ready_first(tmp_path):
    engine, clock, recorder = make_engine(two_holds(tmp_path))
    run_until(engine, clock, 15)  # the rest after A
    engine.skip_step()
    assert engine.step.kind is StepKind.GET_READY and engine.step.exercise.name == "B"
    run_until(engine, clock, 19)
    assert engine.step.is_work and engine.step.exercise.name == "B"


def test_n_within_an_exercise_needs_no_get_ready(tmp_path):
    engine, clock, recorder = make_engine(steps(tmp_path, exercise("A", hold=5, reps=2), rest_between_reps=3))
    run_until(engine, clock, 2)
    engine.skip_step()  # rep 1 ends: the rest between reps
    engine.skip_step()  # rep 2, at once
    assert engine.step.is_work and engine.step.rep_number == 2 and not engine.in_lead_in


def test_n_in_the_get_ready_starts_the_work_and_N_skips_the_exercise(tmp_path):
    engine, clock, recorder = make_engine(two_holds(tmp_path))
    run_until(engine, clock, 6)
    engine.skip()  # into B's get-ready
    engine.skip_step()
    assert engine.step.is_work and engine.remaining() == 10
    engine2, clock2, _ = make_engine(two_holds(tmp_path))
    run_until(engine2, clock2, 6)
    engine2.skip()
    run_until(engine2, clock2, 7)
    engine2.skip()  # N in B's get-ready: B is skipped, and the session is over
    assert engine2.finished
    assert [record.status for record in engine2.session.exercises] == [PARTIAL, SKIPPED]


def test_hurt_then_continue_gets_ready_for_the_next_exercise(tmp_path):
    engine, clock, recorder = make_engine(two_holds(tmp_path))
    run_until(engine, clock, 6)
    engine.hurt()
    clock.advance(20)
    engine.continue_after_hurt()
    assert engine.step.kind is StepKind.GET_READY and engine.step.exercise.name == "B"
    assert engine.remaining() == 4


def test_hurt_on_one_side_then_the_other_side_gets_ready_for_it(tmp_path):
    engine, clock, recorder = make_engine(steps(tmp_path, exercise("A", duration=10, sides=True), get_ready=3,
                                                switch_sides=2))
    run_until(engine, clock, 5)  # left side, 2 s in
    engine.hurt()
    engine.try_other_side()
    lead_in = engine.step
    assert (lead_in.kind, lead_in.side.value, lead_in.planned_seconds) == (StepKind.GET_READY, "right", 3)
    run_until(engine, clock, 8)
    assert engine.step.is_work and engine.step.side.value == "right"
    run_until(engine, clock, 18)
    assert engine.finished and engine.session.exercises[0].status is PAIN


def test_a_long_pause_in_work_gets_ready_then_goes_on_with_what_was_left(tmp_path):
    engine, clock, recorder = make_engine(two_holds(tmp_path, countdown=3))
    run_until(engine, clock, 12.5)  # A, 8.5 s of 10 done: the ticks at 3 and 2 s left have sounded
    engine.pause()
    clock.advance(LONG_PAUSE + 1)
    engine.resume()
    assert engine.state is EngineState.RUNNING
    assert engine.step.kind is StepKind.GET_READY and engine.step.exercise.name == "A"
    assert engine.done_in_plan_step() == 8.5
    resumed_at = clock.t + 4
    mark = len(recorder)
    run_until(engine, clock, resumed_at)
    assert engine.step.is_work and engine.remaining() == 1.5 and engine.elapsed_in_step() == 8.5
    run_until(engine, clock, resumed_at + 1.5)
    # The get-ready counts down as any does; then only the work's tick still ahead sounds, none again
    # for the seconds done before the pause.
    ticks = [(event.step.kind, event.second) for event in recorder.since(mark).of(E.COUNTDOWN)]
    assert ticks == [(StepKind.GET_READY, 3), (StepKind.GET_READY, 2), (StepKind.GET_READY, 1), (StepKind.WORK, 1)]
    engine.stop()
    a = engine.session.exercises[0]
    assert (a.status, a.active_seconds) == (DONE, 10)  # the get-ready is not counted as work


def test_a_short_pause_goes_straight_on(tmp_path):
    engine, clock, recorder = make_engine(two_holds(tmp_path))
    run_until(engine, clock, 8)
    engine.pause()
    clock.advance(LONG_PAUSE)
    engine.resume()
    assert engine.step.is_work and engine.remaining() == 6 and not engine.in_lead_in


def test_a_long_pause_in_a_rest_needs_no_get_ready(tmp_path):
    engine, clock, recorder = make_engine(two_holds(tmp_path))
    run_until(engine, clock, 16)  # the rest
    engine.pause()
    clock.advance(LONG_PAUSE + 30)
    engine.resume()
    assert engine.step.kind is StepKind.REST


def test_a_routine_without_get_ready_gets_none_after_jumps(tmp_path):
    engine, clock, recorder = make_engine(two_holds(tmp_path, get_ready=0))
    run_until(engine, clock, 2)
    engine.skip()
    assert engine.step.is_work and engine.step.exercise.name == "B"
    engine.pause()
    clock.advance(LONG_PAUSE + 5)
    engine.resume()
    assert engine.step.is_work


def test_a_lead_in_is_not_in_the_plan_and_progress_never_runs_ahead_of_it(tmp_path):
    engine, clock, recorder = make_engine(two_holds(tmp_path))
    planned = engine.session.planned_seconds
    run_until(engine, clock, 6)
    engine.skip()
    assert engine.session_remaining() == 4 + 10  # the lead-in's seconds, then B
    run_until(engine, clock, 9)
    assert engine.done_in_plan_step() == 0
    assert engine.session.planned_seconds == planned


# -- a get-ready after a long pause, and what may happen during it ----------------------------

def paused_long_at(tmp_path, t: float, **defaults):
    engine, clock, recorder = make_engine(two_holds(tmp_path, **defaults))
    run_until(engine, clock, t)
    engine.pause()
    clock.advance(LONG_PAUSE + 1)
    engine.resume()
    return engine, clock, recorder


def test_N_during_the_get_ready_after_a_pause_starts_the_next_exercise_from_its_start(tmp_path):
    engine, clock, _ = paused_long_at(tmp_path, 12)  # A, 8 s of 10 done
    engine.skip()
    assert engine.step.kind is StepKind.GET_READY and engine.step.exercise.name == "B"
    clock.advance(4)
    engine.update()
    assert engine.step.exercise.name == "B" and engine.remaining() == 10 and engine.elapsed_in_step() == 0


def test_it_hurts_then_continue_during_the_get_ready_after_a_pause_starts_the_next_from_its_start(tmp_path):
    engine, clock, _ = paused_long_at(tmp_path, 12)
    engine.hurt()
    engine.continue_after_hurt()
    clock.advance(4)
    engine.update()
    assert engine.step.exercise.name == "B" and engine.remaining() == 10


def test_without_a_get_ready_a_long_pause_goes_on_where_it_was(tmp_path):
    engine, clock, _ = paused_long_at(tmp_path, 2, get_ready=0)  # A, 2 s of 10 done
    assert engine.step.is_work and engine.remaining() == 8 and not engine.in_lead_in
    run_until(engine, clock, clock.t + 8)
    a = engine.records[0]
    assert (a.status, a.work_seconds) == (DONE, 10)


def test_the_15_seconds_added_before_a_long_pause_are_kept(tmp_path):
    engine, clock, _ = make_engine(two_holds(tmp_path))
    run_until(engine, clock, 6)  # A, 2 s in
    engine.extend()  # 23 s left
    engine.pause()
    clock.advance(LONG_PAUSE + 1)
    engine.resume()
    assert engine.session_remaining() == 4 + 23 + 5 + 10  # get-ready, the rest of A, the rest, B
    run_until(engine, clock, clock.t + 4)
    assert engine.step.is_work and engine.remaining() == 23
    run_until(engine, clock, clock.t + 23)
    assert engine.records[0].work_seconds == 25 and engine.step.kind is StepKind.REST and engine.remaining() == 5


def test_back_in_the_get_ready_after_a_pause_counts_the_seconds_done_once(tmp_path):
    engine, clock, _ = make_engine(two_holds(tmp_path))
    run_until(engine, clock, 21)  # B, 2 s in (A done, rest done)
    engine.pause()
    clock.advance(LONG_PAUSE + 1)
    engine.resume()
    engine.back()  # 2 s of B done, under the 3 s that would restart it: the exercise before
    assert engine.step.exercise.name == "A"
