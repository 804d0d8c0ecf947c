"""coach as a separate process, as a person runs it from a shell."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_coach(*arguments: str, home: Path | None = None, cwd: Path = ROOT, env: dict | None = None,
              text: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
    """`python -m coach ARGUMENTS`, its output captured, stdin empty. `home`: COACH_HOME for it (else the
    test's own, from the coach_home fixture); `env`: the whole environment instead of this one's."""
    environment = dict(os.environ if env is None else env)
    if home is not None:
        environment["COACH_HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "coach", *arguments], capture_output=True, text=text,
                          env=environment, cwd=cwd, stdin=subprocess.DEVNULL, timeout=timeout)
