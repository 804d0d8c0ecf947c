"""The report made from an open history: what `coach report` and the history screen's `r` both write."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from coach.report import data

if TYPE_CHECKING:
    from collections.abc import Mapping

    from coach.history.store import HistoryStore
    from coach.settings import Settings

DEFAULT_WEEKS = 6


def default_start(end: date, weeks: int = DEFAULT_WEEKS) -> date:
    """The first day of `weeks` weeks to `end`: its own week (from Monday) and the whole weeks before it."""
    return end - timedelta(days=end.weekday()) - timedelta(weeks=weeks - 1)


def report_text(store: HistoryStore | None, settings: Settings, start: date, end: date, today: date,
                form: str = "html", notes: bool = True, tz: tzinfo | None = None, paper: str | None = None,
                poses: Mapping[str, str] | None = None) -> str:
    """The report for the days `start` to `end` as HTML or Markdown (`form`: "html" or "md"; HTML printed on
    `paper`, "A4" or "letter", when given); an empty one without a history. Raises HistoryUnavailable when the
    history cannot be read."""
    from dataclasses import replace

    from coach.history import program_log, reminder_log
    from coach.report import html, markdown

    sessions, exercises, answers, decisions, reminders = [], {}, {}, [], None
    if store is not None:
        since = datetime.combine(start - timedelta(days=1), time()).astimezone(tz)
        sessions = store.sessions()
        exercises = data.parse_exercises([text for _, text in store.documents(since)])
        answers = program_log.next_day_answers(store)
        decisions = program_log.decisions(store)
        reminders = reminder_log.reminder_days(store, sessions, start, end, tz).line()
    built = data.build(sessions, exercises, start, end, today, sessions_goal=settings.weekly_sessions_goal,
                       aerobic_goal=settings.weekly_aerobic_minutes_goal, person=settings.name or None,
                       next_day=answers, decisions=decisions, notes=notes, tz=tz, poses=poses)
    built = replace(built, reminders=reminders)
    return html.render(built, paper) if form == "html" else markdown.render(built)


def write_to_data_folder(store: HistoryStore | None, settings: Settings, data_dir: Path, today: date,
                         poses: Mapping[str, str] | None = None) -> Path:
    """The history screen's `r`: the default report as HTML in `reports/` in the data folder (coach's own
    folder, so the day's report is replaced), written atomically; its path. Raises HistoryUnavailable, OSError."""
    from coach.fileio import write_atomically

    path = data_dir / "reports" / f"coach-report-{today:%Y-%m-%d}.html"
    write_atomically(path, report_text(store, settings, default_start(today), today, today, poses=poses))
    return path
