"""Putting the reminders into the operating system's scheduler, and taking them out again.

systemd user timers on Linux, a LaunchAgent on macOS. Where neither answers, nothing is written to the system:
the files (and a crontab line) are printed for the person to install. coach writes only files that carry its
mark, never over one that does not, never through a symbolic link, and `off` removes only those it wrote.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from coach.remind import cron, launchd, systemd
from coach.remind.command import MARK, RemindCommand
from coach.remind.files import SchedulerFile
from coach.remind.schedule import Schedule
from coach.remind.system import Runner, run


@dataclass
class Outcome:
    scheduler: str  # "systemd user timer", "LaunchAgent", or "none"
    written: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    printed: list[str] = field(default_factory=list)  # lines for the person to install, when nothing was written


def scheduler_name() -> str:
    return "LaunchAgent" if sys.platform == "darwin" else "systemd user timer"


def planned_files(schedule: Schedule, command: RemindCommand) -> list[SchedulerFile]:
    return (launchd.files if sys.platform == "darwin" else systemd.files)(schedule, command)


def usual_paths() -> list[Path]:
    """Where this system's scheduler files go."""
    if sys.platform == "darwin":
        return [launchd.folder() / f"{launchd.LABEL}.plist"]
    return [systemd.folder() / systemd.SERVICE, systemd.folder() / systemd.TIMER]


def unreachable(runner: Runner = run) -> str | None:
    """Why this system's scheduler cannot be used now, or None."""
    return (launchd.reachable if sys.platform == "darwin" else systemd.reachable)(runner)


def refusals(schedule: Schedule, command: RemindCommand) -> list[str]:
    """Why coach will not write its files (something of someone else's is where one goes); checked first, so a
    refused `set` changes nothing at all."""
    return [problem for item in planned_files(schedule, command) if (problem := _not_ours(item.path))]


def install(schedule: Schedule, command: RemindCommand, runner: Runner = run) -> Outcome:
    files = planned_files(schedule, command)
    name = scheduler_name()
    reason = unreachable(runner)
    if reason is not None:
        return Outcome("none", problems=[f"the {name} cannot be set up here: {reason}"],
                       printed=_by_hand(files, schedule, command))
    refused = refusals(schedule, command)
    if refused:
        return Outcome(name, problems=refused)
    from coach.fileio import write_atomically

    outcome = Outcome(name)
    try:
        for item in files:
            write_atomically(item.path, item.text)
            outcome.written.append(item.path)
    except OSError as error:
        outcome.problems.append(f"cannot write {item.path}: {error.strerror or error}")
        return outcome
    outcome.problems += (launchd.install(files[0].path, runner) if sys.platform == "darwin" else
                         systemd.install(runner))
    return outcome


def remove(paths: list[Path], runner: Runner = run) -> tuple[list[Path], list[str]]:
    """Stop the scheduler's job and delete coach's files among `paths` (and in the usual place); (removed,
    problems)."""
    candidates = list(dict.fromkeys([*paths, *usual_paths()]))
    ours = [path for path in candidates if is_ours(path)]
    problems: list[str] = []
    job = [path for path in ours if path.name in (f"{launchd.LABEL}.plist", systemd.TIMER)]  # never another's timer
    reason = unreachable(runner) if ours else None
    if job and reason is None:
        problems += (launchd.uninstall(job[0], runner) if sys.platform == "darwin" else systemd.uninstall(runner))
    elif job:
        problems.append(f"the {scheduler_name()} could not be stopped ({reason}); its files are removed, and it "
                        "stops for good at the next login")
    removed = []
    for path in ours:
        try:
            path.unlink()
            removed.append(path)
        except FileNotFoundError:
            pass
        except OSError as error:
            problems.append(f"cannot remove {path}: {error.strerror or error}")
    if removed and sys.platform != "darwin" and reason is None:
        systemd.reload(runner)
    return removed, problems


def scheduler_state(runner: Runner = run) -> str:
    reason = unreachable(runner)
    if reason is not None:
        return f"cannot ask: {reason}"
    return launchd.state(runner) if sys.platform == "darwin" else systemd.state(runner)


def is_ours(path: Path) -> bool:
    """A regular file (not a link) that carries coach's mark."""
    try:
        if path.is_symlink() or not path.is_file():
            return False
        from coach.fileio import read_limited

        return MARK in read_limited(path, 64 * 1024).decode("utf-8", "replace")
    except OSError:
        return False


def _not_ours(path: Path) -> str | None:
    """Why coach will not write at `path` (something of someone else's is there), or None."""
    if path.is_symlink():
        return f"{path} is a symbolic link; coach does not write through it. Remove it, then run this again."
    if path.exists() and not is_ours(path):
        return f"{path} exists and was not written by coach; nothing was changed. Move it away, then run this again."
    return None


def _by_hand(files: list[SchedulerFile], schedule: Schedule, command: RemindCommand) -> list[str]:
    """What to install by hand: the files with where they go, and the crontab line as the other way."""
    lines = []
    for item in files:
        lines += [f"--- {item.path}", *item.text.rstrip("\n").splitlines(), ""]
    if sys.platform != "darwin":
        lines.append(f"then: systemctl --user daemon-reload && systemctl --user enable --now {systemd.TIMER}")
        lines.append("")
    lines.append("or, with cron instead (crontab -e), add:")
    lines += cron.lines(schedule, command)
    return lines
