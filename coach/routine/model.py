"""The routine model: plain, immutable dataclasses with no I/O and no Textual."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


# The cue sounds a routine's `sounds:` key may replace, most frequent first.
CUE_SOUNDS = ("tick", "go", "rest", "switch", "halfway", "done", "finish")


class PhaseKind(StrEnum):
    """What a phase is for; drives its colour on screen and the statistics."""

    WARMUP = "warmup"
    MAIN = "main"
    COOLDOWN = "cooldown"
    AEROBIC = "aerobic"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"


DEFAULT_GET_READY = 5.0  # seconds to get into position before the first exercise


@dataclass(frozen=True)
class Timing:
    """Rests and cue settings an exercise inherits from `defaults` and may override."""

    rest: float = 15
    rest_between_sets: float = 20
    rest_between_reps: float = 2
    switch_sides: float = 5
    get_ready: float = DEFAULT_GET_READY  # before the first exercise and after jumps; in `defaults` only
    countdown: int = 3


@dataclass(frozen=True)
class TimedCue:
    """A cue shown (and spoken) part-way through a timed step.

    Exactly one of `after` (seconds into the step) and `half` is set.
    """

    text: str
    after: float | None = None
    half: bool = False

    def offset(self, step_seconds: float) -> float:
        return step_seconds / 2 if self.half else float(self.after or 0)

    def when(self) -> str:
        """When it comes, in words: 'halfway' or 'at 10 s' (into each timed step)."""
        from coach.routine.durations import format_duration

        return "halfway" if self.half else f"at {format_duration(self.after)}"


@dataclass(frozen=True)
class Exercise:
    """One exercise: a timed block, timed holds, tempo reps, or manual reps; sets and sides."""

    name: str
    sets: int = 1
    reps: tuple[int, ...] | None = None  # reps of each set; None for a `duration` block
    hold: float | None = None  # each rep is a timed hold of this many seconds
    tempo: float | None = None  # reps at this many seconds each, in one timed step
    duration: float | None = None  # one timed block per set and side
    sides: tuple[Side, ...] = ()
    timing: Timing = field(default_factory=Timing)
    cues: tuple[str, ...] = ()
    say: str | None = None
    at: tuple[TimedCue, ...] = ()
    pose: str | None = None  # the picture's pose (coach.pictures), when `pose:` names one; else found by name
    image: Path | None = None  # the person's own picture (PNG or JPEG, checked), shown instead of a pose

    @property
    def is_manual(self) -> bool:
        """Reps with no hold and no tempo: the person says when they are done."""
        return self.duration is None and self.hold is None and self.tempo is None

    def reps_in_set(self, set_index: int) -> int:
        return self.reps[set_index] if self.reps else 1

    def dose_parts(self) -> Dose:
        """What the dose consists of, decided once for every way it is shown or said."""
        one_hold_a_set = self.hold is not None and set(self.reps or ()) <= {1}
        return Dose(sets=self.sets, reps=None if one_hold_a_set else self.reps, duration=self.duration,
                    hold=self.hold, tempo=self.tempo, sides=self.sides)

    def dose(self) -> str:
        """A short description of the dose: '3 sets × 6/4/2 reps × 8 s hold, each side'."""
        return self.dose_parts().written()


@dataclass(frozen=True)
class Dose:
    """An exercise's dose as parts: `reps` is None when nothing is counted (timed work, or one hold a set)."""

    sets: int
    reps: tuple[int, ...] | None
    duration: float | None
    hold: float | None
    tempo: float | None
    sides: tuple[Side, ...]

    @property
    def single_hold(self) -> bool:
        """One hold and nothing else: said as 'hold for 30 seconds'."""
        return self.hold is not None and self.reps is None and self.sets == 1

    @property
    def both_sides(self) -> bool:
        return len(self.sides) == 2

    def written(self) -> str:
        """For the screen and `coach show`: '3 sets × 6/4/2 reps × 8 s hold, each side'."""
        from coach.routine.durations import format_duration

        parts = []
        if self.sets > 1:
            parts.append(f"{self.sets} sets")
        if self.reps is not None:
            counts = str(self.reps[0]) if len(set(self.reps)) == 1 else "/".join(str(count) for count in self.reps)
            parts.append(f"{counts} {'rep' if self.reps == (1,) else 'reps'}")
        if self.duration is not None:
            parts.append(format_duration(self.duration))
        if self.hold is not None:
            parts.append(f"{format_duration(self.hold)} hold")
        if self.tempo is not None:
            parts.append(f"{format_duration(self.tempo)} each")
        text = " × ".join(parts)
        if self.both_sides:
            text += ", each side"
        elif self.sides:
            text += f", {self.sides[0]} side"
        return text


@dataclass(frozen=True)
class Phase:
    """A named part of a routine (warm-up, core, cool-down, aerobic) and its exercises, in order."""

    name: str
    kind: PhaseKind
    exercises: tuple[Exercise, ...]


@dataclass(frozen=True)
class Routine:
    """A whole routine file, checked: its phases, notes and goal, and where it came from."""

    name: str
    phases: tuple[Phase, ...]
    description: str | None = None
    safety: str | None = None
    weekly_goal: int | None = None
    get_ready: float = DEFAULT_GET_READY
    source: Path | None = None
    # Cue name -> absolute path of the routine's own WAV file. Left out of the hash
    # so a Routine stays hashable.
    sounds: dict[str, Path] = field(default_factory=dict, hash=False)

    @property
    def exercises(self) -> list[Exercise]:
        return [exercise for phase in self.phases for exercise in phase.exercises]
