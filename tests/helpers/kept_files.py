"""Kept files (coach/kept.py) that cannot be read as kept results, for the caches' tests."""

from __future__ import annotations

import os
from pathlib import Path

UNREADABLE = ("garbage", "empty", "fifo", "huge")


def plant_unreadable(kept: Path, planted: str, limit: int) -> None:
    """Put at `kept` something that is no kept file at all: bytes that are not JSON, nothing, a FIFO (which
    must not block the reader), or a file over the reader's `limit`."""
    if planted == "garbage":
        kept.write_bytes(b"\x80\x05garbage")
    elif planted == "empty":
        kept.write_bytes(b"")
    elif planted == "fifo":
        os.mkfifo(kept)
    elif planted == "huge":
        kept.write_bytes(b"\0" * (limit + 1))
    else:
        raise ValueError(planted)


def shown_in_a_fresh_process(statement: str) -> tuple[str, bool]:
    """Run `statement`, which sets `shown`, in a new Python (Path is imported for it): what it showed, and
    whether PyYAML was imported on the way."""
    import subprocess
    import sys

    probe = f"import sys; from pathlib import Path; {statement}; print(shown); print('yaml' in sys.modules)"
    lines = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.splitlines()
    return lines[0], lines[1] == "True"
