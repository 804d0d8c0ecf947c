"""When reminders fire: the days of the week and the times of day the person chose, and quiet hours. Pure: every
question takes the local time it is asked at.

The scheduler (systemd, launchd, cron) starts `coach remind now` at each chosen time, and later when the computer
was asleep or off then (systemd's Persistent=true). `slot` says which chosen time a run belongs to: the latest
one today that has come, so a run after waking still reminds about this evening's session, never yesterday's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from coach.settings import MOST_REMINDER_TIMES

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # index = date.weekday()
SHORTHANDS = {"daily": tuple(range(7)), "weekdays": tuple(range(5)), "weekends": (5, 6)}
_TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


class ScheduleError(ValueError):
    """A day, a time or quiet hours that cannot be read; the message says which and why."""


@dataclass(frozen=True)
class Schedule:
    days: tuple[int, ...]  # weekdays, Monday 0, sorted, no repeats
    times: tuple[time, ...]  # sorted, no repeats

    def __post_init__(self) -> None:
        if not self.days or not self.times:
            raise ScheduleError("a schedule needs at least one day and one time")

    @property
    def day_names(self) -> tuple[str, ...]:
        return tuple(DAY_NAMES[day] for day in self.days)

    def describe(self) -> str:
        """"Mon, Wed, Fri at 08:30 and 18:00"."""
        days = "every day" if len(self.days) == 7 else ", ".join(name.title() for name in self.day_names)
        shown = [f"{moment:%H:%M}" for moment in self.times]
        at = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
        return f"{days} at {at}"

    def slot(self, now: datetime) -> datetime | None:
        """The chosen time today that this moment belongs to (the latest that has come), or None: today is not
        one of the days, or none of today's times has come yet."""
        if now.weekday() not in self.days:
            return None
        come = [moment for moment in self.times if moment <= now.time()]
        return datetime.combine(now.date(), come[-1], now.tzinfo) if come else None

    def next_after(self, now: datetime) -> datetime:
        """The next chosen time strictly after `now` (at most a week away)."""
        for offset in range(8):
            day = now.date() + timedelta(days=offset)
            if day.weekday() not in self.days:
                continue
            for moment in self.times:
                when = datetime.combine(day, moment, now.tzinfo)
                if when > now:
                    return when
        raise AssertionError("a schedule with a day and a time always has a next one")  # pragma: no cover


@dataclass(frozen=True)
class QuietHours:
    start: time
    end: time  # may be before start: the quiet hours run over midnight

    def __contains__(self, moment: time) -> bool:
        if self.start <= self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end

    def describe(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


def parse_days(words: list[str] | tuple[str, ...]) -> tuple[int, ...]:
    """Days from names: "mon".."sun" (or whole names), "daily", "weekdays", "weekends", each word possibly a
    comma-separated list. Raises ScheduleError naming the word it cannot read."""
    days: set[int] = set()
    for word in words:
        for part in str(word).split(","):
            name = part.strip().lower()
            if not name:
                continue
            if name in SHORTHANDS:
                days.update(SHORTHANDS[name])
                continue
            matches = [index for index, day in enumerate(DAY_NAMES) if len(name) >= 3 and
                       _FULL_NAMES[index].startswith(name)]
            if len(matches) != 1:
                raise ScheduleError(f"{_shown(part)} is not a day; use mon, tue, wed, thu, fri, sat, sun, "
                                    "daily, weekdays or weekends")
            days.add(matches[0])
    if not days:
        raise ScheduleError("no day given")
    return tuple(sorted(days))


_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def parse_time(text: str) -> time:
    """A time of day written HH:MM (24-hour). Raises ScheduleError."""
    match = _TIME.fullmatch(str(text).strip())
    if not match:
        raise ScheduleError(f"{_shown(text)} is not a time of day; write it as HH:MM, 24-hour (18:00, 08:30)")
    return time(int(match.group(1)), int(match.group(2)))


def parse_times(texts: list[str] | tuple[str, ...]) -> tuple[time, ...]:
    times = tuple(sorted({parse_time(text) for text in texts}))
    if not times:
        raise ScheduleError("no time given")
    if len(times) > MOST_REMINDER_TIMES:
        raise ScheduleError(f"{len(times)} times a day is more than a nudge; at most {MOST_REMINDER_TIMES}")
    return times


def parse_quiet(text: str) -> QuietHours:
    """Quiet hours written HH:MM-HH:MM ("22:00-07:00" runs over midnight). Raises ScheduleError."""
    start, dash, end = str(text).partition("-")
    if not dash:
        raise ScheduleError(f"{_shown(text)} is not quiet hours; write them as HH:MM-HH:MM (22:00-07:00)")
    quiet = QuietHours(parse_time(start), parse_time(end))
    if quiet.start == quiet.end:
        raise ScheduleError(f"{_shown(text)} starts and ends at the same time")
    return quiet


def _shown(text: object) -> str:
    from coach.safe_text import for_terminal

    shown = for_terminal(str(text))
    return f'"{shown[:40]}…"' if len(shown) > 40 else f'"{shown}"'
