"""What coach remembers for itself between runs: state.json in the data folder (`Places.state_file`).

settings.yaml is the person's file and coach never writes it; this file is coach's own.
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


@dataclass(frozen=True)
class State:
    safety_acknowledged: bool = False
    """The person has read the general safety note, so it is not shown before every session."""


def load_state(path: Path) -> State:
    """The state in `path`, or the defaults when there is none that can be used; never raises."""
    try:
        stored = _stored(path)
    except OSError:
        stored = {}
    return State(safety_acknowledged=stored.get("safety_acknowledged") is True)


def save_state(path: Path, state: State) -> None:
    """Write `state` into `path`, keeping the keys of the file this version does not know.

    A file that is not JSON is coach's own and broken, so it is replaced. Raises OSError, and
    writes nothing, when what is at `path` cannot be read (not a regular file, too large,
    permission denied) or the new file cannot be written: the caller tells the person.
    """
    stored = _stored(path)
    stored.update(asdict(state))
    write_atomically(path, json.dumps(stored, indent=2) + "\n")


def acknowledge_safety(path: Path) -> State:
    """Remember that the person has read the safety note; returns the new state. Raises OSError."""
    state = replace(load_state(path), safety_acknowledged=True)
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
