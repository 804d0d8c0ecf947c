"""The command line's parser. Each command names its handler as "module:function" in coach.cli, imported
only when that command runs, so `coach --help` loads neither Textual nor the history."""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from coach import __version__
from coach.cli.arguments import (activity, data_dir, day, minutes, note, pain, pain_or_none, path_argument,
                                 session_id, stage_number, week_count, when, cell_size)

class Parser(argparse.ArgumentParser):
    """argparse, with its error messages (which quote the arguments) passed through the terminal sanitiser."""

    def error(self, message: str):  # type: ignore[override]
        from coach.safe_text import for_terminal

        self.print_usage(sys.stderr)
        self.exit(2, for_terminal(f"{self.prog}: error: {message}\n", lines=True))


def build_parser(arguments: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The command line's parser. When `arguments` start with a command, only that command (or, for a command
    with actions of its own, its family) is built (the whole tree costs a few milliseconds of every start);
    otherwise, as for `coach --help`, all."""
    parser = Parser(
        prog="coach",
        description="A terminal guided-workout timer for a home exercise program for back pain.",
        epilog="With no command, coach opens the home screen. ROUTINE is a file path or a routine name (see `coach list`).",
    )
    parser.add_argument("--version", action="version", version=f"coach {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", type=data_dir, help="keep routines, history and settings in DIR (default: $COACH_HOME or your data folder)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = FAMILY_OF.get(arguments[0]) if arguments else None
    for family in (wanted,) if wanted else FAMILIES:
        family(commands)
    _session_options(parser)
    for name, command in commands.choices.items():
        # --data-dir works after the command too (`coach list --data-dir DIR`), without hiding one given before it.
        command.add_argument("--data-dir", metavar="DIR", type=data_dir, default=argparse.SUPPRESS,
                             help="keep routines, history and settings in DIR")
        command.formatter_class = argparse.RawDescriptionHelpFormatter
        command.epilog = EXAMPLES.get(name)
    return parser


# The routine commands, one builder each: `coach run`, the one most started, builds only its own parser.
def _run_command(commands) -> None:
    run = commands.add_parser("run", help="start a guided session")
    run.set_defaults(handler="routines:run")
    run.add_argument("routine", metavar="ROUTINE", type=path_argument, nargs="?",
                     help=ROUTINE_HELP + "; left out while you follow a program, today's plan")
    _session_options(run, default=argparse.SUPPRESS)  # so `coach --mute run X` keeps its --mute


def _list_command(commands) -> None:
    commands.add_parser("list", help="list bundled and user routines with their planned time").set_defaults(
        handler="routines:list_routines")


def _validate_command(commands) -> None:
    validate = commands.add_parser("validate", help="check routine and program files; exit 2 when any has errors")
    validate.set_defaults(handler="routines:validate")
    validate.add_argument("files", metavar="FILE", nargs="+", type=path_argument,
                          help="routine or program files to check")


def _show_command(commands) -> None:
    show = commands.add_parser("show", help="print a routine's expanded plan (or a program stage's)")
    show.set_defaults(handler="routines:show")
    show.add_argument("routine", metavar="ROUTINE", type=path_argument,
                      help=ROUTINE_HELP + "; or a program's name or file, with --stage")
    show.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    show.add_argument("--pictures", metavar="DIR", type=path_argument,
                      help="with --format markdown: write a picture of each exercise (PNG) into DIR and link them "
                           "(pictures of the same name there are replaced)")
    show.add_argument("--stage", metavar="N", type=stage_number, help="a program's stage to show (default 1)")


def _new_command(commands) -> None:
    new = commands.add_parser("new", help="write a commented starter routine into your routines folder")
    new.set_defaults(handler="routines:new")
    new.add_argument("name", metavar="NAME", help="the routine's name; its file name is made from it")
    new.add_argument("--from", dest="source", metavar="ROUTINE", help="start from a copy of this routine")


def _schema_command(commands) -> None:
    schema = commands.add_parser("schema", help="print the routine JSON Schema (or, with --program, the program one)")
    schema.set_defaults(handler="routines:schema")
    schema.add_argument("--program", action="store_true", help="the JSON Schema of program files")


def _settings_command(commands) -> None:
    commands.add_parser(
        "settings", help="the settings in effect, where each came from, and any problem with the file",
        description="Print the settings in effect, where each came from (the default, or a line of your settings "
                    "file), the folders coach uses, and the problems with the settings file (the first 10).",
    ).set_defaults(handler="routines:show_settings")


ROUTINE_HELP = ('a routine\'s file name (back-basics), its name as shown ("Back basics", any case), '
                "or the path of a routine file")
EXAMPLES = {
    "run": "examples:\n  coach run back-basics\n  coach run \"Back basics\" --voice\n  coach run ~/my-routine.yaml --no-checkin",
    "list": "example:\n  coach list",
    "validate": "examples:\n  coach validate my-routine.yaml\n  coach validate routines/*.yaml",
    "show": "examples:\n  coach show back-basics\n  coach show \"Gentle 5\" --format markdown > plan.md",
    "new": "examples:\n  coach new \"My mornings\"\n  coach new \"Easy week\" --from gentle-5",
    "schema": "examples:\n  coach schema > routine.schema.json\n  coach schema --program > program.schema.json",
    "settings": "example:\n  coach settings",
    "log": "examples:\n  coach log Swimming --minutes 30\n  coach log \"PT visit\" --minutes 45 --kind main --date 2024-06-03",
    "history": "examples:\n  coach history\n  coach history --since 2024-06-01 --routine back-basics\n  coach history --csv > history.csv",
    "export": "examples:\n  coach export ~/coach-history.json\n  coach export ~/coach-history.json --force",
    "import": "example:\n  coach import ~/coach-history.json",
    "report": "examples:\n  coach report\n  coach report --weeks 12 --format md --out report.md\n"
              "  coach report --since 2026-10-01 --until 2026-11-30 --no-notes",
    "remind": "examples:\n  coach remind set --days mon,wed,fri --at 18:00\n  coach remind set --days weekdays --at 08:30 "
              "--at 18:00 --quiet 22:00-07:00\n  coach remind status\n  coach remind ics ~/coach.ics\n  coach remind off",
    "pose": "examples:\n  coach pose list\n  coach pose show bird-dog\n  coach pose show \"Cat-cow\" --frame cow --size 60x16\n"
            "  coach pose show bridge --frame end --png bridge.png",
    "program": "examples:\n  coach program list\n  coach program start back-to-activity\n  coach program status --json\n"
               "  coach program set-stage 2\n  coach program stop",
}


# The phase kinds (coach.routine.model.PhaseKind), written out so `coach --help` need not
# import the model; a test keeps the two equal.


# The phase kinds (coach.routine.model.PhaseKind), written out so `coach --help` need not
# import the model; a test keeps the two equal.
LOG_KINDS = ("aerobic", "warmup", "main", "cooldown")
# An activity's kind (coach.history.activities.STORED_KIND says how each is stored).
ACTIVITY_KINDS = ("aerobic", "core", "stretch", "visit")


def _history_commands(commands) -> None:
    log = commands.add_parser("log", help="record an activity done away from the terminal (walk, swim, PT visit)",
                              description="Record an activity done away from the terminal. It counts toward "
                                          "your weekly goals.")
    log.set_defaults(handler="history:log")
    log.add_argument("activity", metavar="ACTIVITY", type=activity, nargs="?",
                     help='what you did, e.g. "Swimming" or "bike" (coach log --list shows the ones coach knows)')
    log.add_argument("--minutes", metavar="N", type=minutes, help="how long, in minutes (required)")
    log.add_argument("--list", action="store_true", help="list the activities coach knows, and your own")
    log.add_argument("--as-new", action="store_true",
                     help="log an activity coach does not know without asking, and remember it as yours")
    log.add_argument("--date", metavar="YYYY-MM-DD", type=day, help="the day you did it (default: today)")
    log.add_argument("--kind", choices=ACTIVITY_KINDS + LOG_KINDS[1:],
                     help="aerobic minutes count toward the weekly aerobic goal (default: the activity's own "
                          "kind, or aerobic)")
    log.add_argument("--pain-before", metavar="N", type=pain, help="back pain before, 0 to 10")
    log.add_argument("--pain-after", metavar="N", type=pain, help="back pain after, 0 to 10")
    log.add_argument("--note", metavar="TEXT", type=note)

    history = commands.add_parser("history", help="list your sessions, this week against your goals, your streak")
    history.set_defaults(handler="history:history")
    shape = history.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="every session with its exercises, as JSON")
    shape.add_argument("--csv", action="store_true", help="one line per session, for a spreadsheet")
    shape.add_argument("--tui", action="store_true", help="the history screen, with charts")
    history.add_argument("--since", metavar="YYYY-MM-DD", type=day, help="only sessions from this day on")
    history.add_argument("--routine", metavar="NAME", help="only this routine (its name or file name)")
    corrections = history.add_subparsers(dest="correction", metavar="{edit,delete}",
                                         help="correct a session (see: coach history edit --help)")
    change = corrections.add_parser(
        "edit", help="correct a session: its pain, note, minutes or date",
        description="Correct a session. ID is the short id in the first column of `coach history`.",
        epilog="examples:\n  coach history edit 3f9a0c1e --pain-after 3\n"
               "  coach history edit 3f9a --note \"felt good\" --date \"2024-06-03 18:30\"\n"
               "  coach history edit 3f9a --pain-before none",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    change.set_defaults(handler="history:edit_session")
    change.add_argument("id", metavar="ID", type=session_id, help="the session's id, as `coach history` shows it")
    change.add_argument("--pain-before", metavar="N", type=pain_or_none, default=argparse.SUPPRESS,
                        help="back pain before, 0 to 10, or none to clear it")
    change.add_argument("--pain-after", metavar="N", type=pain_or_none, default=argparse.SUPPRESS,
                        help="back pain after, 0 to 10, or none to clear it")
    change.add_argument("--note", metavar="TEXT", type=note, default=argparse.SUPPRESS,
                        help='the note ("" clears it)')
    change.add_argument("--minutes", metavar="N", type=minutes, default=argparse.SUPPRESS,
                        help="how long (an activity recorded with coach log only)")
    change.add_argument("--date", metavar="YYYY-MM-DD[ HH:MM]", type=when, default=argparse.SUPPRESS,
                        help="when it was: a day (the time of day kept), or a day and a time")
    remove = corrections.add_parser(
        "delete", help="delete sessions (asks first on a terminal; --yes otherwise)",
        description="Delete sessions from your history. An export afterwards carries the deletion, so an import "
                    "elsewhere deletes them too.",
        epilog="examples:\n  coach history delete 3f9a0c1e\n  coach history delete 3f9a 77b2 --yes",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    remove.set_defaults(handler="history:delete_sessions")
    remove.add_argument("ids", metavar="ID", nargs="+", type=session_id, help="the sessions' ids")
    remove.add_argument("--yes", action="store_true", help="delete without asking")
    for sub in (change, remove):
        sub.add_argument("--data-dir", metavar="DIR", type=data_dir, default=argparse.SUPPRESS,
                         help="keep routines, history and settings in DIR")

    export = commands.add_parser("export", help="write your whole history to FILE as JSON")
    export.set_defaults(handler="history:export")
    export.add_argument("file", metavar="FILE", type=path_argument, help="the file to write (a new one, unless --force)")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists (never your history itself)")

    merge = commands.add_parser("import", help="merge a history export into yours; sessions you have are skipped")
    merge.set_defaults(handler="history:import_history")
    merge.add_argument("file", metavar="FILE", type=path_argument, help="a file made by coach export")


def _program_commands(commands) -> None:
    program = commands.add_parser(
        "program", help="follow a program: stages over the weeks, which progress with your pain and completion",
        description="A program is a plan across weeks: stages of routines that progress with your pain answers and "
                    "completion, with a flare-up path. docs/programs.md describes the rules and the file format.")
    program.set_defaults(handler="program:status", json=False)
    actions = program.add_subparsers(dest="action", metavar="{list,start,status,set-stage,stop}")
    actions.add_parser("list", help="the bundled programs and your own, with their stages").set_defaults(
        handler="program:list_programs")
    begin = actions.add_parser("start", help="start following a program (the one followed before ends)")
    begin.set_defaults(handler="program:start")
    begin.add_argument("program", metavar="NAME|FILE", type=path_argument,
                       help="a program's file name (back-to-activity), its name, or a program file")
    begin.add_argument("--stage", metavar="N", type=stage_number, help="the stage to start at (default 1)")
    state = actions.add_parser("status", help="today's plan, the stage, why, and this week against the goals")
    state.set_defaults(handler="program:status")
    state.add_argument("--json", action="store_true", help="as JSON (the README lists its keys)")
    choose = actions.add_parser("set-stage", help="set the stage by hand (recorded; the rules go on from it)")
    choose.set_defaults(handler="program:set_stage")
    choose.add_argument("stage", metavar="N", type=stage_number, help="the stage, from 1")
    actions.add_parser("stop", help="stop following the program (its sessions and decisions stay)").set_defaults(
        handler="program:stop")
    for sub in actions.choices.values():
        sub.add_argument("--data-dir", metavar="DIR", type=data_dir, default=argparse.SUPPRESS,
                         help="keep routines, history and settings in DIR")


def _remind_commands(commands) -> None:
    remind = commands.add_parser(
        "remind", help="reminders from your computer at the times you choose, and a calendar file for your phone",
        description="Reminders at the days and times you choose, from your operating system's scheduler (systemd "
                    "user timers on Linux, a LaunchAgent on macOS): a desktop notification with today's plan, and "
                    "Start, Snooze 30 min and Skip today. One reminder per chosen time, none in quiet hours, none "
                    "once today's session is done.")
    remind.set_defaults(handler="remind:status")
    actions = remind.add_subparsers(dest="action", metavar="{set,status,off,ics,now}")
    choose = actions.add_parser("set", help="choose the days and times, save them in settings and install them")
    choose.set_defaults(handler="remind:set_schedule")
    _schedule_options(choose)
    quiet = choose.add_mutually_exclusive_group()
    quiet.add_argument("--quiet", metavar="HH:MM-HH:MM", help="no reminder in these hours (22:00-07:00)")
    quiet.add_argument("--no-quiet", action="store_true", help="no quiet hours")
    actions.add_parser("status", help="the schedule, its files, whether the scheduler has them, and the next one"
                       ).set_defaults(handler="remind:status")
    actions.add_parser("off", help="remove the files coach wrote and stop the reminders").set_defaults(
        handler="remind:off")
    ics = actions.add_parser("ics", help="write the reminders as a calendar file (.ics) for a phone or calendar")
    ics.set_defaults(handler="remind:calendar")
    ics.add_argument("file", metavar="FILE", type=path_argument, help="the .ics file to write")
    ics.add_argument("--weeks", metavar="N", type=week_count, default=12, help="how many weeks (default 12)")
    ics.add_argument("--force", action="store_true", help="replace FILE if it exists")
    _schedule_options(ics, "(default: the schedule in settings)")
    now = actions.add_parser("now", help="what the scheduler runs: remind now, if it is time")
    now.set_defaults(handler="remind:now")
    now.add_argument("--test", action="store_true", help="show a reminder now whatever the time (not recorded)")
    for sub in actions.choices.values():
        sub.add_argument("--data-dir", metavar="DIR", type=data_dir, default=argparse.SUPPRESS,
                         help="keep routines, history and settings in DIR")


def _pose_commands(commands) -> None:
    pose = commands.add_parser("pose", help="the exercise pictures: list the poses, or draw one in the terminal",
                               description="coach draws its own exercise pictures: stick figures from joint angles, "
                                           "in braille in any terminal, or as PNG or SVG.")
    pose.set_defaults(handler="pose:list_poses")
    actions = pose.add_subparsers(dest="action", metavar="{list,show}")
    actions.add_parser("list", help="every pose, its frames and the other names it answers to").set_defaults(
        handler="pose:list_poses")
    show = actions.add_parser("show", help="draw a pose (every frame, or --frame)")
    show.set_defaults(handler="pose:show")
    show.add_argument("name", metavar="NAME", help="a pose's name or an exercise's (bird-dog, \"Bird dog\")")
    show.add_argument("--size", metavar="WxH", type=cell_size, default=(40, 10),
                      help="the drawing's size in terminal cells (default 40x10)")
    show.add_argument("--frame", metavar="N|NAME", help="one frame, by number or name (start, end)")
    out = show.add_mutually_exclusive_group()
    out.add_argument("--png", metavar="FILE", type=path_argument, help="write the frame as a PNG instead")
    out.add_argument("--svg", metavar="FILE", type=path_argument, help="write the frame as an SVG instead")
    show.add_argument("--force", action="store_true", help="replace FILE if it exists")
    for sub in actions.choices.values():
        sub.add_argument("--data-dir", metavar="DIR", type=data_dir, default=argparse.SUPPRESS,
                         help="keep routines, history and settings in DIR")


def _schedule_options(parser, default: str = "(default: the ones in settings)") -> None:
    parser.add_argument("--days", metavar="DAYS", action="append",
                        help=f"mon,wed,fri, or daily, weekdays, weekends {default}")
    parser.add_argument("--at", metavar="HH:MM", action="append", help=f"a time of day, 24-hour; repeat for more {default}")


def _report_command(commands) -> None:
    report = commands.add_parser(
        "report", help="a one-page report for your physical therapist (HTML, Markdown or PDF)",
        description="Write a report of the last weeks for your physical therapist: adherence, pain, exercises, "
                    "events and notes. The HTML file is self-contained (no scripts, no links) and prints on one or "
                    "two pages.")
    report.set_defaults(handler="report:report")
    period = report.add_mutually_exclusive_group()
    period.add_argument("--since", metavar="YYYY-MM-DD", type=day, help="the first day (default: 6 weeks back)")
    period.add_argument("--weeks", metavar="N", type=week_count, help="the last N weeks (default 6)")
    report.add_argument("--until", metavar="YYYY-MM-DD", type=day, help="the last day (default: today)")
    report.add_argument("--out", metavar="FILE", type=path_argument,
                        help="where to write it (default: coach-report-YYYY-MM-DD.html here)")
    report.add_argument("--format", choices=("html", "md", "pdf"),
                        help="html, md, or pdf (printed by Chromium, which must be installed); default: the one --out's "
                             "suffix names, else html")
    report.add_argument("--paper", choices=("a4", "letter"),
                        help="the page size to print on (PDF: a4 unless given; HTML: your browser's paper)")
    report.add_argument("--no-notes", action="store_true", help="leave your session notes out")
    report.add_argument("--force", action="store_true", help="replace FILE if it exists")


def _session_options(parser: argparse.ArgumentParser, default: object = False) -> None:
    parser.add_argument("--no-checkin", action="store_true", default=default, help="skip the pain check-in before the session")
    parser.add_argument("--mute", action="store_true", default=default, help="start with sound cues muted")
    parser.add_argument("--voice", action="store_true", default=default, help="speak exercise names and cues (needs espeak-ng)")
    parser.add_argument("--pictures", choices=("auto", "unicode", "off"), default=None if default is False else default,
                        help="the exercise's picture beside the clock (default: the `pictures` setting, auto)")


# What builds the commands (one command, or a family of them), in the order `coach --help` lists them, and which
# builds each command; a test keeps FAMILY_OF equal to what each adds.
FAMILIES = (_run_command, _list_command, _validate_command, _show_command, _new_command, _schema_command,
            _settings_command, _history_commands, _program_commands, _report_command, _remind_commands,
            _pose_commands)
FAMILY_OF = {
    "run": _run_command, "list": _list_command, "validate": _validate_command, "show": _show_command,
    "new": _new_command, "schema": _schema_command, "settings": _settings_command,
    **dict.fromkeys(("log", "history", "export", "import"), _history_commands),
    "program": _program_commands, "report": _report_command, "remind": _remind_commands, "pose": _pose_commands,
}
