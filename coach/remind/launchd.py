"""A LaunchAgent (macOS): launchd starts `coach remind now` at each chosen time, and once after waking when the
Mac was asleep then."""

from __future__ import annotations

import plistlib
from pathlib import Path

from coach.remind.command import MARK, RemindCommand
from coach.remind.files import SchedulerFile
from coach.remind.schedule import Schedule
from coach.remind.system import Runner, run

LABEL = "local.coach-remind"  # <id>.coach-remind: "local." is the prefix for agents a person installs


def folder() -> Path:
    return Path.home() / "Library" / "LaunchAgents"


def files(schedule: Schedule, command: RemindCommand, where: Path | None = None) -> list[SchedulerFile]:
    intervals = [{"Weekday": (day + 1) % 7, "Hour": moment.hour, "Minute": moment.minute}  # launchd: Sunday 0
                 for day in schedule.days for moment in schedule.times]
    agent = {"Label": LABEL, "Comment": MARK, "ProgramArguments": list(command.argv),
             "StartCalendarInterval": intervals, "ProcessType": "Interactive"}
    text = plistlib.dumps(agent, sort_keys=False).decode("utf-8")
    return [SchedulerFile((where or folder()) / f"{LABEL}.plist", text)]


def reachable(runner: Runner = run) -> str | None:
    import sys

    if sys.platform != "darwin":
        return "launchd is macOS's"
    code, _ = runner(["launchctl", "version"])
    return None if code != 127 else "launchctl is not installed"


def install(path: Path, runner: Runner = run) -> list[str]:
    runner(["launchctl", "unload", str(path)])  # an older one, if loaded; it is fine when none is
    code, output = runner(["launchctl", "load", "-w", str(path)])
    return [] if code == 0 else [f"`launchctl load -w {path}` failed: {output or f'exit {code}'}"]


def uninstall(path: Path, runner: Runner = run) -> list[str]:
    code, output = runner(["launchctl", "unload", "-w", str(path)])
    return [] if code == 0 else [f"`launchctl unload -w {path}` failed: {output or f'exit {code}'}"]


def state(runner: Runner = run) -> str:
    code, _ = runner(["launchctl", "list", LABEL])
    return "loaded" if code == 0 else "not loaded"
