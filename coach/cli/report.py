"""`coach report`: the one-page report for the physical therapist, as HTML or Markdown."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from coach.cli.history import _may_write, _open_history
from coach.cli.output import EXIT_FAILED, EXIT_INVALID, EXIT_OK, say, say_error

DEFAULT_WEEKS = 6
SUFFIXES = {"html": "html", "md": "md"}


def report(args, places) -> int:
    from coach.fileio import write_new_atomically

    today = date.today()
    end = args.until or today
    # N weeks: this week (Monday to `end`) and the N - 1 whole weeks before it.
    start = args.since or (end - timedelta(days=end.weekday()) - timedelta(weeks=(args.weeks or DEFAULT_WEEKS) - 1))
    if start > end:
        say_error(f"--since {start} is after --until {end}; nothing to report")
        return EXIT_INVALID
    target = Path(args.out or f"coach-report-{today:%Y-%m-%d}.{SUFFIXES[args.format]}")
    if not _may_write(target, places, args.force):
        return EXIT_FAILED
    text = report_text(places, start, end, today, args.format, notes=not args.no_notes)
    if text is None:
        return EXIT_FAILED
    try:
        write_new_atomically(target, text, replace=args.force)
    except FileExistsError:
        say_error(f"cannot write {target}: it appeared while the report was made; nothing was replaced")
        return EXIT_FAILED
    except OSError as error:
        say_error(f"cannot write {target}: {error.strerror or error}")
        return EXIT_FAILED
    say(str(target))
    return EXIT_OK


def report_text(places, start: date, end: date, today: date, form: str, notes: bool = True) -> str | None:
    """The report's text for the days `start` to `end`, or None after saying why the history cannot be read."""
    from coach.history import program_log
    from coach.history.store import HistoryUnavailable
    from coach.report import data, html, markdown
    from coach.settings import load_settings

    settings = load_settings(places.settings_file).settings
    sessions, exercises, answers, decisions = [], {}, {}, []
    if places.history_db.exists():
        store = _open_history(places, reading=True)
        if store is None:
            return None
        from datetime import datetime, time

        since = datetime.combine(start - timedelta(days=1), time()).astimezone()
        with store:
            try:
                sessions = store.sessions()
                exercises = data.parse_exercises([text for _, text in store.documents(since)])
                answers = program_log.next_day_answers(store)
                decisions = program_log.decisions(store)
            except HistoryUnavailable as error:
                say_error(str(error))
                return None
    built = data.build(sessions, exercises, start, end, today, sessions_goal=settings.weekly_sessions_goal,
                       aerobic_goal=settings.weekly_aerobic_minutes_goal, person=settings.name or None,
                       next_day=answers, decisions=decisions, notes=notes)
    return (html if form == "html" else markdown).render(built)
