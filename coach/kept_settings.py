"""The settings file as last read, kept between runs, so that a screen's first frame waits neither for PyYAML's
import nor for the file's check (about 12 ms of a 190 ms start, for anyone with a settings.yaml: `coach remind
set` writes one). coach/kept.py says when a kept result is used; here it is while the settings file and the code
that reads it are unchanged. The warnings are kept with the values, so a file with problems warns every time.

A kept file holds the settings as JSON and is rebuilt here field by field, each of the type `Settings` gives it
and within the bounds the file's reader keeps to (settings.problem_in): anything else, and the file is read again.
"""

from __future__ import annotations

import os
from datetime import time
from pathlib import Path

from coach.kept import code_stamp, keep, read_kept, stamp
from coach.safe_text import for_terminal
from coach.settings import MAX_BYTES, LoadedSettings, Settings, load_settings, problem_in

KEPT_FILE = "checked-settings.json"  # in the cache folder
_FORMAT = 1  # raise when what is kept changes shape
_PACKAGE = Path(__file__).resolve().parent
# What reading the settings file runs: a change to any of them is a change to what it gives.
_READERS = tuple(_PACKAGE / name for name in ("kept_settings.py", "settings.py", "settings_file.py", "fileio.py",
                                               "safe_text.py", "remind/schedule.py"))
_TYPES = {"sound": bool, "voice": bool, "safety_acknowledged": bool, "volume": float,
          "weekly_sessions_goal": int, "weekly_aerobic_minutes_goal": int, "name": str, "terminal": str,
          "pictures": str}


def load_kept_settings(path: Path, cache_dir: Path) -> LoadedSettings:
    """load_settings(path), from what was kept when the file and the code that reads it are unchanged."""
    if not os.path.lexists(path):
        return LoadedSettings(Settings())
    settings_file = stamp(path)
    if settings_file is None:
        return load_settings(path)
    key = [_FORMAT, os.path.abspath(path), settings_file, code_stamp(_READERS)]
    kept_file = cache_dir / KEPT_FILE
    value = read_kept(kept_file, key, MAX_BYTES)
    if value is not None:
        try:
            return decoded(value)
        except (KeyError, TypeError, ValueError):  # not settings after all: read the file again
            pass
    loaded = load_settings(path)
    keep(kept_file, key, encoded(loaded))
    return loaded


def encoded(loaded: LoadedSettings) -> dict:
    settings = loaded.settings
    values = {name: getattr(settings, name) for name in _TYPES}
    values["reminder_days"] = list(settings.reminder_days)
    values["reminder_times"] = [moment.isoformat() for moment in settings.reminder_times]
    quiet = settings.quiet_hours
    values["quiet_hours"] = None if quiet is None else [quiet.start.isoformat(), quiet.end.isoformat()]
    return {"settings": values, "warnings": list(loaded.warnings), "from_file": [list(each) for each in loaded.from_file]}


def decoded(value: object) -> LoadedSettings:
    """The settings `encoded` kept; raises KeyError, TypeError or ValueError for anything else."""
    if not isinstance(value, dict):
        raise TypeError("not kept settings")
    values = value["settings"]
    settings = {name: _of_type(values[name], kind) for name, kind in _TYPES.items()}
    settings["reminder_days"] = tuple(_of_type(day, int) for day in _listed(values["reminder_days"]))
    settings["reminder_times"] = tuple(time.fromisoformat(_of_type(moment, str))
                                       for moment in _listed(values["reminder_times"]))
    quiet = values["quiet_hours"]
    if quiet is not None:
        from coach.remind.schedule import QuietHours

        start, end = _listed(quiet)
        quiet = QuietHours(time.fromisoformat(_of_type(start, str)), time.fromisoformat(_of_type(end, str)))
    settings["quiet_hours"] = quiet
    warnings = tuple(_of_type(warning, str) for warning in _listed(value["warnings"]))
    if any(for_terminal(warning) != warning for warning in warnings):  # the reader's are made safe as it writes them
        raise ValueError("a warning holds what a terminal would obey")
    from_file = tuple((_of_type(name, str), _of_type(line, int)) for name, line in map(_listed, _listed(value["from_file"])))
    made = Settings(**settings)
    problem = problem_in(made)
    if problem is not None:  # not what reading the file gives: a kept copy that was changed
        raise ValueError(problem)
    return LoadedSettings(made, warnings, from_file)


def _listed(value: object) -> list:
    if not isinstance(value, list):
        raise TypeError("expected a list")
    return value


def _of_type(value: object, kind: type) -> object:
    """`value` when it is of `kind` (a whole number is a float too, as JSON writes 1.0 as 1.0 but a person may not);
    booleans are not numbers here."""
    if isinstance(value, bool) != (kind is bool):
        raise TypeError(f"expected {kind.__name__}")
    if kind is float and isinstance(value, int):
        return float(value)
    if not isinstance(value, kind):
        raise TypeError(f"expected {kind.__name__}")
    return value
