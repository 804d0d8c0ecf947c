"""`coach report`: the one-page report for the physical therapist, as HTML, Markdown or PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from coach.cli.history import _may_write, _open_history, _write_new
from coach.cli.output import EXIT_FAILED, EXIT_INVALID, EXIT_OK, say, say_error

SUFFIXES = {"html": "html", "md": "md", "pdf": "pdf"}
PDF_PAPER = "a4"  # when --paper is not given: the paper of most of the world


def report(args, places) -> int:
    from coach.report import pdf
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
    engine = pdf.find_engine() if args.format == "pdf" else None
    if args.format == "pdf" and engine is None:
        say_error(f"{pdf.PdfUnavailable()} Nothing was written.")
        return EXIT_FAILED
    paper = args.paper or (PDF_PAPER if engine else None)
    text = report_text(places, start, end, today, "md" if args.format == "md" else "html",
                       notes=not args.no_notes, paper=pdf.PAPERS.get(paper))
    if text is None:
        return EXIT_FAILED
    if engine:
        try:
            text = pdf.print_pdf(text, engine)
        except pdf.PdfFailed as error:
            say_error(f"{error}. Nothing was written; --format html writes the same report.")
            return EXIT_FAILED
    if not _write_new(target, text, args.force, "the report was made"):
        return EXIT_FAILED
    say(str(target))
    return EXIT_OK


def report_text(places, start: date, end: date, today: date, form: str, notes: bool = True,
                paper: str | None = None) -> str | None:
    """The report's text for the days `start` to `end`, or None after saying why the history cannot be read."""
    from coach.history.store import HistoryUnavailable
    from coach.report.make import report_text as made
    from coach.settings import load_settings

    settings = load_settings(places.settings_file).settings
    if not places.history_db.exists():
        return made(None, settings, start, end, today, form, notes, paper=paper)
    store = _open_history(places, reading=True)
    if store is None:
        return None
    with store:
        try:
            return made(store, settings, start, end, today, form, notes, paper=paper)
        except HistoryUnavailable as error:
            say_error(str(error))
            return None
