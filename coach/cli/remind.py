"""`coach remind`: reminders from the operating system at the times the person chooses (set, status, off), a
calendar file for a phone (ics), and what the scheduler runs (now)."""

from __future__ import annotations

import os
import shlex
from datetime import datetime
from pathlib import Path

from coach.cli.output import EXIT_FAILED, EXIT_INVALID, EXIT_OK, say, say_error
from coach.safe_text import for_terminal


def set_schedule(args, places) -> int:
    from coach.remind import install
    from coach.remind.schedule import ScheduleError, parse_quiet
    from coach.settings_write import SettingsNotWritable, set_keys
    from coach.state import remember_reminder_files

    settings = _settings(places)
    try:
        quiet = parse_quiet(args.quiet) if args.quiet else None
    except ScheduleError as error:
        say_error(str(error))
        return EXIT_INVALID
    schedule = _schedule(args, settings, "say when: coach remind set --days mon,wed,fri --at 18:00 (and --at again "
                                         "for more times)")
    if schedule is None:
        return EXIT_INVALID
    changes: dict[str, str | None] = {"reminder_days": "[" + ", ".join(schedule.day_names) + "]",
                                      "reminder_times": "[" + ", ".join(f'"{t:%H:%M}"' for t in schedule.times) + "]"}
    if args.quiet:
        changes["quiet_hours"] = f'"{quiet.describe()}"'
    elif args.no_quiet:
        changes["quiet_hours"] = None
    else:
        quiet = settings.quiet_hours
    command = _command(places)
    if command is None:
        return EXIT_INVALID
    refused = install.refusals(schedule, command)  # before anything is changed
    if refused:
        for problem in refused:
            say_error(problem)
        return EXIT_FAILED
    try:
        written = set_keys(places.settings_file, changes)
    except SettingsNotWritable as error:
        say_error(str(error))
        return EXIT_FAILED
    say(f"Reminders: {schedule.describe()}. Saved in {for_terminal(written)}.")
    silent = [f"{moment:%H:%M}" for moment in schedule.times if quiet is not None and moment in quiet]
    if silent:
        say_error(f"{', '.join(silent)} falls in your quiet hours ({quiet.describe()}); no reminder will show then")
    outcome = install.install(schedule, command)
    for problem in outcome.problems:
        say_error(problem)
    if outcome.written:
        try:
            remember_reminder_files(places.state_file, [str(path) for path in outcome.written])
        except OSError as error:
            say_error(f"cannot remember which files were written ({error.strerror or error}); "
                      "`coach remind off` still finds them in their usual place")
        say(f"Written ({outcome.scheduler}):")
        for path in outcome.written:
            say(f"  {for_terminal(path)}")
    if outcome.printed:
        say("Nothing was written to the system. To have the reminders, install this yourself:\n")
        for line in outcome.printed:
            say(for_terminal(line))
        return EXIT_OK
    if outcome.problems:
        return EXIT_FAILED
    say(f"Next reminder: {_next(schedule)}.")
    return EXIT_OK


def status(args, places) -> int:
    from coach.history import reminder_log
    from coach.remind import install
    from coach.state import load_state

    settings = _settings(places)
    schedule = settings.reminders
    if schedule is None:
        say("Reminders: none set. Set them with: coach remind set --days mon,wed,fri --at 18:00")
    else:
        say(f"Reminders: {schedule.describe()} (in {for_terminal(places.settings_file)})")
        if settings.quiet_hours:
            say(f"Quiet hours: {settings.quiet_hours.describe()}")
        say(f"Next reminder: {_next(schedule)}")
    files = [Path(path) for path in load_state(places.state_file).reminder_files]
    present = [path for path in dict.fromkeys([*files, *install.usual_paths()]) if install.is_ours(path)]
    if present:
        say(f"Files ({install.scheduler_name()}):")
        for path in present:
            say(f"  {for_terminal(path)}")
        say(f"Scheduler: {install.scheduler_state()}")
        command = _command(places)
        if command is not None and not command.program.exists():
            say_error(f"the reminder runs {for_terminal(command.program)}, which is gone: run `coach remind set` again")
    elif schedule is not None:
        say("Files: none written (run `coach remind set` where the scheduler answers, or install the crontab line "
            "it prints)")
    if places.history_db.exists():
        from coach.cli.history import _open_history

        store = _open_history(places, reading=True)
        if store is not None:
            with store:
                from datetime import date, timedelta

                today = date.today()
                line = reminder_log.reminder_days(store, store.sessions(), today - timedelta(days=27), today).line()
            if line:
                say(f"{line.replace('Reminders: ', 'Reminders in the last 4 weeks: ', 1)}.")
    return EXIT_OK


def off(args, places) -> int:
    from coach.remind import install
    from coach.settings import REMINDER_KEYS
    from coach.settings_write import SettingsNotWritable, set_keys
    from coach.state import load_state, remember_reminder_files

    files = [Path(path) for path in load_state(places.state_file).reminder_files]
    removed, problems = install.remove(files)
    for problem in problems:
        say_error(problem)
    for path in removed:
        say(f"Removed {for_terminal(path)}")
    try:
        if places.settings_file.exists():
            set_keys(places.settings_file, {key: None for key in REMINDER_KEYS if key != "quiet_hours"})
        if files:
            remember_reminder_files(places.state_file, [])
    except (SettingsNotWritable, OSError) as error:
        say_error(str(error))
        return EXIT_FAILED
    say("Reminders are off." if not problems else "Reminders are off in settings; see the problems above.")
    return EXIT_OK if not problems else EXIT_FAILED


def calendar(args, places) -> int:
    from coach.cli.history import _may_write, _write_new
    from coach.remind.ics import calendar_bytes
    from coach.remind.nudge import message, run_arguments

    settings = _settings(places)
    schedule = _schedule(args, settings, "no reminder schedule: run `coach remind set --days … --at …` first, or "
                                         "give --days and --at")
    if schedule is None:
        return EXIT_INVALID
    target = Path(args.file)
    if not _may_write(target, places, args.force, "coach-reminders.ics"):
        return EXIT_FAILED
    today = _today(places, settings)
    if today is None:
        return EXIT_FAILED
    title, _ = message(today)  # this week's counts would be stale in a calendar: the routine and its length only
    length = f", about {today.minutes} minutes" if today.minutes else ""
    start = " ".join(["coach", *(shlex.quote(part) for part in run_arguments(today))])
    description = (f"{today.routine or 'Your exercises'}{length}. Start it in a terminal with: {start}"
                   + (" (it runs your program's plan for the day)" if today.reason else ""))
    data = calendar_bytes(schedule, title, description, today.minutes or 15, datetime.now().date(),
                          args.weeks)
    if not _write_new(target, data, args.force, "the calendar was made"):
        return EXIT_FAILED
    say(for_terminal(target))
    return EXIT_OK


def now(args, places) -> int:
    from functools import partial

    from coach.remind import terminal
    from coach.remind.notify import find_notifier
    from coach.remind.now import Reminding
    from coach.remind.nudge import run_arguments
    from coach.remind.today import today_for

    settings = _settings(places)
    if settings.reminders is None and not args.test:
        say("No reminder: none are set (coach remind set --days … --at …).")
        return EXIT_OK
    from coach.cli.history import _open_history

    store = _open_history(places) if places.history_db.exists() or not args.test else None
    if store is None and places.history_db.exists():
        say_error("the reminder comes anyway, and is not recorded")
    command = _command(places)
    if command is None:
        return EXIT_FAILED
    coach_argv = list(command.argv[:-2])  # python -m coach [--data-dir DIR]
    # Run by systemd at login, the desktop's notification server may not be up yet: look for a while.
    wait = 120.0 if os.environ.get("INVOCATION_ID") and not args.test else 0.0
    try:
        Reminding(store, lambda: _settings(places, quiet=True),
                  lambda moment: today_for(store, places, _settings(places, quiet=True), moment),
                  partial(find_notifier, wait),
                  lambda today: terminal.launch(terminal.start_argv(_settings(places, quiet=True).terminal,
                                                                    [*coach_argv, *run_arguments(today)])),
                  lambda text: say(for_terminal(text, lines=True))).run(test=args.test)
    finally:
        if store is not None:
            store.close()
    return EXIT_OK


def _settings(places, quiet: bool = False):
    """The settings, after printing their file's problems (unless `quiet`), so a bad reminder line is named."""
    from coach.settings import load_settings

    loaded = load_settings(places.settings_file)
    if not quiet:
        for warning in loaded.warnings:
            say_error(warning)
    return loaded.settings


def _schedule(args, settings, missing: str):
    """The schedule from --days and --at, each falling back on the settings'; None after saying what is wrong."""
    from coach.remind.schedule import Schedule, ScheduleError, parse_days, parse_times

    try:
        days = parse_days(args.days) if args.days else settings.reminder_days
        times = parse_times(args.at) if args.at else settings.reminder_times
    except ScheduleError as error:
        say_error(str(error))
        return None
    if not days or not times:
        say_error(missing)
        return None
    return Schedule(days, times)


def _command(places):
    """The command the scheduler runs, or None after saying why there can be none."""
    from coach.remind.command import RemindCommand, UnschedulablePath

    single = places.data_dir == places.config_dir  # --data-dir or COACH_HOME: one folder for everything
    try:
        return RemindCommand.for_places(places.data_dir if single else None)
    except UnschedulablePath as error:
        say_error(str(error))
        return None


def _next(schedule) -> str:
    upcoming = schedule.next_after(datetime.now().astimezone())
    return f"{upcoming:%a %d %b %H:%M}"


def _today(places, settings):
    """Today as a reminder sees it (for the calendar file's text), or None after saying why."""
    from coach.remind.today import today_for

    if not places.history_db.exists():
        return today_for(None, places, settings, datetime.now().astimezone())
    from coach.cli.history import _open_history

    store = _open_history(places, reading=True)
    if store is None:
        return None
    with store:
        return today_for(store, places, settings, datetime.now().astimezone())
