"""systemd user timers (Linux): coach-remind.timer starts coach-remind.service at each chosen time, and after
waking when the computer was asleep or off then (Persistent=true)."""

from __future__ import annotations

import os
from pathlib import Path

from coach.remind.command import MARK, RemindCommand
from coach.remind.files import SchedulerFile
from coach.remind.schedule import Schedule
from coach.remind.system import Runner, run

SERVICE, TIMER = "coach-remind.service", "coach-remind.timer"
_CALENDAR_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def folder() -> Path:
    """$XDG_CONFIG_HOME/systemd/user (~/.config/systemd/user when XDG_CONFIG_HOME is not set, or is relative,
    which the XDG spec says to ignore)."""
    config = os.environ.get("XDG_CONFIG_HOME", "")
    return (Path(config) if os.path.isabs(config) else Path.home() / ".config") / "systemd" / "user"


def files(schedule: Schedule, command: RemindCommand, where: Path | None = None) -> list[SchedulerFile]:
    where = where or folder()
    days = ",".join(_CALENDAR_DAYS[day] for day in schedule.days)
    calendars = "".join(f"OnCalendar={days} *-*-* {moment:%H:%M}:00\n" for moment in schedule.times)
    # KillMode=process: the terminal a reminder's Start opens outlives the reminder that opened it.
    # After=graphical-session.target: at login, a caught-up reminder waits for the desktop to show it.
    service = (f"# {MARK}\n[Unit]\nDescription=coach: a reminder to do your exercises\n"
               f"After=graphical-session.target\n\n"
               f"[Service]\nType=oneshot\nExecStart={exec_line(command.argv)}\nKillMode=process\n")
    timer = (f"# {MARK}\n[Unit]\nDescription=coach: exercise reminders, {_escaped(schedule.describe())}\n\n"
             f"[Timer]\n{calendars}Persistent=true\n\n[Install]\nWantedBy=timers.target\n")
    return [SchedulerFile(where / SERVICE, service), SchedulerFile(where / TIMER, timer)]


def exec_line(argv: tuple[str, ...]) -> str:
    """ExecStart's value: each argument quoted as systemd reads it, with % and $ doubled (not expanded)."""
    parts = []
    for argument in argv:
        text = _escaped(argument).replace("\\", "\\\\").replace('"', '\\"')
        parts.append(f'"{text}"' if any(character in text for character in ' \t"\\\'') or not text else text)
    return " ".join(parts)


def _escaped(text: str) -> str:
    return text.replace("%", "%%").replace("$", "$$")


def reachable(runner: Runner = run) -> str | None:
    """None when the user's systemd answers; else why not, in words."""
    code, output = runner(["systemctl", "--user", "show-environment"])
    if code == 0:
        return None
    if code == 127:
        return "systemctl is not installed"
    return f"the systemd user instance does not answer ({output.splitlines()[-1] if output else f'exit {code}'})"


def install(runner: Runner = run) -> list[str]:
    """Load the files written and start the timer; the problems, if any, in words."""
    problems = []
    for argv in (["systemctl", "--user", "daemon-reload"], ["systemctl", "--user", "enable", "--now", TIMER]):
        code, output = runner(argv)
        if code != 0:
            problems.append(f"`{' '.join(argv)}` failed: {output or f'exit {code}'}")
            break
    return problems


def uninstall(runner: Runner = run) -> list[str]:
    """Stop and disable the timer (before its files are removed)."""
    code, output = runner(["systemctl", "--user", "disable", "--now", TIMER])
    return [] if code == 0 else [f"`systemctl --user disable --now {TIMER}` failed: {output or f'exit {code}'}"]


def reload(runner: Runner = run) -> None:
    runner(["systemctl", "--user", "daemon-reload"])


def state(runner: Runner = run) -> str:
    """Whether systemd has the timer: "enabled and waiting", "not enabled", …"""
    enabled = runner(["systemctl", "--user", "is-enabled", TIMER])
    active = runner(["systemctl", "--user", "is-active", TIMER])
    if enabled[0] == 127:
        return "unknown: systemctl is not installed"
    return f"{enabled[1] or 'not enabled'}, {active[1] or 'inactive'}"
