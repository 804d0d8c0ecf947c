"""What coach remembers for itself between runs: state.json in the data folder (`Places.state_file`).

settings.yaml is the person's file (coach changes only its reminder lines there); this file is coach's own.
Reading never fails: a missing file, one that cannot be read, is not a regular file, is larger
than 64 KiB (`MAX_BYTES`) or is not a JSON object means the defaults. Writing is atomic and keeps
every key this version does not know (a newer coach may have written them).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from coach.fileio import read_limited, write_atomically

MAX_BYTES = 64 * 1024
MAX_OWN = 200  # own activities remembered


@dataclass(frozen=True)
class State:
    """What coach itself remembers between runs (state.json); never the person's settings."""

    safety_acknowledged: bool = False
    """The person has read the general safety note, so it is not shown before every session."""
    own_activities: tuple[str, ...] = ()
    """Activities the person logged that coach does not know (`coach log NAME --as-new`), first spelling kept."""
    reminder_files: tuple[str, ...] = ()
    """The scheduler files `coach remind set` wrote (absolute paths), which `coach remind off` removes."""


def load_state(path: Path) -> State:
    """The state in `path`, or the defaults when there is none that can be used; never raises."""
    try:
        stored = _stored(path)
    except OSError:
        stored = {}
    own = stored.get("own_activities")
    own = tuple(name for name in own if isinstance(name, str) and 0 < len(name) <= 100)[:MAX_OWN] \
        if isinstance(own, list) else ()
    files = stored.get("reminder_files")
    files = tuple(path for path in files if isinstance(path, str) and path.startswith("/") and len(path) < 4096)[:10] \
        if isinstance(files, list) else ()
    return State(safety_acknowledged=stored.get("safety_acknowledged") is True, own_activities=own,
                 reminder_files=files)


def save_state(path: Path, state: State) -> None:
    """Write `state` into `path`, keeping the keys of the file this version does not know.

    A file that is not JSON is coach's own and broken, so it is replaced. Raises OSError, and
    writes nothing, when what is at `path` cannot be read (not a regular file, too large,
    permission denied) or the new file cannot be written: the caller tells the person.
    """
    stored = _stored(path)
    values = asdict(state)
    own = values.pop("own_activities")
    values["reminder_files"] = list(values["reminder_files"])
    if not values["reminder_files"] and "reminder_files" not in stored:
        del values["reminder_files"]  # a file that never had any stays as it was
    stored.update(values)
    if own or "own_activities" in stored:  # a file that never had any stays as it was
        stored["own_activities"] = list(own)
    write_atomically(path, json.dumps(stored, indent=2) + "\n")


def acknowledge_safety(path: Path) -> State:
    """Remember that the person has read the safety note; returns the new state. Raises OSError."""
    state = replace(load_state(path), safety_acknowledged=True)
    save_state(path, state)
    return state


def remember_reminder_files(path: Path, files: list[str]) -> State:
    """Remember the scheduler files coach wrote (none: forget them); returns the new state. Raises OSError."""
    state = replace(load_state(path), reminder_files=tuple(files))
    save_state(path, state)
    return state


def remember_activity(path: Path, name: str) -> State:
    """Add `name` to the person's own activities; returns the new state. Raises OSError."""
    state = load_state(path)
    if name not in state.own_activities:
        state = replace(state, own_activities=(*state.own_activities, name)[-MAX_OWN:])
        save_state(path, state)
    return state


def _stored(path: Path) -> dict:
    """The file's JSON object; {} when the file is missing or holds no JSON object. Raises OSError."""
    try:
        data = json.loads(read_limited(path, MAX_BYTES))
    except FileNotFoundError:
        return {}
    except (ValueError, RecursionError):  # not JSON, not UTF-8, an over-long number, or nesting too deep
        return {}
    return data if isinstance(data, dict) else {}
