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
    """How one exercise went. Offsets are seconds from the session's start, pauses included."""

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
