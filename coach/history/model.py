"""What the history holds: plain dataclasses shared by the store, the statistics, the CLI and the screen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from coach.routine.model import PhaseKind
from coach.session.records import ExerciseStatus, SessionStatus

# The engine's statuses (`interrupted`: coach ended mid-way) and the routine's phase kinds,
# as the history stores them (plain strings).
RUNNING = SessionStatus.RUNNING.value
COMPLETED = SessionStatus.COMPLETED.value
STOPPED = SessionStatus.STOPPED.value
PAIN_STOPPED = SessionStatus.PAIN_STOPPED.value
INTERRUPTED = SessionStatus.INTERRUPTED.value
SESSION_STATUSES = tuple(status.value for status in SessionStatus)
EXERCISE_STATUSES = tuple(status.value for status in ExerciseStatus)
DONE = ExerciseStatus.DONE.value
PHASE_KINDS = tuple(kind.value for kind in PhaseKind)

GUIDED = "guided"
MANUAL = "manual"
IMPORTED = "imported"
SHORT_ID = 8  # characters of a UUID shown as a session's id
SOURCES = (GUIDED, MANUAL, IMPORTED)


@dataclass(frozen=True)
class StoredExercise:
    """One exercise of a stored session. Offsets are seconds from the session's start."""

    position: int
    name: str
    phase: str
    phase_kind: str
    status: str
    planned_seconds: float
    active_seconds: float
    sets_completed: int
    set_count: int
    start_offset: float | None = None
    end_offset: float | None = None
    work_seconds: float | None = None  # None: recorded before coach kept work time apart
    planned_work_seconds: float | None = None

    @property
    def work_or_active(self) -> float:
        """The work time, or for an older record that lacks it, its active time (rests included)."""
        return self.active_seconds if self.work_seconds is None else self.work_seconds


@dataclass(frozen=True)
class StoredSession:
    """One stored session, with the figures the statistics need already totalled from its exercises.

    `started` and `ended` are aware datetimes in UTC. `exercise_count` counts the exercises recorded
    (those that ended); `exercise_total` the exercises the routine has, reached or not, which the
    store keeps at least `exercise_count`.
    """

    id: int
    uuid: str
    routine_name: str
    started: datetime
    status: str
    source: str
    planned_seconds: float = 0.0
    active_seconds: float = 0.0
    paused_seconds: float = 0.0
    ended: datetime | None = None
    routine_file: str | None = None
    routine_hash: str | None = None
    pain_before: int | None = None
    pain_after: int | None = None
    note: str | None = None
    exercise_count: int = 0
    done_count: int = 0
    painful_count: int = 0
    aerobic_seconds: float = 0.0
    exercise_total: int = 0
    work_seconds: float = 0.0  # in work steps, summed over the exercises (older ones: their active time)
    edited_at: datetime | None = None  # when the person last corrected it (coach history edit, e on the screen)

    @property
    def short_id(self) -> str:
        """The start of the UUID that `coach history` shows and `coach history edit ID` takes."""
        return self.uuid[:SHORT_ID]


def utc_text(moment: datetime) -> str:
    """UTC ISO 8601 to the second ("2024-06-03T07:12:00+00:00"); fixed width, so text order is time order.

    A naive datetime is taken as UTC, as in `parse_time`.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def parse_time(text: str) -> datetime:
    """The datetime for ISO 8601 `text`, in UTC; one without an offset is taken as UTC."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is timezone.utc:  # as the store writes them: the common case, kept fast
        return moment
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)
