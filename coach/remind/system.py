"""Running a scheduler's own command (systemctl, launchctl): bounded in time, its output kept for messages."""

from __future__ import annotations

import subprocess
from typing import Callable, Sequence

Runner = Callable[[Sequence[str]], tuple[int, str]]
NOT_STARTED, TIMED_OUT = 127, 124


def run(argv: Sequence[str], timeout: float = 30.0) -> tuple[int, str]:
    """(exit status, what it printed, both streams): 127 when it cannot be started, 124 when it took too long."""
    from coach.safe_text import for_terminal

    try:
        done = subprocess.run(list(argv), stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              errors="replace", timeout=timeout)
    except OSError as error:
        return NOT_STARTED, for_terminal(error.strerror or str(error))
    except subprocess.TimeoutExpired:
        return TIMED_OUT, f"{argv[0]} did not answer within {timeout:g} s"
    return done.returncode, for_terminal((done.stdout + done.stderr).strip()[-500:])
