"""The settings file (settings.yaml in the config folder): the person's own, read defensively. coach writes in it
only the reminder lines, through coach.settings_write (`coach remind set` and `off`).

What coach accepts, and what it does otherwise:

- The file must be a regular file of at most 64 KiB (`MAX_BYTES`), UTF-8, holding one YAML
  mapping. A FIFO, device or folder is refused at once without reading it; that, a larger
  file, text that is not UTF-8 or not YAML, an alias (`*name`), a tag other than YAML's
  standard ones, nesting deeper than 16 levels or more than 2,000 YAML items each give ONE
  warning, and every setting keeps its default.
- Otherwise each setting is checked on its own. A bad value gives one warning located as
  `FILE:LINE:COL: key: message` and that setting keeps its default; an unknown key gives a
  warning with the nearest known name, and is ignored. At most 10 warnings are listed.
- Bounds: `volume` 0.0 to 1.0; `weekly_sessions_goal` 1 to 14 (two a day);
  `weekly_aerobic_minutes_goal` 1 to 10080 (every minute of a week). Numbers are bounded
  before they are converted, so a 5,000-digit number is simply out of range.
- Warnings quote what the file holds through `for_terminal`, so control characters and
  lone surrogates are shown as escapes, never sent to the terminal.

`safety_acknowledged` is no longer a setting: coach remembers it in its own state file
(`coach.state`). Older versions of coach wrote it here, so `safety_acknowledged: true` in a
settings file is still honoured, silently, as `Settings.safety_acknowledged`.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field, replace
from datetime import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.remind.schedule import QuietHours, Schedule

MAX_BYTES = 64 * 1024


@dataclass(frozen=True)
class Settings:
    """The person's settings (settings.yaml), each with its default; see the module docstring."""

    sound: bool = True  # false turns sound cues off for good
    volume: float = 0.8  # 0.0 to 1.0
    voice: bool = False  # spoken cues through espeak-ng
    weekly_sessions_goal: int = 3  # 1 to 14
    weekly_aerobic_minutes_goal: int = 90  # 1 to 10080
    name: str = ""  # the person's name as they want it on the report for their therapist (optional)
    reminder_days: tuple[int, ...] = ()  # weekdays (Monday 0) of `coach remind`; empty: no reminders
    reminder_times: tuple[time, ...] = ()  # times of day of the reminders
    quiet_hours: QuietHours | None = None  # no reminder shows inside these hours
    terminal: str = ""  # the command that opens a terminal for a reminder's Start, before `coach run`
    pictures: str = "auto"  # the exercise's picture on the session screen: auto, unicode or off
    safety_acknowledged: bool = False
    """Legacy: true only when an old settings file says so; coach now keeps this in its state file."""

    def with_changes(self, **changes: object) -> Settings:
        return replace(self, **changes)

    @property
    def reminders(self) -> Schedule | None:
        """The reminder schedule, or None when the days or the times are not set."""
        if not self.reminder_days or not self.reminder_times:
            return None
        from coach.remind.schedule import Schedule

        return Schedule(self.reminder_days, self.reminder_times)


@dataclass(frozen=True)
class LoadedSettings:
    """Settings as read from the file, with a warning for each value that could not be used."""

    settings: Settings
    warnings: tuple[str, ...] = ()
    # (setting, line) of each value taken from the file; not part of what two loads are compared on
    from_file: tuple[tuple[str, int], ...] = field(default=(), compare=False)

    def source(self, key: str, file: Path) -> str:
        """Where the setting's value came from, for `coach settings`."""
        line = dict(self.from_file).get(key)
        return f"{file}:{line}" if line else "default"


KNOWN_SETTINGS = ("sound", "volume", "voice", "weekly_sessions_goal", "weekly_aerobic_minutes_goal", "name",
                  "reminder_days", "reminder_times", "quiet_hours", "terminal", "pictures")
PICTURES = ("auto", "unicode", "off")  # auto: pixels where the terminal is known to draw them, else braille
MAX_NAME = 100  # characters of `name`
MAX_TERMINAL = 300  # characters of `terminal`
# The numbers' bounds, both ends included: a whole number where both ends are.
RANGES: dict[str, tuple[int | float, int | float]] = {
    "volume": (0.0, 1.0),
    "weekly_sessions_goal": (1, 14),  # two a day
    "weekly_aerobic_minutes_goal": (1, 7 * 24 * 60),  # every minute of a week
}
MOST_REMINDER_TIMES = 8  # a day: more is not a nudge
REMINDER_KEYS = ("reminder_days", "reminder_times", "quiet_hours")  # what `coach remind set` writes


def load_settings(path: Path) -> LoadedSettings:
    """Settings from `path`: a missing file means defaults; see the module docstring for the rest.
    PyYAML is imported only when there is a file to read (coach/settings_file.py reads it)."""
    if not os.path.lexists(path):
        return LoadedSettings(Settings())
    from coach.settings_file import read_settings

    return read_settings(path)


def shown(key: str, value: object) -> str:
    """A setting's value as the person would write it in the file ("none" for one not set)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}"
    if value in ((), None, ""):
        return "none"
    from coach.remind.schedule import DAY_NAMES, QuietHours

    if key == "reminder_days":
        return ", ".join(DAY_NAMES[day] for day in value)  # type: ignore[union-attr]
    if key == "reminder_times":
        return ", ".join(f"{moment:%H:%M}" for moment in value)  # type: ignore[union-attr]
    if isinstance(value, QuietHours):
        return value.describe()
    return str(value)


def problem_in(settings: Settings) -> str | None:
    """What in `settings` the settings file could never give (settings_file.py refuses it with a warning), or
    None. For settings that come from elsewhere than the file itself: coach's kept copy (kept_settings.py)."""
    for key, (low, high) in RANGES.items():
        value = getattr(settings, key)
        if isinstance(value, float) and not math.isfinite(value) or not low <= value <= high:
            return f"{key}: {value!r} is not from {low} to {high}"
    if settings.pictures not in PICTURES:
        return f"pictures: {settings.pictures!r} is none of {', '.join(PICTURES)}"
    if len(settings.name) > MAX_NAME or settings.name != " ".join(settings.name.split()):
        return f"name: not one line of at most {MAX_NAME} characters"
    terminal = settings.terminal
    if len(terminal) > MAX_TERMINAL or terminal != terminal.strip() or any(ord(character) < 32 for character in terminal):
        return f"terminal: not one line of at most {MAX_TERMINAL} characters"
    days, times = settings.reminder_days, settings.reminder_times
    if any(not 0 <= day <= 6 for day in days) or list(days) != sorted(set(days)):
        return "reminder_days: not weekdays 0 (Monday) to 6, each once, in order"
    if len(times) > MOST_REMINDER_TIMES or list(times) != sorted(set(times)):
        return f"reminder_times: not at most {MOST_REMINDER_TIMES} times of day, each once, in order"
    return None
