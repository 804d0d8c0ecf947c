"""Routines that passed their check, kept between runs so that `coach run` and the home screen can draw
their first screen sooner: importing PyYAML, reading the file and checking it is most of what coach
does before then.

A kept routine is used only while everything its check read is unchanged (coach/kept.py says what, and
what is done with a kept file that is not ours): here, the routine file and coach's routine code and pose
library. Otherwise the routine is loaded and checked as usual, and kept again. A routine that fails its
check is never kept, so its errors are shown every time, and neither is one that names sound or image files
(`sounds:`, `image:`): those are checked every time, like the files they name. (`coach validate` always
checks.) Kept routines are rebuilt through the model's own constructors, each field's type checked. At most
MAX_KEPT are kept; the least recently written go first.
"""

from __future__ import annotations

import os
import zlib
from dataclasses import fields, is_dataclass
from enum import Enum
from functools import cache
from pathlib import Path
from types import UnionType
from typing import Callable, Union, get_args, get_origin, get_type_hints

from coach.kept import code_stamp, keep, read_kept, stamp
from coach.routine.model import Exercise, Phase, PhaseKind, Routine, Side, TimedCue, Timing

FOLDER = "checked-routines"
MAX_BYTES = 4 * 1024 * 1024  # a routine of 500 exercises is well under 1 MiB
MAX_KEPT = 200
_FORMAT = 3  # raise when what is kept changes shape
_CODE = Path(__file__).resolve().parent
_PACKAGE = _CODE.parent
# What the check reads besides coach/routine/ itself: the pose library (for `pose:`) and the helpers it uses.
_ALSO_READ = tuple(_PACKAGE / name for name in ("__init__.py", "fileio.py", "safe_text.py", "pictures/library.py",
                                                "pictures/poses.json"))
_CLASSES = {cls.__name__: cls for cls in (Routine, Phase, Exercise, Timing, TimedCue)}
_ENUMS = {cls.__name__: cls for cls in (PhaseKind, Side)}


def load_checked(path: Path, cache_dir: Path, display: str | None = None) -> Routine:
    """The routine at `path`, checked: the kept one when nothing it depends on has changed, otherwise
    load_routine's (which raises RoutineError for a broken file, as always)."""
    key = _key(path, display)
    kept_file = _kept_file(key, cache_dir)
    if kept_file is not None:
        routine = _read(kept_file, key)
        if routine is not None:
            return routine
    from coach.routine.loader import load_routine

    routine = load_routine(path, display)
    if kept_file is not None and _keepable(routine):
        _keep(kept_file, key, routine)
    return routine


def _key(path: Path, display: str | None) -> list | None:
    """What must be unchanged for a kept routine to be used, as JSON; None when the file cannot be looked at."""
    routine_file = stamp(path)
    if routine_file is None:
        return None
    return [_FORMAT, os.path.abspath(path), display, routine_file, _code_stamp()]


@cache
def _code_stamp() -> list:
    """coach's routine code and pose library, as this process runs them. Taken once (home reads every routine
    through here)."""
    try:
        files = sorted(entry.path for entry in os.scandir(_CODE) if entry.name.endswith((".py", ".json")))
    except OSError:
        files = []
    return code_stamp([*map(Path, files), *_ALSO_READ])


def _kept_file(key: list | None, cache_dir: Path) -> Path | None:
    if key is None:
        return None
    where = os.fsencode(key[1])
    return cache_dir / FOLDER / f"{zlib.crc32(where):08x}.json"


def _keepable(routine: Routine) -> bool:
    return not routine.sounds and not any(exercise.image for exercise in routine.exercises)


def _read(kept_file: Path, key: list) -> Routine | None:
    value = read_kept(kept_file, key, MAX_BYTES)
    if value is None:
        return None
    try:
        routine = _decoded(value)
    except Exception:  # not a kept routine after all: check it again
        return None
    return routine if isinstance(routine, Routine) and _keepable(routine) else None


def _keep(kept_file: Path, key: list, routine: Routine) -> None:
    try:
        if keep(kept_file, key, _encoded(routine)):
            _forget_oldest(kept_file.parent)
    except (OSError, TypeError):
        pass  # the cache folder cannot be written or listed: the routine is checked again next time


def _forget_oldest(folder: Path) -> None:
    kept = [entry for entry in os.scandir(folder) if entry.name.endswith(".json")]
    if len(kept) > MAX_KEPT:
        kept.sort(key=lambda entry: entry.stat().st_mtime_ns)
        for entry in kept[:len(kept) - MAX_KEPT]:
            os.unlink(entry.path)


# -- the model as plain JSON, and back through its constructors ------------------------------------

def _encoded(value: object) -> object:
    if is_dataclass(value) and type(value).__name__ in _CLASSES:
        return {"class": type(value).__name__,
                "fields": {field.name: _encoded(getattr(value, field.name)) for field in fields(value)}}
    if isinstance(value, Enum):
        return {"enum": type(value).__name__, "value": value.value}
    if isinstance(value, Path):
        return {"path": str(value)}
    if isinstance(value, tuple):
        return {"tuple": [_encoded(item) for item in value]}
    if isinstance(value, dict):
        return {"dict": [[key, _encoded(item)] for key, item in value.items()]}
    if value is None or isinstance(value, (str, int, float)):
        return value
    raise TypeError(f"{type(value).__name__} is not part of a routine")


def _decoded(value: object) -> object:
    if not isinstance(value, dict):
        if value is None or isinstance(value, (str, int, float)):
            return value
        raise ValueError("not a kept routine")
    if "class" in value:
        cls = _CLASSES[value["class"]]
        made = cls(**{name: _decoded(item) for name, item in value["fields"].items()})
        for name, holds in _field_checks(cls):
            if not holds(getattr(made, name)):
                raise ValueError(f"{cls.__name__}.{name} is not what the model holds")
        return made
    if "enum" in value:
        return _ENUMS[value["enum"]](value["value"])
    if "path" in value:
        return Path(value["path"])
    if "tuple" in value:
        return tuple(_decoded(item) for item in value["tuple"])
    if "dict" in value:
        return {key: _decoded(item) for key, item in value["dict"]}
    raise ValueError("not a kept routine")


@cache
def _field_checks(cls: type) -> tuple[tuple[str, Callable[[object], bool]], ...]:
    """Each field of a model class, with the check that a value is of its type; worked out once per class."""
    hints = get_type_hints(cls)
    return tuple((field.name, _check_for(hints[field.name])) for field in fields(cls))


@cache
def _check_for(hint: object) -> Callable[[object], bool]:
    """Whether a value is of the model's type `hint` (the few forms the model uses), as a function made once per
    type, so a routine's hundreds of values are checked without taking the type apart again each time."""
    origin, arguments = get_origin(hint), get_args(hint)
    if origin in (Union, UnionType):
        choices = tuple(_check_for(each) for each in arguments)
        return lambda value: any(holds(value) for holds in choices)
    if origin is tuple:
        item = _check_for(arguments[0])
        return lambda value: isinstance(value, tuple) and all(item(each) for each in value)
    if origin is dict:
        key, item = _check_for(arguments[0]), _check_for(arguments[1])
        return lambda value: isinstance(value, dict) and all(key(k) and item(v) for k, v in value.items())
    if hint is type(None):
        return lambda value: value is None
    if hint is float:
        return lambda value: isinstance(value, (int, float)) and not isinstance(value, bool)
    if hint is int:
        return lambda value: isinstance(value, int) and not isinstance(value, bool)
    return lambda value: isinstance(value, hint)  # type: ignore[arg-type]
