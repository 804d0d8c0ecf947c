"""Today as a reminder sees it, read from the history: the program's plan where one is followed, else the
routine done last, and this week's sessions against the goal (the program's, else the settings')."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from coach.remind.nudge import Today

if TYPE_CHECKING:
    from coach.history.store import HistoryStore
    from coach.paths import Places
    from coach.settings import Settings


def today_for(store: HistoryStore | None, places: Places, settings: Settings, now: datetime) -> Today:
    from coach.history.following import ProgramProblem, following
    from coach.program.decide import decide
    from coach.history.model import RUNNING
    from coach.history.stats import compute, counts_toward_goal, local_start
    from coach.routine.expand import expand, total_planned_seconds

    day = now.date()
    sessions = store.sessions() if store is not None else []
    done = any(counts_toward_goal(session) and local_start(session).date() == day for session in sessions)
    # Still "running" once the history is open for writing: another coach holds it, so the session is live.
    running = any(session.status == RUNNING and local_start(session).date() == day for session in sessions)
    try:
        followed = following(store, places) if store is not None else None
    except ProgramProblem:
        followed = None  # `coach run` says what is wrong with the program; the reminder still reminds
    if followed is not None:  # only the program's own session today counts as done, not a logged walk
        history = followed.history()  # read once: for today's decision, this week, and what is done
        decision = decide(followed.program, history, day)
        done = any(session.day == day for session in history.sessions)
        week = followed.week(day, history, decision)
        seconds = total_planned_seconds(expand(decision.plan))
        return Today(decision.plan.name, max(1, round(seconds / 60)), week.sessions, week.sessions_goal,
                     decision.reasons[0] if decision.reasons else None, done, running)
    stats = compute(sessions, day, settings.weekly_sessions_goal, settings.weekly_aerobic_minutes_goal)
    guided = [session for session in sessions if session.source == "guided"]
    last = max(guided, key=lambda session: session.started, default=None)
    return Today(last.routine_name if last else None,
                 max(1, round(last.planned_seconds / 60)) if last and last.planned_seconds else None,
                 stats.this_week.sessions, settings.weekly_sessions_goal, None, done, running)
