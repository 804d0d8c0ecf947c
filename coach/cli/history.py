"""The history commands: log, history, export and import."""

from __future__ import annotations

import sys
from pathlib import Path

from coach.cli.output import EXIT_FAILED, EXIT_INVALID, EXIT_OK, no_terminal, say, say_error, say_json
from coach.safe_text import for_terminal

def _open_history(places, reading: bool = False):
    """The history store, or None after printing why it cannot be used.

    Opened for writing, it first takes in sessions kept in recovery files and says so. For
    `reading`, a history that cannot be written (a read-only folder) is opened read-only.
    """
    from coach.history.recovery import open_history
    from coach.history.store import HistoryUnavailable

    try:
        store, message = open_history(places.history_db, reading)
    except HistoryUnavailable as error:
        say_error(str(error))
        return None
    if message:
        say_error(message)
    return store


def _unusable_data_folder(places) -> bool:
    """True after printing why, when the data folder (or one above it) is a file: then there is no
    history to show, and saying "No sessions yet" would suggest it was lost."""
    from coach.history.store import folder_problem

    problem = folder_problem(places.history_db.parent)
    if problem:
        say_error(problem)
    return problem is not None


def _sessions(count: int) -> str:
    return f"{count} session" if count == 1 else f"{count} sessions"


def _stats(sessions, places):
    from datetime import date

    from coach.history.stats import compute
    from coach.settings import load_settings

    loaded = load_settings(places.settings_file)
    for warning in loaded.warnings:  # the goals below come from the settings: say when one is ignored
        say_error(warning)
    settings = loaded.settings
    return compute(sessions, date.today(), settings.weekly_sessions_goal, settings.weekly_aerobic_minutes_goal)


def _routine_goals(sessions, places):
    from datetime import date

    from coach.history.stats import routine_goals
    from coach.routine.loaded_catalog import weekly_goals

    return routine_goals(sessions, weekly_goals(places), date.today())


def log(args, places) -> int:
    from datetime import datetime, time, timedelta

    from coach.history import activities
    from coach.history.report import week_strip
    from coach.history.store import HistoryUnavailable
    from coach.state import load_state

    state = load_state(places.state_file)
    if args.list:
        say(activities.listing(state.own_activities))
        return EXIT_OK
    if args.activity is None or args.minutes is None:
        say_error('say what you did and for how long, e.g. coach log Swimming --minutes 30 (coach log --list '
                  'shows the activities coach knows)')
        return EXIT_INVALID
    chosen = _activity(args, places, state)
    if chosen is None:
        return EXIT_INVALID
    name, kind = chosen
    now = datetime.now().astimezone()
    day = args.date or now.date()
    if day > now.date():
        say_error(f"--date {day} is in the future; log what you have done (today is {now.date()})")
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
            store.add_manual(name, started, args.minutes, activities.STORED_KIND.get(kind, kind), args.pain_before,
                             args.pain_after, args.note)
            stats = _stats(store.sessions(), places)
        except HistoryUnavailable as error:
            say_error(str(error))
            return EXIT_FAILED
    say(f"Logged {for_terminal(name)}: {args.minutes:g} min ({kind}) on {day:%a %d %b %Y}.")
    say(week_strip(stats))
    return EXIT_OK


def _activity(args, places, state) -> tuple[str, str] | None:
    """(name, kind) to log: a known activity under its own name (and kind, unless --kind says), one of the
    person's own, or a new one, after a did-you-mean; None after saying why not."""
    from coach.history import activities
    from coach.state import remember_activity

    typed = args.activity
    found = activities.known(typed)
    if found is not None:
        return found.name, args.kind or found.kind
    mine = activities.own(typed, state.own_activities)
    if mine is not None:
        return mine, args.kind or "aerobic"
    near = activities.suggestion(typed, state.own_activities)
    if near is not None and not args.as_new:
        question = f'"{for_terminal(typed)}" is not an activity coach knows. Did you mean "{near}"?'
        if not sys.stdin.isatty():
            say_error(f"{question} Log it under that name, or add --as-new to keep \"{for_terminal(typed)}\" "
                      "as your own.")
            return None
        try:
            answer = input(f"{question} [Y/n] ").strip().lower()
        except EOFError:
            answer = "n"
        if answer in ("", "y", "yes"):
            chosen = activities.known(near)
            return (near, args.kind or chosen.kind) if chosen is not None else (near, args.kind or "aerobic")
    try:
        remember_activity(places.state_file, typed)
    except OSError as error:  # the entry is still logged; it is just not remembered
        say_error(f"could not remember {for_terminal(typed)} as your own activity ({error.strerror or error})")
    else:
        say(f'New activity: "{for_terminal(typed)}", yours from now on (coach log --list shows them all).')
    return typed, args.kind or "aerobic"


def history(args, places) -> int:
    from datetime import datetime, time

    from coach.history import exchange, report
    from coach.history.stats import matches_routine, routine_names
    from coach.history.store import HistoryUnavailable

    if _unusable_data_folder(places):
        return EXIT_FAILED
    if args.tui:
        return EXIT_INVALID if no_terminal("coach history --tui") else _history_screen(places)
    if not places.history_db.exists():  # nothing to show; don't create a file to say so
        if args.json:
            say_json(exchange.dump([], datetime.now().astimezone()))
        else:
            say(",".join(exchange.CSV_COLUMNS) if args.csv else report.START_HINT)
        return EXIT_OK
    store = _open_history(places, reading=True)
    if store is None:
        return EXIT_FAILED
    since = datetime.combine(args.since, time()).astimezone() if args.since else None
    try:
        with store:
            if args.json and not args.routine:  # the fast path: no summaries needed
                documents = (text for _, text in store.documents(since))
                say_json(exchange.dump(documents, datetime.now().astimezone()))
                return EXIT_OK
            everything = store.sessions()
            sessions = [session for session in everything if since is None or session.started >= since]
            if args.routine:
                if not any(matches_routine(session, args.routine) for session in everything):
                    known = ", ".join(routine_names(everything)) or "no sessions yet"
                    say_error(f'no sessions of "{args.routine}" in your history (it has: {known})')
                    return EXIT_FAILED
                sessions = [session for session in sessions if matches_routine(session, args.routine)]
            if args.json:
                wanted = {session.id for session in sessions}
                documents = (text for session_id, text in store.documents(since) if session_id in wanted)
                say_json(exchange.dump(documents, datetime.now().astimezone()))
                return EXIT_OK
    except HistoryUnavailable as error:
        say_error(str(error))
        return EXIT_FAILED
    if args.csv:
        sys.stdout.write(exchange.csv_text(sessions))  # every cell passed exchange's CSV sanitiser
    elif not everything:
        say(report.START_HINT)
    else:
        rows = [(session.short_id, *(for_terminal(cell) for cell in report.session_cells(session)))
                for session in reversed(sessions)]
        say(report.text_table(("ID", *report.COLUMNS), rows) if rows else "No sessions match.")
        stats = _stats(everything, places)
        say()
        say(report.goals_text(stats))
        per_routine = report.routine_goals_text(_routine_goals(everything, places))
        if per_routine:
            say(per_routine)
        say(report.streak_text(stats))
    return EXIT_OK


def _history_screen(places) -> int:
    from coach.tui.launch import launch_history

    return launch_history(places)


def export(args, places) -> int:
    from datetime import datetime

    from coach.history import exchange, program_log
    from coach.history.store import HistoryUnavailable

    target = Path(args.file)
    if not _may_write(target, places, args.force):
        return EXIT_FAILED
    documents = []
    if places.history_db.exists():
        store = _open_history(places, reading=True)
        if store is None:
            return EXIT_FAILED
        with store:
            try:
                documents = [text for _, text in store.documents()]
                deleted = store.tombstones()
                program = program_log.export_data(store)
            except HistoryUnavailable as error:
                say_error(str(error))
                return EXIT_FAILED
    else:
        deleted, program = [], {}
    if not _write_new(target, exchange.dump(documents, datetime.now().astimezone(), deleted, program), args.force,
                      "exporting"):
        return EXIT_FAILED
    say(f"Exported {_sessions(len(documents))} to {target}")
    return EXIT_OK


def _write_new(target: Path, data: str | bytes, force: bool, making: str) -> bool:
    """Write a file checked by _may_write (replacing it only with `force`); False after saying why it failed.
    `making`: what was being done meanwhile ("exporting"), for the message when a file appeared at `target`."""
    from coach.fileio import write_new_atomically

    try:
        write_new_atomically(target, data, replace=force)
    except FileExistsError:
        say_error(f"cannot write {for_terminal(target)}: it appeared while {making}; nothing was replaced")
        return False
    except OSError as error:
        say_error(f"cannot write {for_terminal(target)}: {error.strerror or error}")
        return False
    return True


def _may_write(target: Path, places, force: bool, example: str = "coach-history.json") -> bool:
    """Whether an export or a report may go to `target` (_export_target_problem), and the data folder is one;
    False after saying why not."""
    problem = _export_target_problem(target, places, force, example)
    if problem:
        say_error(f"cannot write {target}: {problem}")
        return False
    return not _unusable_data_folder(places)


def _export_target_problem(target: Path, places, force: bool, example: str = "coach-history.json") -> str | None:
    """Why the export cannot go to `target`, checked before writing: never onto the history itself,
    through a symlink, onto a FIFO or device, or over an existing file without --force; and a
    mistyped folder is an error, not a new folder."""
    import os
    import stat

    from coach.fileio import kind_of

    folder = target.parent
    if _names_history_file(target, places):  # even when that file is not there (yet)
        return f"that is your history itself; write to another file, e.g. {example}"
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as error:
        return error.strerror or str(error)
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            return f"it is a folder; give a file name, e.g. {target / example}"
        if stat.S_ISLNK(info.st_mode):
            return "it is a symbolic link; coach never writes through one. Give the real path"
        if not stat.S_ISREG(info.st_mode):
            return f"it is {kind_of(info.st_mode)}, not a regular file"
        if _is_history_file(info, places):
            return f"that is your history itself; write to another file, e.g. {example}"
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


def _names_history_file(target: Path, places) -> bool:
    """Whether `target` is the path of the history database, its -wal, -shm or lock, existing or not."""
    from coach.history.store import history_files

    try:
        where = target.parent.resolve() / target.name
        home = places.history_db.parent.resolve()
    except (OSError, RuntimeError):
        return False
    return where.parent == home and where.name in {file.name for file in history_files(places.history_db)}


def _is_history_file(info, places) -> bool:
    """Whether the file of `info` is the history database, its -wal or -shm, or its lock."""
    import os

    from coach.history.store import history_files

    for file in history_files(places.history_db):
        try:
            other = os.stat(file)
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino):
            return True
    return False


def import_history(args, places) -> int:
    from coach.history import exchange

    source = Path(args.file)
    try:
        sessions = exchange.read_file(source)
    except exchange.ExchangeError as error:
        print(for_terminal("\n".join(error.problems), lines=True), file=sys.stderr)
        print("coach: nothing was imported.", file=sys.stderr)
        return EXIT_INVALID

    def merge(store) -> int:
        result = store.import_sessions(sessions, sessions.deleted, sessions.program)
        say(f"Imported {source}: {result.words()}.")
        return EXIT_OK

    return _changing_history(places, merge, "nothing was imported")


def _changing_history(places, change, nothing_done: str) -> int:
    """`change(store)` on the history opened for writing, and its exit code; when the history cannot be
    changed, or names no such session, the reason and what was not done."""
    from coach.history.store import HistoryUnavailable, SessionNotFound

    store = _open_history(places)
    if store is None:
        return EXIT_FAILED
    with store:
        try:
            return change(store)
        except SessionNotFound as error:
            say_error(f"{error}; {nothing_done}")
            return EXIT_INVALID
        except HistoryUnavailable as error:
            say_error(f"{error}; {nothing_done}")
            return EXIT_FAILED


# -- corrections -------------------------------------------------------------------------

def edit_session(args, places) -> int:
    from datetime import datetime, timezone

    from coach.history.report import session_line

    changes = {key: getattr(args, key) for key in ("pain_before", "pain_after", "note", "minutes") if hasattr(args, key)}
    if not changes and not hasattr(args, "date"):
        say_error("say what to change: --pain-before, --pain-after, --note, --minutes or --date "
                  "(see coach history edit --help)")
        return EXIT_INVALID

    def change(store) -> int:
        session = store.find_session(args.id)
        if hasattr(args, "date"):
            try:
                changes["started"] = _moved(session.started, *args.date)
            except (OverflowError, ValueError):  # a day at the very end of the calendar, in some time zone
                say_error("--date is out of range; give a day you exercised on")
                return EXIT_INVALID
            if changes["started"] > datetime.now(timezone.utc):
                say_error(f"--date puts it in the future ({changes['started'].astimezone():%Y-%m-%d %H:%M}); "
                          "log what you have done")
                return EXIT_INVALID
        edited = store.edit_session(session.uuid, changes, datetime.now(timezone.utc))
        say(f"Changed: {for_terminal(session_line(edited))}")
        return EXIT_OK

    return _changing_history(places, change, "nothing was changed")


def _moved(started, day, time_of_day):
    """The start moved to `day` (at `time_of_day`, or at the same local time of day as before)."""
    from datetime import datetime

    local = started.astimezone()
    return datetime.combine(day, time_of_day or local.time()).astimezone()


def delete_sessions(args, places) -> int:
    from datetime import datetime, timezone

    from coach.history.report import session_line

    def delete(store) -> int:
        found = {}
        for short in args.ids:  # each once, in the order given
            session = store.find_session(short)
            found.setdefault(session.uuid, session)
        for session in found.values():
            say(f"  {for_terminal(session_line(session))}")
        if not args.yes and not _confirmed(f"Delete {_sessions(len(found))}?"):
            say("Nothing was deleted.")
            return EXIT_OK if sys.stdin.isatty() else EXIT_INVALID
        store.delete_sessions(list(found), datetime.now(timezone.utc))
        say(f"Deleted {_sessions(len(found))}. An export from now on carries the deletion.")
        return EXIT_OK

    return _changing_history(places, delete, "nothing was deleted")


def _confirmed(question: str) -> bool:
    """y/N on a terminal; without one (a script, a pipe), no: --yes is the way to say it there."""
    if not sys.stdin.isatty():
        say_error("not deleting without a terminal to ask on; add --yes to delete anyway")
        return False
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")
