"""Expand a Routine into the flat timeline of steps a session plays, in order."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Iterator

from coach.routine.model import Exercise, Phase, Routine, Side


class StepKind(StrEnum):
    GET_READY = "get_ready"
    WORK = "work"
    REST_BETWEEN_REPS = "rest_between_reps"
    REST_BETWEEN_SETS = "rest_between_sets"
    SWITCH_SIDES = "switch_sides"
    REST = "rest"


@dataclass(frozen=True)
class Step:
    """One step of the timeline.

    Every step belongs to an exercise: get-ready to the first one, each rest to the
    exercise it follows. `planned_seconds` is None for a manual step (reps the person
    finishes with Enter). A tempo step covers all of a set's reps; `rep_seconds` says
    how long each rep takes, so the rep number can be derived from the time elapsed.
    """

    kind: StepKind
    planned_seconds: float | None
    exercise_index: int
    exercise: Exercise
    phase_index: int
    phase: Phase
    position_in_phase: int  # 0 for the phase's first exercise
    set_number: int = 1
    set_count: int = 1
    side: Side | None = None
    rep_number: int | None = None
    rep_count: int | None = None
    rep_seconds: float | None = None

    @property
    def is_work(self) -> bool:
        return self.kind is StepKind.WORK

    @property
    def is_manual(self) -> bool:
        return self.planned_seconds is None

    @property
    def is_own(self) -> bool:
        """Part of doing the exercise: not the lead-in before it, not the rest after it."""
        return self.kind not in (StepKind.GET_READY, StepKind.REST)

    @property
    def countdown(self) -> int:
        return self.exercise.timing.countdown


class SessionTooLong(Exception):
    """The expansion passed `limit` seconds; raised early so hostile files stay cheap."""

    def __init__(self, limit: float) -> None:
        super().__init__(f"the session is longer than {limit} s")
        self.limit = limit


def expand(routine: Routine, limit_seconds: float | None = None) -> tuple[Step, ...]:
    """The routine's timeline. No rest follows the last exercise."""
    steps: list[Step] = []
    total = 0.0
    for step in _steps(routine):
        steps.append(step)
        total += step.planned_seconds or 0
        if limit_seconds is not None and total > limit_seconds:
            raise SessionTooLong(limit_seconds)
    return tuple(steps)


def countdown_ticks(countdown: int, length: float) -> tuple[int, ...]:
    """The seconds before a step's end at which a countdown ticks: countdown, …, 1, but only those
    shorter than the step (a 2-second step ticks at 1 alone)."""
    return tuple(second for second in range(countdown, 0, -1) if second < length)


def rest_after(steps: tuple[Step, ...] | list[Step]) -> dict[int, float]:
    """The rest that follows each exercise, by position (none after the last, nor where rest is 0)."""
    return {step.exercise_index: step.planned_seconds or 0.0 for step in steps if step.kind is StepKind.REST}


def total_planned_seconds(steps: tuple[Step, ...] | list[Step]) -> float:
    """The sum of every timed step (manual steps count as zero)."""
    return sum(step.planned_seconds or 0 for step in steps)


def _steps(routine: Routine) -> Iterator[Step]:
    placed = [
        (phase_index, phase, in_phase, exercise)
        for phase_index, phase in enumerate(routine.phases)
        for in_phase, exercise in enumerate(phase.exercises)
    ]
    for index, (phase_index, phase, in_phase, exercise) in enumerate(placed):
        def step(kind: StepKind, seconds: float | None, **where: object) -> Step:
            return Step(kind, seconds, index, exercise, phase_index, phase, in_phase, **where)  # type: ignore[arg-type]

        if index == 0 and routine.get_ready > 0:
            yield step(StepKind.GET_READY, routine.get_ready)
        yield from _exercise_steps(exercise, step)
        if index < len(placed) - 1 and exercise.timing.rest > 0:
            yield step(StepKind.REST, exercise.timing.rest)


def _exercise_steps(exercise: Exercise, step) -> Iterator[Step]:
    timing = exercise.timing
    sides: tuple[Side | None, ...] = exercise.sides or (None,)
    for set_index in range(exercise.sets):
        where = {"set_number": set_index + 1, "set_count": exercise.sets}
        if set_index > 0 and timing.rest_between_sets > 0:
            yield step(StepKind.REST_BETWEEN_SETS, timing.rest_between_sets, **where)
        reps = exercise.reps_in_set(set_index)
        for side_index, side in enumerate(sides):
            if side_index > 0 and timing.switch_sides > 0:
                yield step(StepKind.SWITCH_SIDES, timing.switch_sides, side=side, **where)
            if exercise.duration is not None:
                yield step(StepKind.WORK, exercise.duration, side=side, **where)
            elif exercise.tempo is not None:
                yield step(StepKind.WORK, exercise.tempo * reps, side=side, rep_count=reps, rep_seconds=exercise.tempo, **where)
            elif exercise.hold is not None:
                for rep in range(1, reps + 1):
                    if rep > 1 and timing.rest_between_reps > 0:
                        yield step(StepKind.REST_BETWEEN_REPS, timing.rest_between_reps, side=side,
                                   rep_number=rep, rep_count=reps, **where)
                    yield step(StepKind.WORK, exercise.hold, side=side, rep_number=rep, rep_count=reps, **where)
            else:
                yield step(StepKind.WORK, None, side=side, rep_count=reps, **where)
