"""The program being followed, with its file loaded and its log read: what the CLI and the screens ask
for today's plan, this week's counts, and what a session just done means for next time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from coach.history import program_log
from coach.history.program_log import ActiveProgram
from coach.program.decide import Decision, ProgramHistory, ProgramSession, decide
from coach.program.model import Program
from coach.session.records import ExerciseStatus, SessionRecord, SessionStatus

if TYPE_CHECKING:
    from coach.history.store import HistoryStore
    from coach.paths import Places


class ProgramProblem(Exception):
    """The program followed cannot be used (its file is gone or broken); the message says what to do."""


@dataclass(frozen=True)
class Week:
    """This week against the program's `weekly`: sessions under the program, and aerobic minutes."""

    sessions: int
    sessions_goal: int
    aerobic_minutes: float
    aerobic_goal: int


@dataclass
class Following:
    active: ActiveProgram
    program: Program
    store: HistoryStore
    tz: tzinfo | None = None

    def history(self, current: tuple[str, SessionRecord] | None = None) -> ProgramHistory:
        """The program's log; `current`: (uuid, record) of a session not yet (fully) saved, which counts too."""
        history = program_log.history_of(self.store, self.active, self.tz)
        if current is None:
            return history
        uuid, record = current
        sessions = tuple(session for session in history.sessions if session.uuid != uuid)
        outcome = session_outcome(uuid, record, self.tz)
        return ProgramHistory(history.started, history.start_stage,
                              tuple(sorted((*sessions, outcome), key=lambda session: session.at)),
                              history.stage_sets, history.aerobic_minutes)

    def decide(self, today: date, current: tuple[str, SessionRecord] | None = None) -> Decision:
        return decide(self.program, self.history(current), today)

    def week(self, today: date, history: ProgramHistory | None = None, decision: Decision | None = None) -> Week:
        """This week's counts; the aerobic goal is the week's (`decide.week_aerobic_goal`), from `decision`."""
        history = history or self.history()
        decision = decision or decide(self.program, history, today)
        monday = today - timedelta(days=today.weekday())
        days = {monday + timedelta(days=offset) for offset in range(7)}
        sessions = len({session.uuid for session in history.sessions if session.day in days})
        minutes = sum(history.aerobic_minutes.get(day, 0.0) for day in days)
        return Week(sessions, self.program.weekly.sessions, minutes, decision.aerobic_week_goal)

    def record(self, decision: Decision, from_stage: int | None, now: datetime) -> None:
        program_log.record_decision(self.store, self.active, decision, from_stage, now)


@dataclass(frozen=True)
class TodaysPlan:
    """What `coach run` (no routine) or the Today card runs: today's decision, and the program it is from."""

    active: ActiveProgram
    program: Program
    decision: Decision

    def following(self, store: HistoryStore, tz: tzinfo | None = None) -> Following:
        return Following(self.active, self.program, store, tz)


def todays_plan(store: HistoryStore, places: Places, today: date, tz: tzinfo | None = None) -> TodaysPlan | None:
    """Today's plan of the program followed; None when none is. Raises ProgramProblem as following() does."""
    followed = following(store, places, tz)
    if followed is None:
        return None
    return TodaysPlan(followed.active, followed.program, followed.decide(today))


def session_outcome(uuid: str, record: SessionRecord, tz: tzinfo | None = None) -> ProgramSession:
    """A session as the rules see it, from its record."""
    statuses = [exercise.status for exercise in record.exercises]
    total = max(record.exercise_total, len(statuses))
    return ProgramSession(
        uuid=uuid, at=record.started.astimezone(tz).replace(tzinfo=None),
        completed=record.status is SessionStatus.COMPLETED,
        all_done=bool(statuses) and len(statuses) >= total and all(status is ExerciseStatus.DONE for status in statuses),
        hurt=record.status is SessionStatus.PAIN_STOPPED or ExerciseStatus.PAIN in statuses,
        pain_before=record.pain_before, pain_after=record.pain_after)


def following(store: HistoryStore, places: Places, tz: tzinfo | None = None) -> Following | None:
    """The program followed, loaded; None when none is. Raises ProgramProblem when its file cannot be used."""
    from pathlib import Path

    from coach.program.catalog import ProgramNotFound, find_program, load_program_file
    from coach.routine.errors import RoutineError
    from coach.safe_text import for_terminal

    active = program_log.active(store)
    if active is None:
        return None
    try:
        stored = Path(active.file)  # a file given by its path, or a program of the catalog by its name
        program = load_program_file(stored if stored.is_absolute() else find_program(active.file, places, names_only=True),
                                    places)
    except ProgramNotFound as error:
        raise ProgramProblem(for_terminal(
            f'the program "{active.name}" you follow cannot be found: {error}. Start it again with '
            "`coach program start`, or stop it with `coach program stop`")) from None
    except RoutineError as error:
        first = error.problems[0] if error.problems else "it cannot be read"
        raise ProgramProblem(for_terminal(
            f'the program "{active.name}" you follow cannot be used: {first}. Fix its file, start it again with '
            "`coach program start`, or stop it with `coach program stop`")) from None
    return Following(active, program, store, tz)
