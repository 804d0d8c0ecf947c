"""The command line. Commands that show no screen never import Textual, so they start fast."""

from __future__ import annotations

import argparse
import errno
import sys
from pathlib import Path

from coach import __version__
from coach.safe_text import for_terminal, json_for_terminal

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INVALID = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coach",
        description="A terminal guided-workout timer for a home exercise program for back pain.",
        epilog="With no command, coach opens the home screen. ROUTINE is a file path or a routine name (see `coach list`).",
    )
    parser.add_argument("--version", action="version", version=f"coach {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", type=_data_dir, help="keep routines, history and settings in DIR (default: $COACH_HOME or your data folder)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser("run", help="start a guided session")
    run.add_argument("routine", metavar="ROUTINE", type=_path_argument)
    _session_options(run, default=argparse.SUPPRESS)  # so `coach --mute run X` keeps its --mute

    commands.add_parser("list", help="list bundled and user routines with their planned time")

    validate = commands.add_parser("validate", help="check routine files; exit 2 when any has errors")
    validate.add_argument("files", metavar="FILE", nargs="+", type=_path_argument)

    show = commands.add_parser("show", help="print a routine's expanded plan")
    show.add_argument("routine", metavar="ROUTINE", type=_path_argument)
    show.add_argument("--format", choices=("text", "markdown", "json"), default="text")

    new = commands.add_parser("new", help="write a commented starter routine into your routines folder")
    new.add_argument("name", metavar="NAME")
    new.add_argument("--from", dest="source", metavar="ROUTINE", help="start from a copy of this routine")

    commands.add_parser("schema", help="print the routine JSON Schema")
    _history_commands(commands)
    _session_options(parser)
    return parser


# The phase kinds (coach.routine.model.PhaseKind), written out so `coach --help` need not
# import the model; a test keeps the two equal.
LOG_KINDS = ("aerobic", "warmup", "main", "cooldown")


def _history_commands(commands) -> None:
    log = commands.add_parser("log", help="record an activity done away from the terminal (walk, swim, PT visit)",
                              description="Record an activity done away from the terminal. It counts toward "
                                          "your weekly goals.")
    log.add_argument("activity", metavar="ACTIVITY", type=_activity, help='what you did, e.g. "Swimming"')
    log.add_argument("--minutes", metavar="N", type=_minutes, required=True, help="how long, in minutes")
    log.add_argument("--date", metavar="YYYY-MM-DD", type=_day, help="the day you did it (default: today)")
    log.add_argument("--kind", choices=LOG_KINDS, default="aerobic",
                     help="aerobic minutes count toward the weekly aerobic goal (default: aerobic)")
    log.add_argument("--pain-before", metavar="N", type=_pain, help="back pain before, 0 to 10")
    log.add_argument("--pain-after", metavar="N", type=_pain, help="back pain after, 0 to 10")
    log.add_argument("--note", metavar="TEXT", type=_note)

    history = commands.add_parser("history", help="list your sessions, this week against your goals, your streak")
    shape = history.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="every session with its exercises, as JSON")
    shape.add_argument("--csv", action="store_true", help="one line per session, for a spreadsheet")
    shape.add_argument("--tui", action="store_true", help="the history screen, with charts")
    history.add_argument("--since", metavar="YYYY-MM-DD", type=_day, help="only sessions from this day on")
    history.add_argument("--routine", metavar="NAME", help="only this routine (its name or file name)")

    export = commands.add_parser("export", help="write your whole history to FILE as JSON")
    export.add_argument("file", metavar="FILE", type=_path_argument)
    export.add_argument("--force", action="store_true", help="replace FILE if it exists (never your history itself)")

    merge = commands.add_parser("import", help="merge a history export into yours; sessions you have are skipped")
    merge.add_argument("file", metavar="FILE", type=_path_argument)


def _session_options(parser: argparse.ArgumentParser, default: object = False) -> None:
    parser.add_argument("--no-checkin", action="store_true", default=default, help="skip the pain check-in before the session")
    parser.add_argument("--mute", action="store_true", default=default, help="start with sound cues muted")
    parser.add_argument("--voice", action="store_true", default=default, help="speak exercise names and cues (needs espeak-ng)")


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    problem = _argument_problem(arguments)
    if problem:
        _error(problem)
        return EXIT_INVALID
    args = build_parser().parse_args(arguments)
    from coach.paths import Places

    places = Places.resolve(args.data_dir)
    handler = {
        None: _home,
        "run": _run,
        "list": _list,
        "validate": _validate,
        "show": _show,
        "new": _new,
        "schema": _schema,
        "log": _log,
        "history": _history,
        "export": _export,
        "import": _import,
    }[args.command]
    try:
        return handler(args, places)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `coach show x | head` closed the pipe; not an error
        sys.stderr.close()
        return EXIT_OK
    except OSError as error:
        if error.errno == errno.ENAMETOOLONG:
            _error(f"file name too long for the file system: {error.filename or 'a path'}; use a shorter name")
            return EXIT_INVALID
        raise


def _no_terminal(command: str) -> bool:
    """True after saying so, when there is no terminal to draw on: a screen there would wait forever
    on input that never comes (standard input from /dev/null spins at end of file)."""
    if sys.stdin.isatty() and sys.stdout.isatty():
        return False
    _error(f"{command} needs a terminal (standard input and output are not one); run it in a terminal window")
    return True


NAME_MAX_BYTES = 255  # one file or folder name, on every common file system
PATH_MAX_BYTES = 4096


def _argument_problem(arguments: list[str]) -> str | None:
    """Why the command line cannot be taken as text, or None: arguments that are not UTF-8 (Python
    keeps their bytes as lone surrogates, which cannot be printed or stored)."""
    for position, argument in enumerate(arguments, 1):
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            return (f"argument {position} ({argument!r}) is not valid UTF-8 text; coach takes names and "
                    "paths written in UTF-8")
    return None


def _say(text: str = "") -> None:
    """Print to standard output, every control character made visible (the text may come from outside)."""
    print(for_terminal(text, lines=True))


def _error(message: str) -> None:
    print(for_terminal(f"coach: {message}", lines=True), file=sys.stderr)


def _json_out(text: str) -> None:
    sys.stdout.write(json_for_terminal(text))


def _path_argument(text: str) -> str:
    """A path argument the file system can hold: argparse turns the error into exit 2 with usage."""
    if not text:
        raise argparse.ArgumentTypeError("give a path, not an empty string")
    encoded = text.encode("utf-8", "surrogateescape")
    if len(encoded) > PATH_MAX_BYTES:
        raise argparse.ArgumentTypeError(f"the path is {len(encoded):,} bytes long; the most is {PATH_MAX_BYTES:,}")
    for part in Path(text).parts:
        if len(part.encode("utf-8", "surrogateescape")) > NAME_MAX_BYTES:
            raise argparse.ArgumentTypeError(
                f"a name in the path is longer than {NAME_MAX_BYTES} bytes ({for_terminal(part[:40])}…); "
                "file systems do not allow that")
    return text


def _data_dir(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError('give a folder, e.g. --data-dir ~/coach-data (not "")')
    return _path_argument(text)


def _load(reference: str, places):
    """(routine, steps) for ROUTINE, or None after printing every located error."""
    from coach.routine.catalog import RoutineNotFound, find_routine
    from coach.routine.errors import RoutineError
    from coach.routine.expand import expand
    from coach.routine.loader import load_routine

    try:
        path = find_routine(reference, places)
        routine = load_routine(path)
    except RoutineNotFound as error:
        _error(str(error))
        return None
    except RoutineError as error:
        print(for_terminal(error, lines=True), file=sys.stderr)
        return None
    return routine, expand(routine)


def _list(args, places) -> int:
    from coach.routine.catalog import routine_files
    from coach.routine.durations import format_duration
    from coach.routine.errors import RoutineError
    from coach.routine.expand import expand, total_planned_seconds
    from coach.routine.loader import load_routine

    entries = routine_files(places)
    rows = []
    for entry in entries:
        origin = "bundled" if entry.bundled else "yours"
        try:
            routine = load_routine(entry.path)
        except RoutineError as error:
            rows.append((entry.name, "invalid", origin, f"{len(error.problems)} error(s): coach validate {entry.path}"))
            continue
        rows.append((entry.name, format_duration(total_planned_seconds(expand(routine))), origin, routine.name))
    name_width = max((len(for_terminal(row[0])) for row in rows), default=0)
    time_width = max((len(row[1]) for row in rows), default=0)
    for name, total, origin, about in rows:
        _say(f"{for_terminal(name):<{name_width}}  {total:>{time_width}}  {origin:<7}  {for_terminal(about)}")
    if not any(not entry.bundled for entry in entries):
        _say(f"\nYour own routines go in {places.user_routines} (start one with `coach new NAME`).")
    return EXIT_OK


def _validate(args, places) -> int:
    from coach.routine.errors import RoutineError
    from coach.routine.loader import load_routine

    status = EXIT_OK
    for name in args.files:
        try:
            load_routine(Path(name), display=name)
        except RoutineError as error:
            _say(str(error))
            status = EXIT_INVALID
        else:
            _say(f"{name}: ok")
    return status


def _show(args, places) -> int:
    from coach.routine import plan

    loaded = _load(args.routine, places)
    if loaded is None:
        return EXIT_INVALID
    render = {"text": plan.render_text, "markdown": plan.render_markdown, "json": plan.render_json}[args.format]
    if args.format == "json":
        _json_out(render(*loaded) + "\n")
    else:
        _say(render(*loaded))
    return EXIT_OK


def _new(args, places) -> int:
    from coach.fileio import write_atomically
    from coach.routine.catalog import find_routine, RoutineNotFound
    from coach.routine.starter import renamed_copy, slug, starter_text

    file_name = slug(args.name)
    if not file_name:
        _error(f'"{args.name}" has no letters or digits to make a file name from')
        return EXIT_INVALID
    if len(f"{file_name}.yaml".encode("utf-8")) > NAME_MAX_BYTES:
        _error(f"the name makes a file name longer than the file system allows ({NAME_MAX_BYTES} bytes); "
               "give a shorter name (the routine's name inside the file can be changed afterwards)")
        return EXIT_INVALID
    target = places.user_routines / f"{file_name}.yaml"
    if target.exists():
        _error(f"{target} already exists; edit it, or choose another name")
        return EXIT_FAILED
    if args.source:
        if _load(args.source, places) is None:
            return EXIT_INVALID
        try:
            text = renamed_copy(find_routine(args.source, places).read_text(encoding="utf-8"), args.name)
        except (RoutineNotFound, OSError) as error:
            _error(str(error))
            return EXIT_FAILED
    else:
        text = starter_text(args.name)
    try:
        write_atomically(target, text)
    except OSError as error:
        _error(f"cannot write {target}: {error.strerror or error}")
        return EXIT_FAILED
    _say(str(target))
    return EXIT_OK


def _schema(args, places) -> int:
    from coach.paths import schema_file

    sys.stdout.write(schema_file().read_text(encoding="utf-8"))
    return EXIT_OK


def _home(args, places) -> int:
    if _no_terminal("coach"):
        return EXIT_INVALID
    from coach.tui.launch import launch

    return launch(places, None, no_checkin=args.no_checkin, mute=args.mute, voice=args.voice)


def _run(args, places) -> int:
    loaded = _load(args.routine, places)
    if loaded is None or _no_terminal("coach run"):
        return EXIT_INVALID
    from coach.tui.launch import launch

    return launch(places, loaded[0], no_checkin=args.no_checkin, mute=args.mute, voice=args.voice)


# -- history ---------------------------------------------------------------------------

MAX_LOG_MINUTES = 24 * 60


def _activity(text: str) -> str:
    text = text.strip()
    if not text:
        raise argparse.ArgumentTypeError("say what you did, e.g. \"Swimming\"")
    if len(text) > 100:
        raise argparse.ArgumentTypeError("keep the activity to 100 characters; put the rest in --note")
    return text


def _minutes(text: str) -> float:
    import math

    try:
        if len(text) > 30:  # bounded before conversion, like every number from outside
            raise ValueError
        minutes = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a number of minutes, e.g. 30") from None
    if not math.isfinite(minutes) or not 0 < minutes <= MAX_LOG_MINUTES:
        raise argparse.ArgumentTypeError(f"{text} minutes: give more than 0 and at most {MAX_LOG_MINUTES} (a day)")
    if round(minutes * 60, 3) < 1:
        raise argparse.ArgumentTypeError(f"{text} minutes is less than a second; give at least 0.02 (a second)")
    return minutes


def _day(text: str):
    from datetime import date

    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2024-06-03 (YYYY-MM-DD)") from None
    if day.year < 1970:  # what `coach import` accepts, so every export can be imported again
        raise argparse.ArgumentTypeError(f"{text!r} is before 1970; check the year")
    return day


def _pain(text: str) -> int:
    if not text.strip().isdigit() or not 0 <= int(text) <= 10:
        raise argparse.ArgumentTypeError(f"{text!r} is not a pain score; give a whole number from 0 to 10")
    return int(text)


def _note(text: str) -> str | None:
    if len(text) > 500:
        raise argparse.ArgumentTypeError("keep the note to 500 characters")
    return text.strip() or None


def _open_history(places, reading: bool = False):
    """The history store, or None after printing why it cannot be used.

    Opened for writing, it first takes in sessions kept in recovery files and says so. For
    `reading`, a history that cannot be written (a read-only folder) is opened read-only.
    """
    from coach.history import recovery
    from coach.history.store import HistoryStore, HistoryUnavailable

    try:
        store = HistoryStore.open_for_reading(places.history_db) if reading else HistoryStore.open(places.history_db)
    except HistoryUnavailable as error:
        _error(str(error))
        return None
    message = recovery.recover(store).message()
    if message:
        _error(message)
    return store


def _unusable_data_folder(places) -> bool:
    """True after printing why, when the data folder (or one above it) is a file: then there is no
    history to show, and saying "No sessions yet" would suggest it was lost."""
    from coach.history.store import folder_problem

    problem = folder_problem(places.history_db.parent)
    if problem:
        _error(problem)
    return problem is not None


def _sessions(count: int) -> str:
    return f"{count} session" if count == 1 else f"{count} sessions"


def _stats(sessions, places):
    from datetime import date

    from coach.history.stats import compute
    from coach.settings import load_settings

    settings = load_settings(places.settings_file).settings
    return compute(sessions, date.today(), settings.weekly_sessions_goal, settings.weekly_aerobic_minutes_goal)


def _log(args, places) -> int:
    from datetime import datetime, time, timedelta

    from coach.history.report import week_strip
    from coach.history.store import HistoryUnavailable

    now = datetime.now().astimezone()
    day = args.date or now.date()
    if day > now.date():
        _error(f"--date {day} is in the future; log what you have done (today is {now.date()})")
        return EXIT_INVALID
    if day == now.date():
        midnight = datetime.combine(day, time()).astimezone()
        started = max(now - timedelta(minutes=args.minutes), midnight)
    else:
        started = datetime.combine(day, time(12)).astimezone()  # midday: no time zone moves it to another day
    store = _open_history(places)
    if store is None:
        return EXIT_FAILED
    with store:
        try:
            store.add_manual(args.activity, started, args.minutes, args.kind, args.pain_before, args.pain_after,
                             args.note)
            stats = _stats(store.sessions(), places)
        except HistoryUnavailable as error:
            _error(str(error))
            return EXIT_FAILED
    _say(f"Logged {args.activity}: {args.minutes:g} min ({args.kind}) on {day:%a %d %b %Y}.")
    _say(week_strip(stats))
    return EXIT_OK


def _history(args, places) -> int:
    from datetime import datetime, time

    from coach.history import exchange, report
    from coach.history.stats import matches_routine, routine_names
    from coach.history.store import HistoryUnavailable

    if _unusable_data_folder(places):
        return EXIT_FAILED
    if args.tui:
        return EXIT_INVALID if _no_terminal("coach history --tui") else _history_screen(places)
    if not places.history_db.exists():  # nothing to show; don't create a file to say so
        if args.json:
            _json_out(exchange.dump([], datetime.now().astimezone()))
        else:
            _say(",".join(exchange.CSV_COLUMNS) if args.csv else report.START_HINT)
        return EXIT_OK
    store = _open_history(places, reading=True)
    if store is None:
        return EXIT_FAILED
    since = datetime.combine(args.since, time()).astimezone() if args.since else None
    try:
        with store:
            if args.json and not args.routine:  # the fast path: no summaries needed
                documents = (text for _, text in store.documents(since))
                _json_out(exchange.dump(documents, datetime.now().astimezone()))
                return EXIT_OK
            everything = store.sessions()
            sessions = [session for session in everything if since is None or session.started >= since]
            if args.routine:
                if not any(matches_routine(session, args.routine) for session in everything):
                    known = ", ".join(routine_names(everything)) or "no sessions yet"
                    _error(f'no sessions of "{args.routine}" in your history (it has: {known})')
                    return EXIT_FAILED
                sessions = [session for session in sessions if matches_routine(session, args.routine)]
            if args.json:
                wanted = {session.id for session in sessions}
                documents = (text for session_id, text in store.documents(since) if session_id in wanted)
                _json_out(exchange.dump(documents, datetime.now().astimezone()))
                return EXIT_OK
    except HistoryUnavailable as error:
        _error(str(error))
        return EXIT_FAILED
    if args.csv:
        sys.stdout.write(exchange.csv_text(sessions))  # every cell passed exchange's CSV sanitiser
    elif not everything:
        _say(report.START_HINT)
    else:
        rows = [tuple(for_terminal(cell) for cell in report.session_cells(session)) for session in reversed(sessions)]
        _say(report.text_table(report.COLUMNS, rows) if rows else "No sessions match.")
        stats = _stats(everything, places)
        _say()
        _say(report.goals_text(stats))
        _say(report.streak_text(stats))
    return EXIT_OK


def _history_screen(places) -> int:
    from contextlib import nullcontext

    from coach.settings import load_settings

    settings = load_settings(places.settings_file).settings
    if places.history_db.exists():
        store = _open_history(places, reading=True)
        if store is None:
            return EXIT_FAILED
    else:
        store = None  # nothing recorded yet: show the empty history without creating a file
    from coach.tui.screens.history import HistoryApp, HistoryData

    with store or nullcontext():
        app = HistoryApp(store or HistoryData(), settings)
        app.run()
    return app.return_code or 0


def _export(args, places) -> int:
    from datetime import datetime

    from coach.fileio import write_new_atomically
    from coach.history import exchange
    from coach.history.store import HistoryUnavailable

    target = Path(args.file)
    problem = _export_target_problem(target, places, args.force)
    if problem:
        _error(f"cannot write {target}: {problem}")
        return EXIT_FAILED
    if _unusable_data_folder(places):
        return EXIT_FAILED
    documents = []
    if places.history_db.exists():
        store = _open_history(places, reading=True)
        if store is None:
            return EXIT_FAILED
        with store:
            try:
                documents = [text for _, text in store.documents()]
            except HistoryUnavailable as error:
                _error(str(error))
                return EXIT_FAILED
    try:
        write_new_atomically(target, exchange.dump(documents, datetime.now().astimezone()), replace=args.force)
    except FileExistsError:
        _error(f"cannot write {target}: it appeared while exporting; nothing was replaced")
        return EXIT_FAILED
    except OSError as error:
        _error(f"cannot write {target}: {error.strerror or error}")
        return EXIT_FAILED
    _say(f"Exported {_sessions(len(documents))} to {target}")
    return EXIT_OK


def _export_target_problem(target: Path, places, force: bool) -> str | None:
    """Why the export cannot go to `target`, checked before writing: never onto the history itself,
    through a symlink, onto a FIFO or device, or over an existing file without --force; and a
    mistyped folder is an error, not a new folder."""
    import os
    import stat

    from coach.fileio import kind_of

    folder = target.parent
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as error:
        return error.strerror or str(error)
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            return f"it is a folder; give a file name, e.g. {target / 'coach-history.json'}"
        if stat.S_ISLNK(info.st_mode):
            return "it is a symbolic link; coach never writes through one. Give the real path"
        if not stat.S_ISREG(info.st_mode):
            return f"it is {kind_of(info.st_mode)}, not a regular file"
        if _is_history_file(info, places):
            return "that is your history itself; export to another file, e.g. coach-history.json"
        if not force:
            return "the file exists; add --force to replace it, or choose another name"
    try:
        if folder.is_dir():
            return None
        if folder.exists():
            return f"{folder} is a file, not a folder"
    except OSError as error:
        return error.strerror or str(error)
    return f"the folder {folder} does not exist; create it first, or choose another place"


def _is_history_file(info, places) -> bool:
    """Whether the file of `info` is the history database, its -wal or -shm, or its lock."""
    import os

    database = places.history_db
    for name in (database.name, database.name + "-wal", database.name + "-shm", database.name + ".lock"):
        try:
            other = os.stat(database.with_name(name))
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino):
            return True
    return False


def _import(args, places) -> int:
    from coach.history import exchange
    from coach.history.store import HistoryUnavailable

    source = Path(args.file)
    try:
        sessions = exchange.read_file(source)
    except exchange.ExchangeError as error:
        print(for_terminal("\n".join(error.problems), lines=True), file=sys.stderr)
        print("coach: nothing was imported.", file=sys.stderr)
        return EXIT_INVALID
    store = _open_history(places)
    if store is None:
        return EXIT_FAILED
    with store:
        try:
            result = store.import_sessions(sessions)
        except HistoryUnavailable as error:
            _error(f"{error}; nothing was imported")
            return EXIT_FAILED
    _say(f"Imported {_sessions(result.added)} from {source}; skipped {result.skipped} already in your history.")
    return EXIT_OK
