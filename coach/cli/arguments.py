"""Checks for the command line's arguments: argparse turns their errors into exit 2 with the usage."""

from __future__ import annotations

import argparse
from pathlib import Path

from coach.safe_text import for_terminal

NAME_MAX_BYTES = 255  # one file or folder name, on every common file system
PATH_MAX_BYTES = 4096


def path_argument(text: str) -> str:
    """A path argument the file system can hold: argparse turns the error into exit 2 with usage."""
    if not text:
        raise argparse.ArgumentTypeError("give a path, not an empty string")
    encoded = text.encode("utf-8", "surrogateescape")
    if len(encoded) > PATH_MAX_BYTES:
        raise argparse.ArgumentTypeError(f"the path is {len(encoded):,} bytes long; the most is {PATH_MAX_BYTES:,}")
    for part in Path(text).parts:
        if len(part.encode("utf-8", "surrogateescape")) > NAME_MAX_BYTES:
            raise argparse.ArgumentTypeError(
                f"a name in the path is longer than {NAME_MAX_BYTES} bytes ({for_terminal(part[:40])}…); "
                "file systems do not allow that")
    return text


def data_dir(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError('give a folder, e.g. --data-dir ~/coach-data (not "")')
    return path_argument(text)


MAX_LOG_MINUTES = 24 * 60


def activity(text: str) -> str:
    text = text.strip()
    if not text:
        raise argparse.ArgumentTypeError("say what you did, e.g. \"Swimming\"")
    if len(text) > 100:
        raise argparse.ArgumentTypeError("keep the activity to 100 characters; put the rest in --note")
    return text


def minutes(text: str) -> float:
    import math

    try:
        if len(text) > 30:  # bounded before conversion, like every number from outside
            raise ValueError
        minutes = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a number of minutes, e.g. 30") from None
    if not math.isfinite(minutes) or not 0 < minutes <= MAX_LOG_MINUTES:
        raise argparse.ArgumentTypeError(f"{text} minutes: give more than 0 and at most {MAX_LOG_MINUTES} (a day)")
    if round(minutes * 60, 3) < 1:
        raise argparse.ArgumentTypeError(f"{text} minutes is less than a second; give at least 0.02 (a second)")
    return minutes


def day(text: str):
    from datetime import date

    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a date like 2024-06-03 (YYYY-MM-DD)") from None
    # `coach import` takes times from 1970 on (UTC), so every export can be imported again; a day's
    # midday in any time zone is in UTC the same day, or one day either side.
    if day < date(1970, 1, 2):
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is before 2 January 1970; check the year")
    return day


def pain(text: str) -> int:
    from coach.session.pain import SCALE, read_pain_score

    score = read_pain_score(text)
    if score is None:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a pain score; give a whole number from {SCALE}")
    return score


def pain_or_none(text: str) -> int | None:
    """A pain score, or "none" (or "-") to clear one."""
    if text.strip().lower() in ("none", "-", ""):
        return None
    return pain(text)


def when(text: str):
    """A day (YYYY-MM-DD) or a day and a local time (YYYY-MM-DD HH:MM): (date, time or None)."""
    from datetime import datetime

    text = text.strip()
    if len(text) <= 10:
        return day(text), None
    try:
        moment = datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a date like 2024-06-03, or 2024-06-03 18:30") from None
    if moment.tzinfo is not None:
        raise argparse.ArgumentTypeError(f"{text[:40]!r}: give your local time, without a time zone")
    return day(moment.date().isoformat()), moment.time().replace(second=0, microsecond=0)


def session_id(text: str) -> str:
    text = text.strip()
    if not text or len(text) > 64 or not all(char.isalnum() or char in "-_" for char in text):
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a session id; use the ID column of coach history")
    return text


def note(text: str) -> str | None:
    if len(text) > 500:
        raise argparse.ArgumentTypeError("keep the note to 500 characters")
    return text.strip() or None


def stage_number(text: str) -> int:
    """A program's stage, counted from 1 (its upper bound is the program's to check)."""
    text = text.strip()
    if not text.isdigit() or len(text) > 3 or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a stage; give a whole number from 1")
    return int(text)


def week_count(text: str) -> int:
    """A number of weeks for a report: 1 to 1,040 (twenty years)."""
    text = text.strip()
    if not text.isdigit() or len(text) > 4 or not 1 <= int(text) <= 1040:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a number of weeks; give a whole number from 1 to 1040")
    return int(text)


def cell_size(text: str) -> tuple[int, int]:
    """A drawing's size in terminal cells, WxH: 8x3 to 200x60."""
    width, x, height = text.lower().partition("x")
    if not (x and width.isdigit() and height.isdigit() and len(width) < 4 and len(height) < 4
            and 8 <= int(width) <= 200 and 3 <= int(height) <= 60):
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a size like 40x10 (8x3 to 200x60 cells)")
    return int(width), int(height)
