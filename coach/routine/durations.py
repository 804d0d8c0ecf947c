"""Parse and format the durations written in routine files ("45s", "1m30s", "1:30", 90)."""

from __future__ import annotations

import re

MAX_SECONDS = 4 * 60 * 60

_UNITS = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+(?:\.\d+)?)\s*s)?\s*$")
_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)?\s*$")
_CLOCK = re.compile(r"^\s*(\d+):([0-5]\d)(?::([0-5]\d))?\s*$")

EXPECTED = 'a duration like 30, "30s" or "1m30s"'


def parse_duration(text: str) -> float | None:
    """Seconds for a duration string, or None when it is not one.

    Accepts "45s", "2m", "1h", "1m30s", "1h5m", "1:30" (m:ss), "1:02:03" (h:mm:ss)
    and bare numbers ("90"). Range checks are the caller's job.
    """
    clock = _CLOCK.match(text)
    if clock:
        first, second, third = clock.groups()
        if third is None:
            return int(first) * 60 + int(second)
        return int(first) * 3600 + int(second) * 60 + int(third)
    units = _UNITS.match(text)
    if units and any(units.groups()):
        hours, minutes, seconds = units.groups()
        if (hours and minutes and int(minutes) >= 60) or ((hours or minutes) and seconds and float(seconds) >= 60):
            return None  # "1m90s" is more likely a typo than 2 min 30 s
        return int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds or 0)
    if _NUMBER.match(text):
        return float(text)
    return None


def format_duration(seconds: float | None) -> str:
    """A compact human form: 45 s, 2.5 s, 2 min, 1 min 30 s, 1 h 5 min; "—" for None."""
    if seconds is None:
        return "—"
    seconds = round(seconds, 2)  # sums of fractional holds carry float noise
    whole = int(seconds) if seconds != int(seconds) and seconds < 3600 else round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    fraction = seconds - whole if whole < 3600 else 0
    parts = []
    if hours:
        parts.append(f"{hours} h")
    if minutes:
        parts.append(f"{minutes} min")
    if secs or fraction or not parts:
        parts.append(f"{secs + fraction:g} s")
    return " ".join(parts)


def format_clock(seconds: float) -> str:
    """m:ss (or h:mm:ss) for a countdown or elapsed time."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"
