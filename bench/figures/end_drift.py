"""End drift and step-start lateness: a real-clock session through the real app, headless."""

from __future__ import annotations

import asyncio
import os
import shutil
import time

from bench.figures import routines
from bench.figures.plan import Plan
from bench.figures.processes import coach_home
from bench.figures.rows import BenchError, Row, Spec, Spread, percentile

END_DRIFT = Spec("end_drift", "end drift", "≤ 20 ms")
STEP_LATENESS = Spec("step_lateness", "step-start lateness", "max ≤ 30 ms")
SPECS = (END_DRIFT, STEP_LATENESS)
END_DRIFT_LIMIT_MS = 20.0
LATENESS_LIMIT_MS = 30.0


def measure(plan: Plan) -> list[Row]:
    drifts, maxima, medians = [], [], []
    for _ in range(plan.session_runs):
        drift, lateness = asyncio.run(_one_session(plan))
        drifts.append(drift * 1000)
        maxima.append(max(lateness) * 1000)
        medians.append(percentile(lateness, 0.5) * 1000)
    drift = Spread.of(drifts)
    worst, typical = Spread.of(maxima), Spread.of(medians)
    length = f"{plan.drift_seconds:g} s, {plan.drift_steps} steps"
    return [
        END_DRIFT.judged(drift.median, abs(drift.median) <= END_DRIFT_LIMIT_MS, "ms", drift.text("ms"),
                         {"drift_ms": drifts}, note=length),
        STEP_LATENESS.judged(worst.median, worst.median <= LATENESS_LIMIT_MS, "ms",
                             f"max {worst.text('ms')}; p50 {typical.text('ms')}",
                             {"max_ms": maxima, "p50_ms": medians}, note=length),
    ]


async def _one_session(plan: Plan) -> tuple[float, list[float]]:
    """(session length minus plan, lateness of each step start after the first) of one session."""
    from coach.paths import Places
    from coach.routine.loader import load_routine
    from coach.session.events import EventKind
    from coach.settings import Settings
    from coach.tui.app import CoachApp
    from coach.tui.screens.session import SessionScreen
    from coach.tui.screens.summary import SummaryScreen

    home = coach_home()
    previous_home = os.environ.get("COACH_HOME")
    os.environ["COACH_HOME"] = str(home)
    try:
        path = routines.write(home, "drift.yaml", routines.evenly_stepped(plan.drift_seconds, plan.drift_steps))
        app = CoachApp(Places(home, home), routine=load_routine(path), settings=Settings(safety_acknowledged=True),
                       no_checkin=True, now=time.monotonic)
        finished = asyncio.Event()
        events = []

        def heard(event) -> None:
            events.append(event)
            if event.kind is EventKind.SESSION_FINISHED:
                finished.set()

        async with app.run_test(size=(100, 30)) as pilot:
            engine = (await _screen(pilot, SessionScreen)).engine
            # The first step starts when the screen mounts, before anyone can listen; it is the
            # session's start, late by nothing. Every later start is the wake-up timer's doing.
            engine.subscribe(heard)
            try:
                await asyncio.wait_for(finished.wait(), plan.drift_seconds + 30)
            except TimeoutError:
                raise BenchError(f"the {plan.drift_seconds:g} s session had not finished after 30 s more") from None
            await _screen(pilot, SummaryScreen)
    finally:
        if previous_home is None:
            os.environ.pop("COACH_HOME", None)
        else:
            os.environ["COACH_HOME"] = previous_home
        shutil.rmtree(home, ignore_errors=True)
    end = next(event for event in events if event.kind is EventKind.SESSION_FINISHED)
    lateness = [event.lateness for event in events if event.kind is EventKind.STEP_STARTED]
    if len(lateness) != plan.drift_steps - 1:
        raise BenchError(f"heard {len(lateness)} step starts, expected {plan.drift_steps - 1}")
    return end.actual - engine.started_at - engine.session.planned_seconds, lateness


async def _screen(pilot, screen_type, attempts: int = 200):
    for _ in range(attempts):
        if isinstance(pilot.app.screen, screen_type):
            return pilot.app.screen
        await pilot.pause()
    raise BenchError(f"expected the {screen_type.__name__}, the app shows {type(pilot.app.screen).__name__}")
