"""Events the engine emits, each with its planned and actual monotonic time."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from coach.routine.expand import Step
from coach.session.records import ExerciseRecord, SessionRecord


class EventKind(StrEnum):
    STEP_STARTED = "step_started"
    STEP_ENDED = "step_ended"
    COUNTDOWN = "countdown"  # `second` is N, N-1 … 1 before the step's end
    HALFWAY = "halfway"
    TIMED_CUE = "timed_cue"  # a routine's `at:` cue; `text` holds it
    PHASE_STARTED = "phase_started"
    EXERCISE_ENDED = "exercise_ended"  # `record` holds how it went
    SESSION_FINISHED = "session_finished"  # `session` holds the whole record
    # Everything due for one update or command has been emitted: listeners that gather the
    # events of an instant (the cue player, which plays one sound for them) act now.
    UPDATE_DONE = "update_done"


@dataclass(frozen=True)
class Event:
    kind: EventKind
    planned: float
    actual: float
    step_index: int
    step: Step
    second: int | None = None
    text: str | None = None
    record: ExerciseRecord | None = None
    session: SessionRecord | None = None

    @property
    def lateness(self) -> float:
        return self.actual - self.planned
