"""What the operating system's scheduler runs: `coach remind now`, by this Python, with this data folder."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

MARK = "Written by `coach remind set`; `coach remind off` removes it."  # in every file coach writes


class UnschedulablePath(ValueError):
    """The command would hold a character no scheduler file can carry."""


@dataclass(frozen=True)
class RemindCommand:
    argv: tuple[str, ...]  # the program and its arguments

    @classmethod
    def for_places(cls, data_dir: Path | None) -> RemindCommand:
        """`python -m coach [--data-dir DIR] remind now`; DIR when the person keeps coach's files in one folder
        (`--data-dir` or COACH_HOME), so the reminder reads the same history."""
        folder = ("--data-dir", str(data_dir)) if data_dir is not None else ()
        argv = (sys.executable, "-m", "coach", *folder, "remind", "now")
        odd = next((part for part in argv if any(ord(character) < 32 or ord(character) == 127 for character in part)),
                   None)
        if odd is not None:  # a line break would become a line of its own in a unit file or a crontab
            from coach.safe_text import for_terminal

            raise UnschedulablePath(f"{for_terminal(odd)} holds a control character (a line break?); a scheduler "
                                    "cannot run it. Use a folder whose path has none.")
        return cls(argv)

    @property
    def program(self) -> Path:
        return Path(self.argv[0])

    def shell(self) -> str:
        """The command as one line for a shell (a crontab line)."""
        import shlex

        return " ".join(shlex.quote(part) for part in self.argv)
