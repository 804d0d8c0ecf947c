"""What the operating system's scheduler runs: `coach remind now`, by this Python, with this data folder."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

MARK = "Written by `coach remind set`; `coach remind off` removes it."  # in every file coach writes


@dataclass(frozen=True)
class RemindCommand:
    argv: tuple[str, ...]  # the program and its arguments

    @classmethod
    def for_places(cls, data_dir: Path | None) -> RemindCommand:
        """`python -m coach [--data-dir DIR] remind now`; DIR when the person keeps coach's files in one folder
        (`--data-dir` or COACH_HOME), so the reminder reads the same history."""
        folder = ("--data-dir", str(data_dir)) if data_dir is not None else ()
        return cls((sys.executable, "-m", "coach", *folder, "remind", "now"))

    @property
    def program(self) -> Path:
        return Path(self.argv[0])

    def shell(self) -> str:
        """The command as one line for a shell (a crontab line)."""
        import shlex

        return " ".join(shlex.quote(part) for part in self.argv)
