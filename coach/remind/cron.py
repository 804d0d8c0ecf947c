"""A crontab line: where there is no systemd user instance and no launchd, for the person to install."""

from __future__ import annotations

import os
from pathlib import Path

from coach.remind.command import RemindCommand
from coach.remind.schedule import Schedule


def lines(schedule: Schedule, command: RemindCommand) -> list[str]:
    """One line per time of day: `MM HH * * DAYS command` (cron's days: Sunday 0, Monday 1). cron runs it without
    the desktop's session bus, so the line names the bus when this user has one in the usual place."""
    days = ",".join(str((day + 1) % 7) for day in schedule.days)
    bus = Path(f"/run/user/{os.getuid()}/bus") if hasattr(os, "getuid") else None
    prefix = f"DBUS_SESSION_BUS_ADDRESS=unix:path={bus} " if bus is not None and bus.exists() else ""
    shell = (prefix + command.shell()).replace("%", "\\%")  # cron reads an unescaped % as a line break
    return [f"{moment.minute} {moment.hour} * * {days} {shell}" for moment in schedule.times]
