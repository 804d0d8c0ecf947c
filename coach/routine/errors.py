"""Located routine errors: every problem names FILE:LINE:COL, the key path and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a routine file, at a 1-based line and column."""

    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        place = self.file
        if self.line is not None:
            place += f":{self.line}:{self.column or 1}"
        if self.path:
            return f"{place}: {self.path}: {self.message}"
        return f"{place}: {self.message}"


class RoutineError(Exception):
    """A routine file could not be loaded; `problems` lists every located error."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))
