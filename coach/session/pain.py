"""The pain score: one 0–10 scale for the check-ins, the summary, `coach log`, the history and its import."""

from __future__ import annotations

LEAST = 0
MOST = 10
SCALE = f"{LEAST} to {MOST}"
KEYS = {**{str(score): score for score in range(LEAST, MOST)}, "t": MOST}
"""The key for each score: the digits, and t for ten."""


def is_pain_score(value: object) -> bool:
    """A whole number on the scale (not a bool, which Python counts as an int)."""
    return isinstance(value, int) and not isinstance(value, bool) and LEAST <= value <= MOST


def read_pain_score(text: str) -> int | None:
    """The score written in `text` ("7"), or None when it is not one."""
    text = text.strip()
    if not text.isdigit() or len(text) > 2:  # bounded before conversion
        return None
    score = int(text)
    return score if is_pain_score(score) else None
