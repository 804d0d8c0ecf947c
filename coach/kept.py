"""What reading and checking a file gave, kept between runs, so that a screen can draw its first frame without
importing PyYAML (about 12 ms) and checking the file again. Checked routines (routine/checked_cache.py) and the
settings (kept_settings.py) are kept this way.

A kept result is used only while everything its check read is unchanged: the file (the path it was named by,
where that leads, and its size, inode and times), the code that checked it, PyYAML and Python. That is its
`key`; a kept file whose key differs is passed over, and the file is checked again and kept anew.

The cache is only ever a shortcut. A kept file that is missing, unreadable, not a regular file, too large, from
another coach or not ours at all is passed over; one that cannot be written is not written. Kept files are JSON,
and what reads them rebuilds values through coach's own constructors, so nothing in one can run code. (A file
rewritten in place to the same size within its file system's time resolution would look unchanged.)
"""

from __future__ import annotations

import json
import os
import sys
from importlib.machinery import PathFinder
from pathlib import Path
from typing import Iterable


def stamp(path: Path) -> list | None:
    """Where a file really is, and its size, inode and times; None when it cannot be looked at."""
    try:
        info = os.stat(path)
        return [os.path.realpath(path), info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]
    except (OSError, ValueError):
        return None


def code_stamp(files: Iterable[Path]) -> list:
    """The code that checks a file (`files`), PyYAML and Python, as this process runs them: changed code is a
    changed stamp."""
    yaml = PathFinder.find_spec("yaml")
    return [[stamp(file) for file in files], sys.version,
            stamp(Path(yaml.origin)) if yaml is not None and yaml.origin else None]


def read_kept(kept_file: Path, key: list, limit: int) -> object | None:
    """The value kept in `kept_file` under `key`, as JSON gives it; None when there is none to use."""
    from coach.fileio import read_limited

    try:
        kept = json.loads(read_limited(kept_file, limit))
    except Exception:  # missing, unreadable, not a regular file, too large, truncated, not JSON
        return None
    if not isinstance(kept, dict) or kept.get("key") != key:
        return None
    return kept.get("value")


def keep(kept_file: Path, key: list, value: object) -> bool:
    """Keep `value` (JSON-ready) under `key`; False when it cannot be written (the next run checks again)."""
    from coach.fileio import write_atomically

    try:
        write_atomically(kept_file, json.dumps({"key": key, "value": value}), durable=False)
    except (OSError, TypeError, ValueError):
        return False
    return True
