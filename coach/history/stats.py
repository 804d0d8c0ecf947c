"""Weekly goals, streaks and trends from the history. Pure: no SQLite, no Textual, no clock.

Definitions:

- A week is an ISO week, Monday to Sunday, in the LOCAL time of the session's start: a session
  started at 23:30 on Sunday belongs to that week wherever UTC says it is. `tz` chooses the
  zone (None: this computer's local zone).
- A session counts toward the weekly sessions goal (and so the streak) when it is over (completed,
  stopped, stopped for pain, or interrupted) with at least one exercise done: a session in which
  every exercise was skipped does not count, even if it ran to the end. A manual log entry
  (`coach log`) is stored as completed with its activity done, so it counts. A session still
  running does not.
- Aerobic minutes are the work seconds of every exercise in an aerobic phase (rests between its sets
  left out), whatever its status (time spent is time spent), including manual entries logged with
  kind aerobic. An exercise recorded before coach kept work time apart counts its active time.
- The streak is the number of consecutive weeks meeting the sessions goal, counting back from this
  week if it is met already, otherwise from last week: an unfinished week does not break a streak.
- Completion is done exercises / the exercises in the routine (`exercise_total`), reached or not:
  exercises never reached in a session cut short count as not done, so stopping after 2 of 5
  shows 40%, not 100%. Counting exercises (not planned seconds) keeps rep exercises the person
  counts themselves, which have no planned time, in the figure, and matches the summary screen's
  "4 of 5 exercises done".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Iterable, Sequence

from coach.history.activities import canonical
from coach.history.model import COMPLETED, INTERRUPTED, MANUAL, PAIN_STOPPED, STOPPED, StoredSession

WEEKS_SHOWN = 12
PAIN_DAYS = 90
_OVER = (COMPLETED, STOPPED, PAIN_STOPPED, INTERRUPTED)
OVER = _OVER  # the statuses of a session that has ended (not one still running)


@dataclass(frozen=True)
class Week:
    start: date  # the Monday
    sessions: int
    aerobic_minutes: float


@dataclass(frozen=True)
class PainPoint:
    """Pain before and after one session (either may be None)."""

    session_id: int
    started: datetime  # local
    routine_name: str
    before: int | None
    after: int | None


@dataclass(frozen=True)
class Stats:
    today: date
    sessions_goal: int
    aerobic_minutes_goal: int
    this_week: Week
    streak: int  # weeks
    weeks: tuple[Week, ...]  # the last WEEKS_SHOWN weeks, oldest first, this week last

    @property
    def sessions_met(self) -> bool:
        return self.this_week.sessions >= self.sessions_goal

    @property
    def aerobic_met(self) -> bool:
        return self.this_week.aerobic_minutes >= self.aerobic_minutes_goal


def local_start(session: StoredSession, tz: tzinfo | None = None) -> datetime:
    return session.started.astimezone(tz)


def week_of(day: date) -> date:
    """The Monday of `day`'s ISO week."""
    return day - timedelta(days=day.weekday())


def week_start_time(today: date, tz: tzinfo | None = None) -> datetime:
    """Midnight at the start of `today`'s week, in `tz` (None: local): `store.sessions(since=...)` for
    just this week, which is all the home screen's week strip needs."""
    monday = datetime.combine(week_of(today), time())
    return monday.replace(tzinfo=tz) if tz is not None else monday.astimezone()


def counts_toward_goal(session: StoredSession) -> bool:
    """Over, with at least one exercise done (whatever the session's status); a `coach log` entry always."""
    if session.status not in _OVER:
        return False
    return session.done_count > 0 or session.source == MANUAL


def exercise_total(session: StoredSession) -> int:
    """The exercises in the session's routine, reached or not (at least those recorded)."""
    return max(session.exercise_total, session.exercise_count)


def completion(session: StoredSession) -> float | None:
    """Done exercises / exercises in the routine, from 0.0 to 1.0; None for a session with no exercises."""
    total = exercise_total(session)
    if total == 0:
        return None
    return session.done_count / total


def compute(sessions: Iterable[StoredSession], today: date, sessions_goal: int = 3,
            aerobic_minutes_goal: int = 90, tz: tzinfo | None = None) -> Stats:
    counted: Counter[date] = Counter()
    aerobic: defaultdict[date, float] = defaultdict(float)
    first_week = week_of(today)
    for session in sessions:
        week = week_of(local_start(session, tz).date())
        first_week = min(first_week, week)
        if counts_toward_goal(session):
            counted[week] += 1
        if session.aerobic_seconds:
            aerobic[week] += session.aerobic_seconds / 60

    this_monday = week_of(today)
    weeks = tuple(
        Week(monday, counted[monday], round(aerobic[monday], 1))
        for monday in (this_monday - timedelta(weeks=back) for back in range(WEEKS_SHOWN - 1, -1, -1))
    )
    monday = this_monday if counted[this_monday] >= sessions_goal else this_monday - timedelta(weeks=1)
    streak = 0
    while counted[monday] >= sessions_goal and monday >= first_week:  # no streak before the first session,
        streak += 1  # whatever the goal (one below 1 would otherwise count back forever)
        monday -= timedelta(weeks=1)
    return Stats(today, sessions_goal, aerobic_minutes_goal, weeks[-1], streak, weeks)


def pain_points(sessions: Sequence[StoredSession], today: date, tz: tzinfo | None = None,
                days: int = PAIN_DAYS) -> list[PainPoint]:
    """Sessions of the last `days` days (today included) with a pain score, oldest first."""
    first_day = today - timedelta(days=days - 1)
    points = []
    for session in sessions:
        if session.pain_before is None and session.pain_after is None:
            continue
        started = local_start(session, tz)
        if first_day <= started.date() <= today:
            points.append(PainPoint(session.id, started, session.routine_name, session.pain_before,
                                    session.pain_after))
    points.sort(key=lambda point: point.started)
    return points


@dataclass(frozen=True)
class RoutineGoal:
    """A routine's own `weekly_goal` against its sessions this week."""

    routine: str
    done: int
    goal: int

    @property
    def met(self) -> bool:
        return self.done >= self.goal


def routine_goals(sessions: Iterable[StoredSession], goals: dict[str, int], today: date,
                  tz: tzinfo | None = None) -> list[RoutineGoal]:
    """For each routine with a weekly goal (by its shown name) that the history has sessions of, its
    sessions this week that count toward a goal (as for the weekly sessions goal), in the order `goals`
    gives them. A routine never done is left out: its 0 would only be noise."""
    sessions = list(sessions)
    this_monday = week_of(today)
    counted = [session for session in sessions
               if counts_toward_goal(session) and week_of(local_start(session, tz).date()) == this_monday]
    return [RoutineGoal(name, sum(1 for session in counted if matches_routine(session, name)), goal)
            for name, goal in goals.items() if any(matches_routine(session, name) for session in sessions)]


def group_name(session: StoredSession) -> str:
    """The name the history groups a session under: a logged activity under its known name ("ride" and
    "Cycling" are one), a routine under its own."""
    return canonical(session.routine_name) if session.source == MANUAL else session.routine_name


def routine_names(sessions: Iterable[StoredSession]) -> list[str]:
    """The routine (or logged activity) names in the history, sorted case-insensitively."""
    return sorted({group_name(session) for session in sessions}, key=str.casefold)


def matches_routine(session: StoredSession, wanted: str) -> bool:
    """True when `wanted` is the session's routine name or its file's name, ignoring case (for a logged
    activity, any name of the same known activity)."""
    if session.source == MANUAL and group_name(session).casefold() == canonical(wanted).casefold():
        return True
    wanted = wanted.casefold()
    if session.routine_name.casefold() == wanted:
        return True
    if session.routine_file:
        stem = session.routine_file.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
        return stem.casefold() == wanted
    return False
