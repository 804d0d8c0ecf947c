"""The JSON Schema `pattern` for a duration written as text, built from the same grammar and limits as
coach.routine.durations, so that an editor accepts exactly what `coach validate` accepts: 1 s (or 0, where zero is
allowed) to 4 hours, and no unit overflowing into the next ("1m90s", "1h60m").

The forms (each with spaces around it, and between a number and its unit): a number of seconds ("90", "1.5"),
units ("1h", "2m", "45s", "1m30s", "1h 5m", "0.5s"), and clock times ("1:30" as m:ss, "1:02:03" as h:mm:ss).
Digits are ASCII only, as the loader reads them. scripts/schema_patterns.py writes these into the schema file;
tests/test_schema_durations.py holds the two to each other.
"""

from __future__ import annotations

from coach.routine.durations import MAX_SECONDS

SPACE = r"\s*"
FRACTION = r"(?:\.[0-9]+)"


def integers(low: int, high: int) -> str:
    """A regex for the decimal integers low..high, written without leading zeros."""
    if low > high:
        raise ValueError((low, high))
    parts = []
    for start, end in _spans(low, high):
        parts.append(_same_length(str(start), str(end)))
    return "(?:" + "|".join(parts) + ")"


def _spans(low: int, high: int) -> list[tuple[int, int]]:
    """low..high cut into runs whose numbers have the same number of digits."""
    spans, start = [], low
    while start <= high:
        end = min(high, 10 ** len(str(start)) - 1)
        spans.append((start, end))
        start = end + 1
    return spans


def _same_length(low: str, high: str) -> str:
    """A regex for the integers low..high, both with the same number of digits."""
    if low == high:
        return low
    if len(low) == 1:
        return f"[{low}-{high}]" if low != high else low
    if low[0] == high[0]:
        return low[0] + "(?:" + _same_length(low[1:], high[1:]) + ")"
    width = len(low) - 1
    parts = []
    if low[1:] != "0" * width:  # the first digit's partial run up
        parts.append(low[0] + "(?:" + _same_length(low[1:], "9" * width) + ")")
        first = int(low[0]) + 1
    else:
        first = int(low[0])
    if high[1:] != "9" * width:
        last = int(high[0]) - 1
    else:
        last = int(high[0])
    if first <= last:
        digits = str(first) if first == last else f"[{first}-{last}]"
        parts.append(digits + "[0-9]" * width if width <= 1 else digits + f"[0-9]{{{width}}}")
    if high[1:] != "9" * width:
        parts.append(high[0] + "(?:" + _same_length("0" * width, high[1:]) + ")")
    return "(?:" + "|".join(parts) + ")"


def _number(whole: str) -> str:
    """A whole part given by `whole`, with any leading zeros."""
    return f"0*{whole}"


def duration_pattern(allow_zero: bool) -> str:
    """The anchored pattern of a duration as text: 0 (if `allow_zero`) or 1 s up to MAX_SECONDS."""
    limit = MAX_SECONDS  # 14400: 4 h, 240 m
    hours, minutes_total = limit // 3600, limit // 60
    zero = r"0+"
    zero_seconds = r"0+(?:\.0+)?"
    under_60 = _number(integers(0, 59))
    seconds_under_60 = f"{under_60}{FRACTION}?"
    seconds_any = rf"(?:{_number(integers(0, limit - 1))}{FRACTION}?|0*{limit}(?:\.0+)?)"

    def unit(amount: str, letter: str) -> str:
        return rf"{amount}{SPACE}{letter}{SPACE}"

    h_full, h_less = _number(str(hours)), _number(integers(0, hours - 1))
    m_full, m_less = _number(str(minutes_total)), _number(integers(0, minutes_total - 1))
    units = [
        # hours, with minutes and seconds under 60; 4 h with nothing more
        rf"{unit(h_less, 'h')}(?:{unit(under_60, 'm')})?(?:{seconds_under_60}{SPACE}s)?",
        rf"{unit(h_full, 'h')}(?:{unit(zero, 'm')})?(?:{zero_seconds}{SPACE}s)?",
        # minutes (no hours), with seconds under 60; 240 m with nothing more
        rf"{unit(m_less, 'm')}(?:{seconds_under_60}{SPACE}s)?",
        rf"{unit(m_full, 'm')}(?:{zero_seconds}{SPACE}s)?",
        # seconds alone
        rf"{seconds_any}{SPACE}s",
    ]
    clock = [
        rf"{m_less}:[0-5][0-9]", rf"{m_full}:00",  # m:ss
        rf"{h_less}:[0-5][0-9]:[0-5][0-9]", rf"{h_full}:00:00",  # h:mm:ss
    ]
    body = "|".join([*units, *clock, seconds_any])
    nothing = ""
    if not allow_zero:  # less than a second: every part zero, or seconds alone under 1
        nothing = (rf"(?!(?:0+:00(?::00)?|(?:{unit(zero, 'h')})?(?:{unit(zero, 'm')})?(?:0+{FRACTION}?{SPACE}s)?"
                   rf"|0+{FRACTION}?){SPACE}$)")
    return rf"^{SPACE}{nothing}(?:{body}){SPACE}$"
