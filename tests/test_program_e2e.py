"""A program end to end: tiny routines, sessions run through the real app on successive (injected) days with
pain answers, and `coach program status --json` advancing, holding, stepping back, flaring up and recovering
as the rules say. The summary says what each session means for next time, and every decision is recorded."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta, timezone

import pytest

from coach.history import program_log
from coach.history.following import todays_plan
from coach.history.journal import HistoryJournal
from coach.history.store import HistoryStore
from coach.paths import Places
from coach.program.catalog import load_program_file
from coach.settings import Settings
from coach.tui.app import CoachApp
from coach.tui.screens.checkin import PainCheckinScreen
from coach.tui.screens.next_day import NextDayScreen
from coach.tui.screens.session import SessionScreen
from coach.tui.screens.summary import SummaryScreen
from tests.helpers import FakeClock, run_coach, wait_for_screen

TINY = """\
name: Tiny
defaults: {get_ready: 1s, rest: 0s, countdown: 0}
phases:
  - name: Core
    exercises:
      - {name: Bridge, reps: 1, hold: 2s}
"""
FLARE = TINY.replace("Tiny", "Easy").replace("Bridge", "Breathe")
PROGRAM = """\
name: Tiny program
stages:
  - {name: One, routine: tiny.yaml, aerobic: 10}
  - {name: Two, routine: tiny.yaml, change: {hold: +1s}, aerobic: 15}
  - {name: Three, routine: tiny.yaml, change: {hold: +2s}, aerobic: 20}
flare_up: {routine: easy.yaml}
"""
START = date.today() - timedelta(days=12)


async def run_day(home, places, day: date, before: int, after: int, morning_after: bool | None = None) -> list[str]:
    """Today's plan run through the app on `day`, with pain `before` and `after`; the summary's next-time lines.
    `morning_after`: whether a session the day before makes the app ask how the back is (after the first day)."""
    store = HistoryStore.open(places.history_db)
    journal = HistoryJournal(store)
    plan = todays_plan(store, places, day)
    clock = FakeClock()
    app = CoachApp(places, routine=plan.decision.plan, plan=plan, settings=Settings(safety_acknowledged=True),
                   store=store, journal=journal, now=clock, today=lambda: day,
                   wall=lambda: datetime.combine(day, time(8, 0), timezone.utc) + timedelta(seconds=clock()))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, PainCheckinScreen)
        await pilot.press(str(before))
        for _ in range(5):
            await pilot.pause()
        if day > START if morning_after is None else morning_after:  # asked once, before the session
            await wait_for_screen(pilot, NextDayScreen)
            await pilot.press("s", "enter")  # the same as before it; no pain score
        await wait_for_screen(pilot, SessionScreen)
        for _ in range(3):  # the get-ready, the hold, and the end
            clock.advance(2.5)
            if hasattr(pilot.app.screen, "tick"):
                pilot.app.screen.tick()
            await pilot.pause()
        summary = await wait_for_screen(pilot, SummaryScreen)
        await pilot.press(str(after))
        await pilot.pause()
        lines = str(summary.query_one("#next-time").content).splitlines()
        await pilot.press("q")
        for _ in range(10):
            await pilot.pause()
    journal.close()
    store.close()
    return lines


def status(home) -> dict:
    result = run_coach("program", "status", "--json", home=home)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.pilot
async def test_a_program_progresses_holds_steps_back_flares_up_and_recovers_with_the_persons_answers(tmp_path):
    home = tmp_path / "home"
    places = Places(home, home)
    (tmp_path / "tiny.yaml").write_text(TINY, encoding="utf-8")
    (tmp_path / "easy.yaml").write_text(FLARE, encoding="utf-8")
    program_file = tmp_path / "program.yaml"
    program_file.write_text(PROGRAM, encoding="utf-8")
    program = load_program_file(program_file, places)
    with HistoryStore.open(places.history_db) as store:
        program_log.start(store, program.name, str(program_file), 1,
                          datetime.combine(START, time(7, 0), timezone.utc))
    assert (status(home)["stage"], status(home)["action"]) == (1, "start")

    days = [(START + timedelta(days=offset)) for offset in range(9)]
    expected = [
        # (pain before, after): the summary's first line, then the status: stage and action
        ((2, 1), "Next time: the same plan.", (1, "hold")),
        ((2, 1), "Next time: the same plan.", (1, "hold")),
        ((2, 1), "Next time: stage 2, Two.", (2, "advance")),  # 3 greens in a row
        ((2, 4), "Next time: the same plan.", (2, "hold")),  # amber: pain after 4
        ((2, 7), "Next time: stage 1, One, a step back.", (1, "step_back")),  # red
        ((2, 7), "Next time: the flare-up routine, Easy.", (1, "flare_up")),  # 2 reds in 7 days
        ((2, 1), "Next time: the flare-up routine, Easy.", (1, "flare_up")),
        ((2, 1), "Next time: back to stage 1, One.", (1, "recover")),  # 2 green flare-up days
    ]
    for day, ((before, after), headline, (stage, action)) in zip(days, expected):
        lines = await run_day(home, places, day, before, after)
        assert lines[0] == headline, (day, lines)
        now = status(home)
        assert (now["stage"], now["action"]) == (stage, action), (day, now)
        if action == "flare_up":
            assert now["flare"] and now["today"]["routine"] == "Easy"
        # on red, the summary advises contacting the physical therapist if the pain does not settle
        assert any("physical therapist" in line for line in lines) == (after >= 6), lines
        if action == "advance":
            assert now["reasons"] == ["Holds go from 2 s to 3 s (Bridge): your last 3 sessions were done in full "
                                      "with pain 2 → 1."]
            assert now["today"]["routine"] == "Tiny" and now["today"]["planned_seconds"] == 4
        if action == "hold" and stage == 2:
            assert now["reasons"] == ["Staying at this stage: pain rose from 2 to 4."]

    assert set(status(home)) >= {"program", "stage", "stages", "stage_name", "action", "reasons", "today", "week"}
    with HistoryStore.open(places.history_db) as store:
        recorded = program_log.decisions(store)
    assert [record.action for record in recorded] == ["hold", "hold", "advance", "hold", "step_back", "flare_up",
                                                      "flare_up", "recover"]
    assert [(record.from_stage, record.stage) for record in recorded][2:5] == [(1, 2), (2, 2), (2, 1)]
    assert all(record.sessions for record in recorded)

    # the history screen shows the stage over time
    from coach.tui.history_app import HistoryApp
    from coach.tui.screens.history import HistoryScreen

    with HistoryStore.open(places.history_db) as store:
        app = HistoryApp(store, Settings(), tz=timezone.utc)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await wait_for_screen(pilot, HistoryScreen)
            await app.workers.wait_for_complete()
            await pilot.pause()
            line = str(screen.query_one("#program-stages").content)
    when = [f"{day:%a %d %b}" for day in days]
    assert line == (f"Tiny program: stage 1 ({when[0]}) → 2 ({when[2]}) → 1 ({when[4]}) → flare-up ({when[5]}) "
                    f"→ 1 ({when[7]})")
