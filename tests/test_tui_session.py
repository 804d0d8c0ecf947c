"""The guided session through the real app, driven by Pilot with an injected clock."""

from __future__ import annotations

import pytest

from coach.session.engine import EngineState
from coach.session.records import ExerciseStatus, SessionStatus
from coach.tui.screens.confirm import ConfirmScreen
from coach.tui.screens.hurt import HurtScreen
from coach.tui.screens.session import SessionScreen
from coach.tui.screens.summary import SummaryScreen
from coach.tui.widgets.big_text import BigText
from tests.helpers.tui import advance, make_app, text_of, wait_for_screen

pytestmark = pytest.mark.pilot  # every test here drives the app through Pilot


def clock_text(screen) -> str:
    return screen.query_one("#clock", BigText).text


async def test_space_pauses_with_time_frozen_and_resumes(tmp_path, clock):
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        await advance(pilot, clock, 4)  # Cat-cow, 4 s left
        await pilot.press("space")
        assert screen.query_one("#clock").has_class("-paused")
        assert screen.query_one("#paused").display is True
        await advance(pilot, clock, 30)
        assert clock_text(screen) == "0:04"
        assert text_of(screen, "#title") == "Cat-cow"
        await pilot.press("space")
        assert not screen.query_one("#clock").has_class("-paused")
        await advance(pilot, clock, 1)
        assert clock_text(screen) == "0:03"


async def test_skip_and_back_keys_move_between_exercises(tmp_path, clock):
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        await advance(pilot, clock, 5)
        await pilot.press("N")  # the rest of Cat-cow: then a get-ready for Bird dog
        assert (text_of(screen, "#title"), screen.engine.step.exercise.name) == ("Get ready", "Bird dog")
        assert text_of(screen, "#next").startswith("Next: Bird dog")
        await pilot.press("N")  # in a get-ready, N skips the exercise it leads into
        assert (text_of(screen, "#title"), screen.engine.step.exercise.name) == ("Get ready", "Dead bug")
        await pilot.press("n")  # n ends the get-ready: Dead bug now
        assert text_of(screen, "#title") == "Dead bug"
        await advance(pilot, clock, 1)
        await pilot.press("b")  # within 3 s: the previous exercise
        assert text_of(screen, "#title") == "Bird dog"
        await advance(pilot, clock, 3.5)
        await pilot.press("left")  # after 3 s: this exercise again, from its start
        assert text_of(screen, "#title") == "Bird dog"
        assert clock_text(screen) == "0:04"
        assert text_of(screen, "#detail") == "Set 1 of 2 · Left side · Rep 1 of 2"


async def test_n_skips_one_step_and_the_exercise_is_recorded_partial_not_done(tmp_path, clock):
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        await advance(pilot, clock, 5)  # Cat-cow, rep 1, 2 s in
        await pilot.press("n")  # ends rep 1: the rest between reps
        assert text_of(screen, "#title") == "Rest"
        await pilot.press("right")  # ends that rest: rep 2 at once
        assert (text_of(screen, "#title"), text_of(screen, "#detail")) == ("Cat-cow", "Rep 2 of 2")
        await advance(pilot, clock, 5)  # rep 2 held in full
        assert screen.engine.records[0].status is ExerciseStatus.PARTIAL  # rep 1 was cut short


async def test_plus_adds_fifteen_seconds(tmp_path, clock):
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        await advance(pilot, clock, 3)
        await pilot.press("plus")
        assert clock_text(screen) == "0:20"


async def test_the_screen_shows_what_describe_says_as_the_session_moves_on(tmp_path, clock):
    """What is shown, moment by moment, is tested on describe() in test_display.py; this checks the wiring."""
    from coach.tui.display import describe

    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        for seconds in (0, 3.5, 11.5, 5, 10, 17):  # get-ready, a rep, a rest, Bird dog, a side switch, a set
            await advance(pilot, clock, seconds)
            shown = describe(screen.engine)
            assert [text_of(screen, f"#{name}") for name in ("phase-line", "title", "detail", "cue", "next")] == [
                shown.phase_line, shown.title, shown.detail, shown.cue, shown.next_line]
            assert clock_text(screen) == shown.clock
            assert screen.query_one("#clock").has_class(f"-step-{shown.step_kind}")
            assert screen.query_one("#title").has_class(f"-step-{shown.step_kind}")


async def test_manual_step_counts_up_and_enter_finishes_the_session(tmp_path, clock):
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        await advance(pilot, clock, 63)
        assert text_of(screen, "#title") == "Dead bug"
        await advance(pilot, clock, 12.5)
        await pilot.press("enter")
        summary = await wait_for_screen(pilot, SummaryScreen)
        session = summary.session
        assert session.status is SessionStatus.COMPLETED
        assert session.active_seconds == 75.5
        assert [record.status for record in session.exercises] == [ExerciseStatus.DONE] * 3
        assert text_of(summary, "#summary-title") == "Session complete. Well done."
        assert summary.query_one("#summary-figures").parts == [
            "Test routine", "Work 0:46 of 0:34 planned", "total 1:15 with rests", "3 of 3 exercises done"]


async def test_it_hurts_then_continue_marks_the_exercise_painful(tmp_path, clock):
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        await advance(pilot, clock, 22)  # Bird dog, 2 s in
        await pilot.press("x")
        await wait_for_screen(pilot, HurtScreen)
        assert screen.engine.state is EngineState.PAUSED  # asked first; marked once a choice is made
        await pilot.press("c")
        await wait_for_screen(pilot, SessionScreen)
        assert (text_of(screen, "#title"), text_of(screen, "#next")) == ("Get ready", "Next: Dead bug · 8 reps")
        await advance(pilot, clock, 3)  # the routine's get-ready: 3 s
        assert text_of(screen, "#title") == "Dead bug"
        await pilot.press("enter")
        summary = await wait_for_screen(pilot, SummaryScreen)
        statuses = [record.status for record in summary.session.exercises]
        assert statuses == [ExerciseStatus.DONE, ExerciseStatus.PAIN, ExerciseStatus.DONE]
        assert summary.session.status is SessionStatus.COMPLETED


async def test_it_hurts_then_end_stops_the_session_as_pain_stopped(tmp_path, clock):
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, SessionScreen)
        await advance(pilot, clock, 4)
        await pilot.press("x")
        await wait_for_screen(pilot, HurtScreen)
        await pilot.press("e")
        summary = await wait_for_screen(pilot, SummaryScreen)
        assert summary.session.status is SessionStatus.PAIN_STOPPED
        assert text_of(summary, "#summary-title") == "Session ended because something hurt."


async def test_quit_asks_first_and_no_keeps_the_session_going(tmp_path, clock):
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        await advance(pilot, clock, 4)
        await pilot.press("q")
        await wait_for_screen(pilot, ConfirmScreen)
        assert screen.engine.state is EngineState.PAUSED
        await pilot.press("n")
        await wait_for_screen(pilot, SessionScreen)
        assert screen.engine.state is EngineState.RUNNING
        await pilot.press("q")
        await wait_for_screen(pilot, ConfirmScreen)
        await pilot.press("y")
        summary = await wait_for_screen(pilot, SummaryScreen)
        assert summary.session.status is SessionStatus.STOPPED
        assert [record.status for record in summary.session.exercises] == [
            ExerciseStatus.PARTIAL, ExerciseStatus.SKIPPED, ExerciseStatus.SKIPPED]


async def test_summary_takes_pain_and_note_and_advises_when_pain_rose(tmp_path, clock):
    app = make_app(tmp_path, clock=clock, no_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(20):
            await pilot.pause()
        await pilot.press("3")  # pain before
        screen = await wait_for_screen(pilot, SessionScreen)
        assert screen.engine.session.pain_before == 3
        await advance(pilot, clock, 63)
        await pilot.press("enter")
        summary = await wait_for_screen(pilot, SummaryScreen)
        await pilot.press("6")
        assert text_of(summary, "#pain-question").startswith("Pain: 3 before → 6 now")
        assert summary.query_one("#advisory").display is True
        assert "gentle-5" in text_of(summary, "#advisory")
        await pilot.press("n")
        await pilot.press(*"stiff")
        await pilot.press("enter")
        assert summary.session.note == "stiff"
        await pilot.press("q")
        for _ in range(20):
            await pilot.pause()
    assert summary.session.pain_after == 6
    assert app.journal.sessions == [summary.session]
    assert app.return_code == 0


async def test_pain_that_did_not_rise_by_two_gets_no_advisory(tmp_path, clock):
    app = make_app(tmp_path, clock=clock, no_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(20):
            await pilot.pause()
        await pilot.press("4")
        await wait_for_screen(pilot, SessionScreen)
        await advance(pilot, clock, 63)
        await pilot.press("enter")
        summary = await wait_for_screen(pilot, SummaryScreen)
        await pilot.press("5")
        assert summary.query_one("#advisory").display is False


async def test_a_completed_session_with_every_exercise_skipped_is_not_called_well_done(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, SessionScreen)
        for _ in range(3):  # each skips an exercise (the first from the get-ready before it)
            await pilot.press("N")
        summary = await wait_for_screen(pilot, SummaryScreen)
        assert summary.session.status is SessionStatus.COMPLETED
        assert text_of(summary, "#summary-title") == "Session over: no exercise was completed."


async def test_summary_shows_manual_for_counted_reps_even_with_sides(tmp_path, clock):
    text = ("name: Sides\ndefaults: {get_ready: 0, switch_sides: 5}\nphases:\n  - name: P\n    exercises:\n"
            "      - {name: Press-up, reps: 5, sides: true}\n")
    app = make_app(tmp_path, text=text, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, SessionScreen)
        await pilot.press("enter")  # left side done
        await advance(pilot, clock, 5)  # through the switch-sides pause
        await pilot.press("enter")  # right side done
        summary = await wait_for_screen(pilot, SummaryScreen)
        row = [str(cell) for cell in summary.query_one("#exercises").get_row_at(0)]
        assert (row[1], row[2], row[4]) == ("Press-up", "✓ done", "manual")


async def test_brackets_in_a_routine_show_as_written(tmp_path, clock):
    text = ('name: "Plank [on knees]"\ndefaults: {get_ready: 0}\nphases:\n  - name: "Core [/]"\n    exercises:\n'
            '      - {name: "Bridge [/b]", duration: 5, cues: ["Keep [b]flat[/b]"]}\n')
    app = make_app(tmp_path, text=text, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        assert text_of(screen, "#title") == "Bridge [/b]"
        assert text_of(screen, "#cue") == "Keep [b]flat[/b]"
        assert text_of(screen, "#phase-line") == "Core [/] · exercise 1 of 1"
        await advance(pilot, clock, 5)
        summary = await wait_for_screen(pilot, SummaryScreen)
        assert text_of(summary, "#summary-figures").startswith("Plank [on knees] · ")


async def test_ctrl_q_in_a_session_asks_before_ending_it(tmp_path, clock):
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        await advance(pilot, clock, 4)
        await pilot.press("ctrl+q")
        await wait_for_screen(pilot, ConfirmScreen)
        assert screen.engine.state is EngineState.PAUSED


async def test_repeated_identical_exercises_count_their_own_place_in_the_phase(tmp_path, clock):
    text = ("name: Intervals\ndefaults: {get_ready: 0, rest: 0}\nphases:\n  - name: Walk\n    exercises:\n"
            "      - {name: Easy, duration: 5}\n      - {name: Brisk, duration: 5}\n"
            "      - {name: Easy, duration: 5}\n      - {name: Brisk, duration: 5}\n")
    app = make_app(tmp_path, text=text, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        await advance(pilot, clock, 10)
        assert text_of(screen, "#phase-line") == "Walk · exercise 3 of 4"


async def test_it_hurts_on_one_side_offers_the_other_side_and_o_tries_it(tmp_path, clock):
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        await advance(pilot, clock, 22)  # Bird dog, left side, 2 s in
        await pilot.press("x")
        hurt = await wait_for_screen(pilot, HurtScreen)
        assert hurt.other_side == "right"
        await pilot.press("o")
        await wait_for_screen(pilot, SessionScreen)
        assert screen.engine.state is EngineState.RUNNING
        assert (screen.engine.step.exercise.name, screen.engine.step.side.value) == ("Bird dog", "right")


async def test_after_a_long_pause_the_screen_says_get_ready_then_the_hold_goes_on(tmp_path, clock):
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        await advance(pilot, clock, 5)  # Cat-cow rep 1: 2 s of 5 done
        await pilot.press("space")
        await advance(pilot, clock, 45)
        await pilot.press("space")
        assert (text_of(screen, "#title"), text_of(screen, "#next")) == ("Get ready", "Next: Cat-cow · 2 reps × 5 s hold")
        await advance(pilot, clock, 3)
        assert (text_of(screen, "#title"), clock_text(screen)) == ("Cat-cow", "0:03")


async def test_escape_on_it_hurts_goes_back_to_the_exercise_paused_with_nothing_marked(tmp_path, clock):
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        await advance(pilot, clock, 22)  # Bird dog, left side, 2 s in
        await pilot.press("x")
        await wait_for_screen(pilot, HurtScreen)
        clock.advance(10)
        await pilot.press("escape")
        await wait_for_screen(pilot, SessionScreen)
        engine = screen.engine
        assert engine.state is EngineState.PAUSED and 1 not in engine.records
        assert (engine.step.exercise.name, engine.step.side.value, engine.elapsed_in_step()) == ("Bird dog", "left", 2)
        await pilot.press("space")
        await advance(pilot, clock, 1)
        assert engine.state is EngineState.RUNNING and engine.elapsed_in_step() == 3


async def test_a_stale_wake_up_leaves_exactly_one_wake_up_pending(tmp_path, clock):
    """A wake-up whose timer fired just before a key's own tick must not leave two timers running (twice the CPU)."""
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        pending = screen._wakeup
        assert pending is not None and not pending.cancelled()
        screen.post_message(screen.WakeUp())
        await pilot.pause()
        assert pending.cancelled() and screen._wakeup is not pending and not screen._wakeup.cancelled()
