"""With the real monotonic clock and the real timers, a short session ends on time."""

from __future__ import annotations

import asyncio
import time

import pytest

from coach.paths import Places
from coach.routine.loader import load_routine
from coach.session.events import EventKind
from coach.settings import Settings
from coach.tui.app import CoachApp
from coach.tui.screens.session import SessionScreen
from coach.tui.screens.summary import SummaryScreen
from tests.helpers.tui import wait_for_screen

THREE_SECONDS = """\
name: Three seconds
defaults: {get_ready: 0, rest: 0.5, countdown: 1}
phases:
  - name: Quick
    exercises:
      - {name: One, duration: 1}
      - {name: Two, hold: 1s, reps: 2, rest_between_reps: 0}
"""


@pytest.mark.pilot
async def test_a_three_second_session_ends_within_50_ms_of_its_plan(tmp_path):
    path = tmp_path / "quick.yaml"
    path.write_text(THREE_SECONDS)
    routine = load_routine(path)
    app = CoachApp(Places(tmp_path, tmp_path), routine=routine, settings=Settings(safety_acknowledged=True),
                   no_checkin=True, now=time.monotonic)
    finished = []
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        engine = screen.engine
        engine.subscribe(lambda event: finished.append(event) if event.kind is EventKind.SESSION_FINISHED else None)
        for _ in range(100):  # at most 10 s, though it should take about 3.5 s
            if finished:
                break
            await asyncio.sleep(0.1)
        await wait_for_screen(pilot, SummaryScreen)
    assert len(finished) == 1
    planned = engine.session.planned_seconds
    assert planned == 3.5
    actual = finished[0].actual - engine.started_at
    assert abs(actual - planned) <= 0.050
