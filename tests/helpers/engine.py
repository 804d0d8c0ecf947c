"""Helpers for the session-engine tests: routines from small YAML, a fake clock, an event recorder.

Times in the tests are seconds since the fake clock's origin (`T0`), so that a mix-up between
absolute and relative times in the engine cannot hide behind a clock that starts at zero.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml

from coach.routine.expand import Step, StepKind, expand
from coach.routine.loader import load_routine
from coach.routine.model import Routine
from coach.session.engine import SessionEngine
from coach.session.events import Event, EventKind

T0 = 1000.0  # where the fake monotonic clock starts
EPOCH = datetime(2024, 1, 1, tzinfo=timezone.utc)

# Every rest off and no countdown unless a test asks for them: the arithmetic stays obvious.
QUIET = {
    "get_ready": 0,
    "rest": 0,
    "rest_between_sets": 0,
    "rest_between_reps": 0,
    "switch_sides": 0,
    "countdown": 0,
}

_names = itertools.count()

# Short names for step kinds, so expected timelines read as a line each.
W = StepKind.WORK
GR = StepKind.GET_READY
REST = StepKind.REST
RBR = StepKind.REST_BETWEEN_REPS
RBS = StepKind.REST_BETWEEN_SETS
SW = StepKind.SWITCH_SIDES



class FakeClock:
    """A monotonic clock moved by hand; `t` is the time since the origin."""

    def __init__(self, origin: float = T0) -> None:
        self.origin = origin
        self.now = origin

    def __call__(self) -> float:
        return self.now

    @property
    def t(self) -> float:
        return self.now - self.origin

    def at(self, t: float) -> None:
        self.now = self.origin + t

    def advance(self, seconds: float) -> None:
        self.now += seconds


class FakeWall:
    """A wall clock that follows the fake monotonic clock: EPOCH + its reading."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock

    def __call__(self) -> datetime:
        return EPOCH + timedelta(seconds=self.clock.now)


class Recorder(list):
    """Collects every event the engine emits; UPDATE_DONE, which ends each update, is only counted."""

    settled = 0

    def __call__(self, event: Event) -> None:
        if event.kind is EventKind.UPDATE_DONE:
            self.settled += 1
        else:
            self.append(event)

    def of(self, kind: EventKind) -> list[Event]:
        return [event for event in self if event.kind is kind]

    def kinds(self) -> list[EventKind]:
        return [event.kind for event in self]

    def since(self, mark: int) -> "Recorder":
        later = Recorder()
        later.extend(self[mark:])
        return later


def exercise(name: str, **fields) -> dict:
    return {"name": name, **fields}


def routine(tmp_path: Path, *exercises: dict, phases: list[dict] | None = None, **defaults) -> Routine:
    """Write a routine file and load it. Give exercises (one phase), or whole phases."""
    if phases is None:
        phases = [{"name": "Main", "kind": "main", "exercises": list(exercises)}]
    document = {"name": "Test routine", "defaults": {**QUIET, **defaults}, "phases": phases}
    path = tmp_path / f"routine-{next(_names)}.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return load_routine(path)


def steps(tmp_path: Path, *exercises: dict, phases: list[dict] | None = None, **defaults) -> tuple[Step, ...]:
    return expand(routine(tmp_path, *exercises, phases=phases, **defaults))


def make_engine(timeline: tuple[Step, ...], clock: FakeClock | None = None, start: bool = True):
    """An engine on a fake clock and wall, with a recorder subscribed; started unless told."""
    clock = clock or FakeClock()
    engine = SessionEngine("Test routine", timeline, now=clock, wall=FakeWall(clock))
    recorder = Recorder()
    engine.subscribe(recorder)
    if start:
        engine.start()
    return engine, clock, recorder


def run_until(engine: SessionEngine, clock: FakeClock, t: float) -> None:
    """Jump the clock to `t` (seconds since the origin) and let the engine catch up in one update."""
    clock.at(t)
    engine.update()


def tick_until(engine: SessionEngine, clock: FakeClock, t: float, tick: float = 0.25) -> None:
    """Move the clock to `t` in small ticks, updating at each, as the screen's loop does."""
    while clock.t + tick < t:
        clock.advance(tick)
        engine.update()
    run_until(engine, clock, t)


def rel(time: float) -> float:
    """An engine time as seconds since the clock's origin."""
    return time - T0


def planned_starts(recorder: Recorder) -> list[float]:
    return [rel(event.planned) for event in recorder.of(EventKind.STEP_STARTED)]


def started_indices(recorder: Recorder) -> list[int]:
    return [event.step_index for event in recorder.of(EventKind.STEP_STARTED)]


def schedule(timeline: tuple[Step, ...], start: float = 0.0) -> list[float]:
    """The planned start of every step when nothing moves the schedule."""
    starts, at = [], start
    for step in timeline:
        starts.append(at)
        at += step.planned_seconds or 0
    return starts
