"""The program model: plain, immutable dataclasses with no I/O and no Textual."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from coach.routine.model import Routine


@dataclass(frozen=True)
class DoseChange:
    """How a stage changes its routine: added to every exercise that has the quantity, then the
    per-exercise overrides (absolute values) by exercise name."""

    hold: float = 0.0  # seconds added to each timed hold
    reps: int = 0  # added to every set's reps (counted reps, not single holds)
    sets: int = 0  # sets added (a pyramid repeats its last set)
    exercises: dict[str, ExerciseDose] = field(default_factory=dict, hash=False)

    @property
    def is_none(self) -> bool:
        return not (self.hold or self.reps or self.sets or self.exercises)


@dataclass(frozen=True)
class ExerciseDose:
    """One exercise's dose set outright by a stage; None leaves that part as the routine has it."""

    hold: float | None = None
    reps: int | None = None
    sets: int | None = None


@dataclass(frozen=True)
class Stage:
    name: str
    routine: Routine  # the routine as written; `plan` is it with the change applied
    change: DoseChange
    plan: Routine
    aerobic_minutes: int | None = None  # the aerobic target per bout at this rung of the aerobic ladder


@dataclass(frozen=True)
class Weekly:
    """What a week should hold: strength and stretch sessions, and aerobic minutes in bouts."""

    sessions: int = 5
    aerobic_minutes: tuple[int, int] = (90, 120)  # the least and the most; the least is the goal
    bouts: tuple[int, int] = (3, 4)


@dataclass(frozen=True)
class FlareUp:
    routine: Routine
    green_days: int = 2  # green flare-up sessions, on separate days, before going back


@dataclass(frozen=True)
class Rules:
    """The progression rules' numbers (the traffic light and the 24-hour rule); a program may change them."""

    advance_after: int = 3  # green sessions in a row at a stage before moving on
    green_pain: int = 3  # pain after at most this is fine
    red_pain: int = 6  # pain after, or next-morning pain, at least this is a stop
    amber_rise: int = 2  # pain up by this much is a caution
    red_rise: int = 3  # pain up by this much or more is a stop
    flare_reds: int = 2  # this many reds ...
    flare_days: int = 7  # ... within this many days is a flare-up
    flare_rise: int = 3  # next-morning pain this far above the usual is a flare-up
    aerobic_weeks: int = 2  # weeks in a row meeting the aerobic goal, with no red, before the bout grows


@dataclass(frozen=True)
class Program:
    name: str
    stages: tuple[Stage, ...]
    flare_up: FlareUp
    weekly: Weekly = Weekly()
    rules: Rules = Rules()
    description: str | None = None
    safety: str | None = None
    activity: str | None = None  # the aerobic activity suggested ("walking, swimming or cycling")
    source: Path | None = None

    @property
    def aerobic_ladder(self) -> tuple[int, ...]:
        """The aerobic targets per bout, rung by rung: each stage's, in order, where given."""
        return tuple(stage.aerobic_minutes for stage in self.stages if stage.aerobic_minutes is not None)
