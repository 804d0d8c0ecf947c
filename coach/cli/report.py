"""`coach report`: the one-page report for the physical therapist, as HTML or Markdown."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from coach.cli.history import _may_write, _open_history
from coach.cli.output import EXIT_FAILED, EXIT_INVALID, EXIT_OK, say, say_error

SUFFIXES = {"html": "html", "md": "md"}


def report(args, places) -> int:
    from coach.fileio import write_new_atomically
    from coach.report.make import DEFAULT_WEEKS, default_start

    today = date.today()
    end = args.until or today
    start = args.since or default_start(end, args.weeks or DEFAULT_WEEKS)
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
    from coach.history.store import HistoryUnavailable
    from coach.report.make import report_text as made
    from coach.settings import load_settings

    settings = load_settings(places.settings_file).settings
    if not places.history_db.exists():
        return made(None, settings, start, end, today, form, notes)
    store = _open_history(places, reading=True)
    if store is None:
        return None
    with store:
        try:
            return made(store, settings, start, end, today, form, notes)
        except HistoryUnavailable as error:
            say_error(str(error))
            return None
