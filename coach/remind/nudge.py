"""What a reminder says, and whether it is shown at all. Pure: the history's answers come in as values.

Never a nag: nothing outside the chosen days and times, nothing in quiet hours, one reminder per chosen time,
nothing once today's session is done or the person chose "Skip today".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from coach.remind.schedule import QuietHours, Schedule


@dataclass(frozen=True)
class Today:
    """Today as a reminder sees it."""

    routine: str | None  # what to do: today's plan, else the routine done last
    minutes: int | None  # its length
    week_done: int  # sessions this week
    week_goal: int
    reason: str | None = None  # the program's one line about today's plan
    done: bool = False  # a session today counts already
    running: bool = False  # a session is going on now (in another coach)


def why_not(schedule: Schedule | None, quiet: QuietHours | None, now: datetime, *, reminded: bool, skipped: bool,
            done: bool, running: bool = False) -> str | None:
    """Why no reminder is shown now, in words; None when one is. `reminded`: this time was reminded about already;
    `skipped`: "Skip today" was chosen; `done`: a session today counts."""
    if schedule is None:
        return "no reminders are set (coach remind set --days … --at …)"
    if quiet is not None and now.time() in quiet:
        return f"it is quiet hours ({quiet.describe()})"
    slot = schedule.slot(now)
    if slot is None:
        return f"no reminder is due now ({schedule.describe()})"
    if skipped:
        return "you chose to skip today"
    if running:
        return "a session is going on now"
    if done:
        return "today's session is done"
    if reminded:
        return f"the {slot:%H:%M} reminder was shown already"
    return None


def message(today: Today) -> tuple[str, str]:
    """(title, body): "Time for Back basics (15 min)", "This week: 1 of 3 sessions." and the program's line."""
    if today.routine:
        length = f" ({today.minutes} min)" if today.minutes else ""
        title = f"Time for {today.routine}{length}"
    else:
        title = "Time for your exercises"
    body = [f"This week: {today.week_done} of {today.week_goal} session{'s' * (today.week_goal != 1)}."]
    if today.reason:
        body.append(today.reason)
    return title, "\n".join(body)


def run_arguments(today: Today) -> list[str]:
    """What follows `coach` to start what the reminder names: `run` for a program's plan of the day, `run ROUTINE`
    for the routine done last, nothing (the home screen) when there is neither."""
    if today.reason is not None:
        return ["run"]
    if today.routine:
        return ["run", today.routine]
    return []
