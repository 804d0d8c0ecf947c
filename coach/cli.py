"""The command line. Commands that show no screen never import Textual, so they start fast."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coach import __version__

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
    parser.add_argument("--data-dir", metavar="DIR", help="keep routines, history and settings in DIR (default: $COACH_HOME or your data folder)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser("run", help="start a guided session")
    run.add_argument("routine", metavar="ROUTINE")
    _session_options(run)

    commands.add_parser("list", help="list bundled and user routines with their planned time")

    validate = commands.add_parser("validate", help="check routine files; exit 2 when any has errors")
    validate.add_argument("files", metavar="FILE", nargs="+")

    show = commands.add_parser("show", help="print a routine's expanded plan")
    show.add_argument("routine", metavar="ROUTINE")
    show.add_argument("--format", choices=("text", "markdown", "json"), default="text")

    new = commands.add_parser("new", help="write a commented starter routine into your routines folder")
    new.add_argument("name", metavar="NAME")
    new.add_argument("--from", dest="source", metavar="ROUTINE", help="start from a copy of this routine")

    commands.add_parser("schema", help="print the routine JSON Schema")
    _session_options(parser)
    return parser


def _session_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-checkin", action="store_true", help="skip the pain check-in before the session")
    parser.add_argument("--mute", action="store_true", help="start with sound cues muted")
    parser.add_argument("--voice", action="store_true", help="speak exercise names and cues (needs espeak-ng)")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
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
    }[args.command]
    try:
        return handler(args, places)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `coach show x | head` closed the pipe; not an error
        sys.stderr.close()
        return EXIT_OK


def _error(message: str) -> None:
    print(f"coach: {message}", file=sys.stderr)


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
        print(error, file=sys.stderr)
        return None
    return routine, expand(routine)


def _list(args, places) -> int:
    from coach.routine.catalog import routine_files
    from coach.routine.durations import format_duration
    from coach.routine.errors import RoutineError
    from coach.routine.expand import expand, total_planned_seconds
    from coach.routine.loader import load_routine

    entries = routine_files(places)
    width = max((len(entry.name) for entry in entries), default=10)
    for entry in entries:
        origin = "bundled" if entry.bundled else "yours"
        try:
            routine = load_routine(entry.path)
        except RoutineError as error:
            print(f"{entry.name:<{width}}  {'invalid':>10}  {origin:<7}  {len(error.problems)} error(s): coach validate {entry.path}")
            continue
        total = format_duration(total_planned_seconds(expand(routine)))
        print(f"{entry.name:<{width}}  {total:>10}  {origin:<7}  {routine.name}")
    if not any(not entry.bundled for entry in entries):
        print(f"\nYour own routines go in {places.user_routines} (start one with `coach new NAME`).")
    return EXIT_OK


def _validate(args, places) -> int:
    from coach.routine.errors import RoutineError
    from coach.routine.loader import load_routine

    status = EXIT_OK
    for name in args.files:
        try:
            load_routine(Path(name), display=name)
        except RoutineError as error:
            print(error)
            status = EXIT_INVALID
        else:
            print(f"{name}: ok")
    return status


def _show(args, places) -> int:
    from coach.routine import plan

    loaded = _load(args.routine, places)
    if loaded is None:
        return EXIT_INVALID
    render = {"text": plan.render_text, "markdown": plan.render_markdown, "json": plan.render_json}[args.format]
    print(render(*loaded))
    return EXIT_OK


def _new(args, places) -> int:
    from coach.fileio import write_atomically
    from coach.routine.catalog import find_routine, RoutineNotFound
    from coach.routine.starter import renamed_copy, slug, starter_text

    file_name = slug(args.name)
    if not file_name:
        _error(f'"{args.name}" has no letters or digits to make a file name from')
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
    print(target)
    return EXIT_OK


def _schema(args, places) -> int:
    from coach.paths import schema_file

    sys.stdout.write(schema_file().read_text(encoding="utf-8"))
    return EXIT_OK


def _home(args, places) -> int:
    from coach.tui.launch import launch

    return launch(places, None, no_checkin=args.no_checkin, mute=args.mute, voice=args.voice)


def _run(args, places) -> int:
    loaded = _load(args.routine, places)
    if loaded is None:
        return EXIT_INVALID
    from coach.tui.launch import launch

    return launch(places, loaded[0], no_checkin=args.no_checkin, mute=args.mute, voice=args.voice)
