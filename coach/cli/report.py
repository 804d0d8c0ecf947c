"""`coach report`: the one-page report for the physical therapist, as HTML, Markdown or PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from coach.cli.history import _may_write, _open_history, _write_new
from coach.cli.output import EXIT_FAILED, EXIT_INVALID, EXIT_OK, say, say_error

SUFFIXES = {"html": "html", "md": "md", "pdf": "pdf"}
KINDS = {"html": "an HTML", "md": "a Markdown", "pdf": "a PDF"}
FORMAT_OF_SUFFIX = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".pdf": "pdf"}
PDF_PAPER = "a4"  # when --paper is not given: the paper of most of the world


def report(args, places) -> int:
    from coach.report import pdf
    from coach.report.make import DEFAULT_WEEKS, default_start

    today = date.today()
    for option, day in (("--since", args.since), ("--until", args.until)):
        if day is not None and day > today:
            say_error(f"{option} {day} is after today ({today}); a report covers days that have been")
            return EXIT_INVALID
    end = args.until or today
    start = args.since or default_start(end, args.weeks or DEFAULT_WEEKS)
    if start > end:
        say_error(f"--since {start} is after --until {end}; nothing to report")
        return EXIT_INVALID
    form = _format(args)
    if form is None:
        return EXIT_INVALID
    args.format = form
    target = Path(args.out or f"coach-report-{today:%Y-%m-%d}.{SUFFIXES[args.format]}")
    if not _may_write(target, places, args.force, f"coach-report-{today:%Y-%m-%d}.{SUFFIXES[args.format]}"):
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


def _format(args) -> str | None:
    """--format, else the one --out's suffix names, else HTML; None after saying that the two disagree."""
    named = FORMAT_OF_SUFFIX.get(Path(args.out).suffix.lower()) if args.out else None
    if args.format and named and args.format != named:
        say_error(f"--out {Path(args.out).name} names {KINDS[named]} file, but --format is {args.format}; make them agree")
        return None
    return args.format or named or "html"


def report_text(places, start: date, end: date, today: date, form: str, notes: bool = True,
                paper: str | None = None) -> str | None:
    """The report's text for the days `start` to `end`, or None after saying why the history cannot be read."""
    from coach.history.store import HistoryUnavailable
    from coach.report.make import report_text as made
    from coach.settings import load_settings

    from coach.routine.loaded_catalog import chosen_poses

    settings = load_settings(places.settings_file).settings
    poses = chosen_poses(places)
    if not places.history_db.exists():
        return made(None, settings, start, end, today, form, notes, paper=paper, poses=poses)
    store = _open_history(places, reading=True)
    if store is None:
        return None
    with store:
        try:
            return made(store, settings, start, end, today, form, notes, paper=paper, poses=poses)
        except HistoryUnavailable as error:
            say_error(str(error))
            return None
