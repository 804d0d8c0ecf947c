"""What the session screen shows, straight from the engine (no Textual)."""

import pytest

from coach.session.engine import SessionEngine
from coach.tui.display import describe
from tests.helpers.engine import FakeClock, exercise, steps


def test_extra_time_on_a_tempo_step_says_the_reps_are_done(tmp_path):
    clock = FakeClock()
    engine = SessionEngine("R", steps(tmp_path, exercise("March", reps=4, tempo=3), get_ready=0), now=clock)
    engine.start()
    assert describe(engine).detail == "Rep 1 of 4"
    engine.extend()
    clock.advance(11)
    engine.update()
    assert describe(engine).detail == "Rep 4 of 4"
    clock.advance(1)
    engine.update()
    assert describe(engine).detail == "All 4 reps done · extra time"
    assert describe(engine).clock == "0:15"


# -- what the session screen shows, moment by moment (these were Pilot tests; no app is needed) ------

def short_session(tmp_path):
    """The short routine the Pilot tests use, started on a fake clock."""
    from coach.routine.expand import expand
    from coach.routine.loader import load_routine
    from tests.helpers.tui import SHORT_ROUTINE

    path = tmp_path / "routine.yaml"
    path.write_text(SHORT_ROUTINE, encoding="utf-8")
    clock = FakeClock()
    engine = SessionEngine("Test routine", expand(load_routine(path)), now=clock)
    engine.start()
    return engine, clock


def at(engine, clock, seconds: float):
    clock.advance(seconds)
    engine.update()
    return describe(engine)


def test_a_session_opens_on_get_ready_with_its_countdown(tmp_path):
    engine, clock = short_session(tmp_path)
    shown = describe(engine)
    assert (shown.title, shown.clock, shown.step_kind) == ("Get ready", "0:03", "get-ready")
    assert shown.phase_line == "New phase: Warm-up · 1 exercise · 20 s"
    assert shown.next_line == "Next: Cat-cow · 2 reps × 5 s hold"


def test_the_countdown_shows_whole_seconds_left_rounded_up(tmp_path):
    engine, clock = short_session(tmp_path)
    shown = at(engine, clock, 3)
    assert (shown.title, shown.clock) == ("Cat-cow", "0:05")
    assert at(engine, clock, 0.5).clock == "0:05"
    shown = at(engine, clock, 0.5)
    assert shown.clock == "0:04"
    assert shown.detail == "Rep 1 of 2"
    assert shown.next_line == "Next: rest 2 s, then rep 2 of 2"
    assert shown.cue == "Arch slowly, then round"


def test_the_set_side_and_rep_line_follows_the_pyramid(tmp_path):
    engine, clock = short_session(tmp_path)
    shown = at(engine, clock, 20)
    assert (shown.title, shown.phase_line) == ("Bird dog", "New phase: Core · 2 exercises · 43 s")
    assert shown.detail == "Set 1 of 2 · Left side · Rep 1 of 2"
    shown = at(engine, clock, 10)  # 30 s: switch sides
    assert (shown.title, shown.detail, shown.step_kind) == ("Switch to the right side", "Bird dog · now the right side", "switch")
    assert shown.phase_line == "Core · exercise 2 of 3"
    shown = at(engine, clock, 17)  # 47 s: set 2, left, its only rep
    assert shown.detail == "Set 2 of 2 · Left side · Rep 1 of 1"
    assert shown.next_line == "Next: switch to the right side"


def test_a_rest_shows_the_next_exercise(tmp_path):
    engine, clock = short_session(tmp_path)
    shown = at(engine, clock, 15)
    assert (shown.title, shown.step_kind) == ("Rest", "rest")
    assert (shown.phase_line, shown.phase_kind) == ("Next phase: Core · 2 exercises · 43 s", "main")
    assert shown.next_line == "Next: Bird dog · 2 sets × 2/1 reps × 4 s hold, each side"


def test_a_manual_step_counts_up_and_asks_for_enter(tmp_path):
    engine, clock = short_session(tmp_path)
    shown = at(engine, clock, 63)
    assert (shown.title, shown.detail, shown.cue, shown.clock) == ("Dead bug", "8 reps", "Press Enter when done", "0:00")
    assert shown.manual
    assert at(engine, clock, 12.5).clock == "0:12"


def test_a_manual_step_shows_its_form_cues_before_asking_for_enter(tmp_path):
    clock = FakeClock()
    engine = SessionEngine("R", steps(tmp_path, exercise("Prone press-up", reps=10, cues=["Keep your hips on the floor"]),
                                      get_ready=0), now=clock)
    engine.start()
    assert describe(engine).cue == "Keep your hips on the floor  ·  Press Enter when done"


def test_a_timed_cue_shows_highlighted_beside_the_form_cues_for_five_seconds(tmp_path):
    clock = FakeClock()
    engine = SessionEngine("R", steps(tmp_path, exercise("Plank", duration=30, cues=["Breathe"],
                                                         at=[{"after": "10s", "cue": "Squeeze"}]), get_ready=0), now=clock)
    engine.start()
    assert (describe(engine).cue, describe(engine).cue_highlighted) == ("Breathe", False)
    shown = at(engine, clock, 10)
    assert (shown.cue, shown.cue_highlighted) == ("▶ Squeeze  ·  Breathe", True)
    shown = at(engine, clock, 5)
    assert (shown.cue, shown.cue_highlighted) == ("Breathe", False)


def test_progress_follows_the_plan_so_skipped_exercises_count_as_passed(tmp_path):
    from coach.tui.display import plan_position

    clock = FakeClock()
    engine = SessionEngine("R", steps(tmp_path, *(exercise(name, duration=60) for name in "ABCD"), get_ready=0, rest=0),
                           now=clock)
    engine.start()
    for _ in range(3):
        engine.skip()  # three of four skipped at once
    clock.advance(30)
    engine.update()
    assert plan_position(engine) == pytest.approx(0.875)  # 3.5 of 4 minutes
    assert describe(engine).progress_text == "0 min done · under a minute left"


def test_next_phase_is_announced_only_in_a_rest_not_over_a_whole_exercise(tmp_path):
    from coach.routine.expand import expand
    from coach.routine.loader import load_routine
    from pathlib import Path

    clock = FakeClock()
    engine = SessionEngine("R", expand(load_routine(Path("routines/low-impact-cardio.yaml"))), now=clock)
    engine.start()
    shown = at(engine, clock, 60)  # the 5-minute warm-up, whose rest is 0
    assert shown.phase_line.startswith("Warm-up · exercise 1 of ")


def test_plus_never_moves_the_progress_back(tmp_path):
    from coach.tui.display import plan_position

    clock = FakeClock()
    engine = SessionEngine("R", steps(tmp_path, exercise("A", duration=60), exercise("B", duration=60), get_ready=0,
                                      rest=0), now=clock)
    engine.start()
    clock.advance(50)
    engine.update()
    before = plan_position(engine)
    engine.extend()
    assert plan_position(engine) >= before - 0.01


@pytest.mark.parametrize("left, text", [(59.9, "under a minute left"), (60.5, "1 min left"), (150, "2 min left")])
def test_minutes_left_round_to_the_nearest_minute(left, text):
    from coach.tui.display import _whole_minutes

    assert _whole_minutes(0, left) == f"0 min done · {text}"


def test_the_rest_after_an_exercise_praises_it_only_when_it_was_done_in_full(tmp_path):
    timeline = steps(tmp_path, exercise("March", reps=4, tempo=3), exercise("Stand", duration=10), get_ready=0,
                     rest=10)
    for cut_short, detail in ((False, "Well done: March"), (True, "Rest after March")):
        clock = FakeClock()
        engine = SessionEngine("R", timeline, now=clock)
        engine.start()
        clock.advance(4)  # the second of March's tempo reps
        engine.update()
        if cut_short:
            engine.skip_step()  # n: the reps end now; March is recorded partial
        else:
            clock.advance(8.5)  # all 12 s of them
        engine.update()
        shown = describe(engine)
        assert (shown.step_kind, shown.detail) == ("rest", detail)


def test_the_get_ready_before_the_other_side_says_which_side(tmp_path):
    """After "it hurts" on the left and `o`, the lead-in to the right side says so, as a switch would."""
    timeline = steps(tmp_path, exercise("Side plank", duration=10, sides=True), exercise("B", duration=5),
                     get_ready=5, switch_sides=3, rest=0)
    clock = FakeClock()
    engine = SessionEngine("R", timeline, now=clock)
    engine.start()
    assert describe(engine).detail == "Get into position · left side"  # the first get-ready leads into the left
    clock.advance(9)  # 4 s into the left side
    engine.update()
    engine.hurt()
    engine.try_other_side()
    shown = describe(engine)
    assert (shown.step_kind, shown.detail) == ("get-ready", "Get into position · right side")


def test_a_phase_of_a_minute_or_more_is_said_in_whole_minutes(tmp_path, clock):
    engine = SessionEngine("R", steps(tmp_path, exercise("A", duration=45), exercise("B", duration=45), get_ready=5,
                                      rest=0), now=clock)
    assert describe(engine).phase_line == "New phase: Main · 2 exercises · 2 min"  # 95 s


def test_a_phase_of_manual_reps_only_says_no_time_rather_than_zero_seconds(tmp_path, clock):
    engine = SessionEngine("R", steps(tmp_path, exercise("Squat", reps=10), exercise("Lunge", reps=8, sides=True),
                                      get_ready=0, rest=0), now=clock)
    assert describe(engine).phase_line == "New phase: Main · 2 exercises"
