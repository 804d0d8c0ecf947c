"""What a session records: one record per exercise, and one for the whole session."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class ExerciseStatus(StrEnum):
    DONE = "done"
    SKIPPED = "skipped"
    PARTIAL = "partial"
    PAIN = "pain"


STATUS_MARKS = {
    ExerciseStatus.DONE: "✓ done",
    ExerciseStatus.PARTIAL: "◐ partial",
    ExerciseStatus.SKIPPED: "– skipped",
    ExerciseStatus.PAIN: "✗ painful",
}
"""How an exercise's status is shown, on the summary and in the history (keys match the stored strings too)."""


class SessionStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    STOPPED = "stopped"
    PAIN_STOPPED = "pain_stopped"
    INTERRUPTED = "interrupted"  # coach was ended (a signal, a crash) before the session was


@dataclass(frozen=True)
class ExerciseRecord:
    """How one exercise went. Offsets are seconds from the session's start, pauses included.

    `work_seconds` is the time in its work steps (holds, reps, durations): what "work" means on every
    screen. `active_seconds` adds the rests and switches inside the exercise (pauses excluded), and
    `planned_seconds` is planned on that same basis; `planned_work_seconds` on the work basis.
    """

    position: int
    name: str
    phase: str
    phase_kind: str
    status: ExerciseStatus
    planned_seconds: float
    active_seconds: float
    sets_completed: int
    set_count: int
    start_offset: float | None
    end_offset: float | None
    manual: bool = False  # reps the person counts: its planned seconds are only its rests
    work_seconds: float | None = None  # None: recorded before coach kept work time apart
    planned_work_seconds: float | None = None


@dataclass
class SessionRecord:
    """How the whole session went; `exercises` holds one record per exercise, by position."""

    routine_name: str
    started: datetime
    planned_seconds: float
    ended: datetime | None = None
    status: SessionStatus = SessionStatus.RUNNING
    active_seconds: float = 0.0
    paused_seconds: float = 0.0
    exercises: list[ExerciseRecord] = field(default_factory=list)
    routine_file: str | None = None
    pain_before: int | None = None
    pain_after: int | None = None
    note: str | None = None
    exercise_total: int = 0  # exercises in the routine, reached or not (0: unknown)

    @property
    def work_seconds(self) -> float:
        """Seconds of work in the exercises recorded (an exercise without work time counts its active time)."""
        return sum(record.active_seconds if record.work_seconds is None else record.work_seconds
                   for record in self.exercises)

    @property
    def planned_work_seconds(self) -> float:
        return sum(record.planned_work_seconds or 0.0 for record in self.exercises)
