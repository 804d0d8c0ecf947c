"""Routines that passed their check, kept between runs so that `coach run` can draw its first screen
sooner: importing PyYAML, reading the file and checking it is most of what coach does before then.

A kept routine is used only while everything its check read is unchanged: the routine file (its
path, size, inode and times), each sound and image file it names, and coach's own routine code and
pose library. Otherwise the routine is loaded and checked as usual, and kept again. A routine that
fails its check is never kept, so its errors are shown every time. (A file rewritten in place to the
same size within its file system's time resolution would look unchanged; `coach validate` always checks.)

The cache is only ever a shortcut. A kept file that is missing, unreadable, not a regular file, too
large, from another coach or not a routine at all is passed over; one that cannot be written is not
written. Kept files are read with an unpickler that makes only the routine model's own types, so a
file dropped into the cache folder cannot run code.
"""

from __future__ import annotations

import os
import pickle
import zlib
import pathlib
from pathlib import Path

from coach.routine import model
from coach.routine.model import Routine

FOLDER = "checked-routines"
MAX_BYTES = 4 * 1024 * 1024  # a routine of 500 exercises pickles to well under 1 MiB
_FORMAT = 1  # raise when what is kept changes shape
_CODE = Path(__file__).resolve().parent
_PACKAGE = _CODE.parent
# What the check reads besides coach/routine/ itself: the pose library (for `pose:`) and the helpers it uses.
_ALSO_READ = tuple(_PACKAGE / name for name in ("__init__.py", "fileio.py", "safe_text.py", "pictures/library.py",
                                                "pictures/poses.json"))


def load_checked(path: Path, cache_dir: Path, display: str | None = None) -> Routine:
    """The routine at `path`, checked: the kept one when nothing it depends on has changed, otherwise
    load_routine's (which raises RoutineError for a broken file, as always)."""
    kept_file = _kept_file(path, cache_dir)
    stamp = _stamp(path)
    if stamp is not None and kept_file is not None:
        routine = _read(kept_file, path, stamp, display)
        if routine is not None:
            return routine
    from coach.routine.loader import load_routine

    routine = load_routine(path, display)
    if stamp is not None and kept_file is not None:
        _keep(kept_file, path, stamp, display, routine)
    return routine


def _kept_file(path: Path, cache_dir: Path) -> Path | None:
    try:
        where = os.fsencode(os.path.realpath(path))
    except (OSError, ValueError):
        return None
    return cache_dir / FOLDER / f"{zlib.crc32(where):08x}.pickle"


def _stamp(path: Path) -> tuple | None:
    """What says a file is unchanged: where it really is, and its size, inode and times."""
    try:
        info = os.stat(path)
        return (os.path.realpath(path), info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    except (OSError, ValueError):
        return None


def _code_stamp() -> tuple:
    """coach's routine code and pose library as they are now: a changed check is a changed stamp."""
    try:
        files = sorted(entry.path for entry in os.scandir(_CODE) if entry.name.endswith((".py", ".json")))
    except OSError:
        return ()
    return tuple(_stamp(Path(file)) for file in (*files, *_ALSO_READ))


def _depends_on(routine: Routine) -> tuple:
    """The stamps of the sound and image files the routine names: its check read them too."""
    named = [*routine.sounds.values(), *(exercise.image for exercise in routine.exercises if exercise.image)]
    return tuple(_stamp(Path(file)) for file in sorted(map(str, named)))


def _key(path: Path, stamp: tuple, display: str | None) -> tuple:
    return (_FORMAT, str(path), display, stamp, _code_stamp())


def _read(kept_file: Path, path: Path, stamp: tuple, display: str | None) -> Routine | None:
    from coach.fileio import read_limited

    try:
        key, depends, routine = _ModelOnly.loads(read_limited(kept_file, MAX_BYTES))
    except Exception:  # missing, unreadable, truncated, from another coach, or not ours: check it again
        return None
    if key != _key(path, stamp, display) or not isinstance(routine, Routine) or depends != _depends_on(routine):
        return None
    return routine


def _keep(kept_file: Path, path: Path, stamp: tuple, display: str | None, routine: Routine) -> None:
    from coach.fileio import write_atomically

    try:
        data = pickle.dumps((_key(path, stamp, display), _depends_on(routine), routine), protocol=5)
        write_atomically(kept_file, data, durable=False)
    except (OSError, pickle.PicklingError):
        pass  # the cache folder cannot be written: the routine is checked again next time


class _ModelOnly(pickle.Unpickler):
    """Makes only the routine model's classes and paths; anything else in the file is refused."""

    PATHS = ("PosixPath", "WindowsPath", "PurePosixPath", "PureWindowsPath")

    def find_class(self, module: str, name: str):
        if module == model.__name__ and isinstance(getattr(model, name, None), type):
            return getattr(model, name)
        if module == "pathlib" and name in self.PATHS:
            return getattr(pathlib, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a routine")

    @classmethod
    def loads(cls, data: bytes):
        import io

        return cls(io.BytesIO(data)).load()
