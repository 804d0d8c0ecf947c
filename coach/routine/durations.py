"""Parse and format the durations written in routine files ("45s", "1m30s", "1:30", 90)."""

from __future__ import annotations

import math
import re

MAX_SECONDS = 4 * 60 * 60
# No number in a routine may exceed 14,400 (the seconds in 4 hours), so a number with more whole
# digits than this is out of range whatever it says. Counting them first keeps int() away from
# thousands of digits, which Python refuses (over 4,300) and which take quadratic time below that.
MAX_DIGITS = 15

# Matched against stripped text, with each run of spaces owned by one part, so that a long run of
# spaces or digits cannot make the regular expressions backtrack for ever.
_UNITS = re.compile(r"^(?:([0-9]+)\s*h\s*)?(?:([0-9]+)\s*m\s*)?(?:([0-9]+(?:\.[0-9]+)?)\s*s)?$")
_NUMBER = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")
_CLOCK = re.compile(r"^([0-9]+):([0-5][0-9])(?::([0-5][0-9]))?$")

EXPECTED = 'a duration like 30, "30s" or "1m30s"'


def too_many_digits(number: str) -> bool:
    """Whether the decimal `number` ("-0012.5") has more than MAX_DIGITS digits before its point."""
    whole = number.strip().lstrip("+-").partition(".")[0].lstrip("0")
    return len(whole) > MAX_DIGITS


def _amount(digits: str | None) -> float:
    """One number of a duration: 0 when absent, infinity when too long to be in any range."""
    if not digits:
        return 0
    if too_many_digits(digits):
        return math.inf
    return float(digits) if "." in digits else int(digits.lstrip("0") or "0")  # int() counts zeros too


def parse_duration(text: str) -> float | None:
    """Seconds for a duration string, or None when it is not one.

    Accepts "45s", "2m", "1h", "1m30s", "1h5m", "1:30" (m:ss), "1:02:03" (h:mm:ss)
    and bare numbers ("90"). Range checks are the caller's job; a number with more
    than MAX_DIGITS whole digits gives infinity, which every range check refuses.
    """
    text = text.strip()
    clock = _CLOCK.match(text)
    if clock:
        first, second, third = map(_amount, clock.groups())
        if clock.group(3) is None:
            return first * 60 + second
        return first * 3600 + second * 60 + third
    units = _UNITS.match(text)
    if units and any(units.groups()):
        hours, minutes, seconds = map(_amount, units.groups())
        given_hours, given_minutes, _ = units.groups()
        if (given_hours and minutes >= 60) or ((given_hours or given_minutes) and seconds >= 60):
            return None  # "1m90s" is more likely a typo than 2 min 30 s
        return hours * 3600 + minutes * 60 + seconds
    if _NUMBER.match(text):
        return float(_amount(text))
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


def shown_seconds(seconds: float) -> int:
    """The whole seconds a countdown shows for `seconds` left: rounded up (0.2 s left shows 1), with the
    float noise of sums forgiven. The screen shows it; the engine wakes when it changes."""
    return math.ceil(seconds - 1e-9)


def format_clock(seconds: float) -> str:
    """m:ss (or h:mm:ss) for a countdown or elapsed time."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"
