"""The routine commands: run, list, validate, show, new, schema, and the home screen."""

from __future__ import annotations

import sys
from pathlib import Path

from coach.cli.arguments import NAME_MAX_BYTES
from coach.cli.output import EXIT_FAILED, EXIT_INVALID, EXIT_OK, no_terminal, say, say_error, say_json
from coach.safe_text import for_terminal

def _load(reference: str, places):
    """(routine, steps) for ROUTINE, or None after printing every located error."""
    from coach.routine.expand import expand

    routine = _load_routine(reference, places)
    return None if routine is None else (routine, expand(routine))


def _load_routine(reference: str, places, kept: bool = False):
    """The routine ROUTINE names, or None after printing every located error. `kept`: take it from the
    routines already checked when nothing it depends on has changed (routine/checked_cache.py)."""
    from coach.routine.catalog import RoutineNotFound, find_routine
    from coach.routine.errors import RoutineError

    try:
        path = find_routine(reference, places)
        if kept:
            from coach.routine.checked_cache import load_checked

            return load_checked(path, places.cache_dir)
        from coach.routine.loader import load_routine

        return load_routine(path)
    except RoutineNotFound as error:
        say_error(str(error))
        return None
    except RoutineError as error:
        print(for_terminal(error, lines=True), file=sys.stderr)
        return None


def _names_program(reference: str, places) -> bool:
    """ROUTINE is a program: a program file, or a program's name that no routine has."""
    from coach.cli.program import program_file
    from coach.paths import expand_user
    from coach.program.catalog import ProgramNotFound, find_program
    from coach.routine.catalog import RoutineNotFound, find_routine

    if expand_user(reference).exists():
        return program_file(str(expand_user(reference)))
    try:
        find_routine(reference, places)
        return False
    except RoutineNotFound:
        pass
    try:
        find_program(reference, places)
        return True
    except ProgramNotFound:
        return False


def _load_stage(reference: str, stage: int | None, places):
    """(plan, steps) of a program's stage (the first by default), or None after printing why."""
    from coach.program.catalog import ProgramNotFound, find_program, load_program_file
    from coach.routine.errors import RoutineError
    from coach.routine.expand import expand

    try:
        program = load_program_file(find_program(reference, places), places)
    except ProgramNotFound as error:
        say_error(str(error))
        return None
    except RoutineError as error:
        print(for_terminal(error, lines=True), file=sys.stderr)
        return None
    number = stage or 1
    if number > len(program.stages):
        say_error(f"--stage {number}: {program.name} has {len(program.stages)} stages")
        return None
    chosen = program.stages[number - 1]
    from dataclasses import replace

    titled = replace(chosen.plan, name=f"{program.name}, stage {number}: {chosen.name} ({chosen.plan.name})")
    return titled, expand(titled)


def list_routines(args, places) -> int:
    from coach.routine.loaded_catalog import load_catalog
    from coach.routine.durations import format_duration

    catalog = load_catalog(places)
    rows = []
    for choice in catalog.routines:
        origin = "bundled" if choice.entry.bundled else "yours"
        if choice.routine is None:
            rows.append((choice.name, "invalid", origin,
                         f"{len(choice.problems)} error(s): coach validate {choice.path}"))
            continue
        rows.append((choice.name, format_duration(choice.planned_seconds), origin, choice.routine.name))
    name_width = max((len(for_terminal(row[0])) for row in rows), default=0)
    time_width = max((len(row[1]) for row in rows), default=0)
    for name, total, origin, about in rows:
        say(f"{for_terminal(name):<{name_width}}  {total:>{time_width}}  {origin:<7}  {for_terminal(about)}")
    if not any(not choice.entry.bundled for choice in catalog.routines):
        say(f"\nYour own routines go in {places.user_routines} (start one with `coach new NAME`).")
    for notice in catalog.notices:
        say_error(notice)
    return EXIT_OK


def validate(args, places) -> int:
    from coach.cli.program import program_file
    from coach.program.catalog import load_program_file
    from coach.routine.errors import RoutineError
    from coach.routine.loader import load_routine

    status = EXIT_OK
    for name in args.files:
        try:
            if program_file(name):
                load_program_file(Path(name), places, display=name)
            else:
                load_routine(Path(name), display=name)
        except RoutineError as error:
            say(str(error))
            status = EXIT_INVALID
        else:
            say(f"{name}: ok")
    return status


def show(args, places) -> int:
    from coach.routine import plan

    loaded = _load_stage(args.routine, args.stage, places) if args.stage or _names_program(args.routine, places) \
        else _load(args.routine, places)
    if loaded is None:
        return EXIT_INVALID
    if args.pictures is not None:
        if args.format != "markdown":
            say_error("--pictures goes with --format markdown (the plan card links the pictures)")
            return EXIT_INVALID
        links = _write_pictures(loaded[0], Path(args.pictures))
        if links is None:
            return EXIT_FAILED
        say(plan.render_markdown(*loaded, pictures=links))
        return EXIT_OK
    render = {"text": plan.render_text, "markdown": plan.render_markdown, "json": plan.render_json}[args.format]
    if args.format == "json":
        say_json(render(*loaded) + "\n")
    else:
        say(render(*loaded))
    return EXIT_OK


def _write_pictures(routine, folder: Path) -> dict[int, str] | None:
    """A PNG of each exercise's pose (its positions side by side) in `folder`, one per pose; the link to each
    exercise's, by its position. None after saying why the folder cannot take them."""
    from coach.fileio import read_limited, write_atomically
    from coach.pictures.choose import exercise_pose
    from coach.pictures.photo import MAX_BYTES as IMAGE_BYTES
    from coach.pictures.render import to_png_strip

    if folder.exists() and (folder.is_symlink() or not folder.is_dir()):
        say_error(f"--pictures {for_terminal(folder)}: not a folder; give a folder for the pictures")
        return None
    links: dict[int, str] = {}
    written: set[str] = set()
    position = 0
    try:
        for phase in routine.phases:
            for exercise in phase.exercises:
                pose = exercise_pose(exercise, phase.kind.value)
                if exercise.image is not None:  # the person's own picture, copied beside the others
                    name = f"own-{position + 1}{exercise.image.suffix.lower()}"
                    write_atomically(folder / name, read_limited(exercise.image, IMAGE_BYTES), 0o644)
                    links[position] = (folder / name).as_posix()
                elif pose is not None:
                    name = f"{pose.key}.png"
                    if name not in written:
                        target = folder / name
                        if target.is_symlink():
                            say_error(f"{for_terminal(target)} is a symbolic link; coach never writes through one")
                            return None
                        write_atomically(target, to_png_strip(pose), 0o644)
                        written.add(name)
                    links[position] = (folder / name).as_posix()
                position += 1
    except OSError as error:
        say_error(f"cannot write the pictures in {for_terminal(folder)}: {error.strerror or error}")
        return None
    return links


def new(args, places) -> int:
    from coach.fileio import read_limited, write_atomically
    from coach.routine.catalog import RoutineNotFound, find_routine
    from coach.routine.yaml_source import MAX_BYTES
    from coach.paths import published_schema
    from coach.routine.starter import renamed_copy, slug, starter_text

    if for_terminal(args.name) != args.name:  # the loader refuses control characters in names
        say_error(f'"{args.name}" has a control character; write the name in plain text')
        return EXIT_INVALID
    file_name = slug(args.name)
    if not file_name:
        say_error(f'"{args.name}" has no letters or digits to make a file name from')
        return EXIT_INVALID
    if len(f"{file_name}.yaml".encode("utf-8")) > NAME_MAX_BYTES:
        say_error(f"the name makes a file name longer than the file system allows ({NAME_MAX_BYTES} bytes); "
               "give a shorter name (the routine's name inside the file can be changed afterwards)")
        return EXIT_INVALID
    target = places.user_routines / f"{file_name}.yaml"
    if target.exists():
        say_error(f"{target} already exists; edit it, or choose another name")
        return EXIT_FAILED
    if args.source:
        if _load(args.source, places) is None:
            return EXIT_INVALID
        try:
            # Read as the loader reads: a regular file within its size limit (not swapped for a FIFO since).
            source = read_limited(find_routine(args.source, places), MAX_BYTES).decode("utf-8-sig")
            text = renamed_copy(source, args.name, published_schema(places))
        except (RoutineNotFound, OSError, UnicodeDecodeError) as error:
            say_error(str(error))
            return EXIT_FAILED
    else:
        text = starter_text(args.name, published_schema(places))
    try:
        write_atomically(target, text)
    except OSError as error:
        say_error(f"cannot write {target}: {error.strerror or error}")
        return EXIT_FAILED
    say(str(target))
    return EXIT_OK


def schema(args, places) -> int:
    from coach.paths import schema_file

    sys.stdout.write(schema_file("program" if args.program else "routine").read_text(encoding="utf-8"))
    return EXIT_OK


def home(args, places) -> int:
    if no_terminal("coach"):
        return EXIT_INVALID
    from coach.tui.launch import launch

    return launch(places, None, no_checkin=args.no_checkin, mute=args.mute, voice=args.voice,
                  pictures=getattr(args, "pictures", None))


def run(args, places) -> int:
    plan = None
    if args.routine is None:
        plan = _todays_plan(places)
        if plan is None:
            return EXIT_INVALID
        routine = plan.decision.plan
    else:
        routine = _load_routine(args.routine, places, kept=True)
        if routine is None:
            return EXIT_INVALID
    if no_terminal("coach run"):
        return EXIT_INVALID
    from coach.tui.launch import launch

    return launch(places, routine, no_checkin=args.no_checkin, mute=args.mute, voice=args.voice, plan=plan,
                  pictures=getattr(args, "pictures", None))


def _todays_plan(places):
    """Today's plan of the program followed, or None after saying why there is none."""
    from datetime import date

    from coach.cli.history import _open_history
    from coach.history.following import ProgramProblem, todays_plan

    no_program = "say which routine to run (coach list shows them), or follow a program (coach program list)"
    if not places.history_db.exists():
        say_error(no_program)
        return None
    store = _open_history(places, reading=True)
    if store is None:
        return None
    with store:
        try:
            plan = todays_plan(store, places, date.today())
        except ProgramProblem as error:
            say_error(str(error))
            return None
    if plan is None:
        say_error(no_program)
    return plan


def show_settings(args, places) -> int:
    """`coach settings`: each setting, its value and where it came from; the folders; the file's problems."""
    import os

    from coach.settings import KNOWN_SETTINGS, load_settings, shown

    file = places.settings_file
    loaded = load_settings(file)
    rows = [(key, for_terminal(shown(key, getattr(loaded.settings, key))), loaded.source(key, file))
            for key in KNOWN_SETTINGS]
    key_width = max(len(key) for key, _, _ in rows)
    value_width = max(len(value) for _, value, _ in rows)
    for key, value, source in rows:
        say(f"{key:<{key_width}}  {value:<{value_width}}  {for_terminal(source)}")
    found = "" if file.exists() else " (not there: every setting is its default; create it to change one)"
    origin = ("--data-dir" if args.data_dir else "COACH_HOME" if os.environ.get("COACH_HOME") else
              "your system's usual folders")
    say(f"\nSettings file: {for_terminal(file)}{found}")
    say(f"Data folder:   {for_terminal(places.data_dir)} (from {origin})")
    say(f"Cache folder:  {for_terminal(places.cache_dir)} (routines and settings already checked, made again when needed)")
    if loaded.warnings:
        say("\nProblems with the settings file (each setting named keeps its default):")
        for warning in loaded.warnings:
            say(f"  {warning}")
        return EXIT_INVALID
    return EXIT_OK

