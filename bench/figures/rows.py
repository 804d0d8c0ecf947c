"""What a figure reports: its runs, their median and spread, the goal, and a verdict."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

PASS, FAIL, SKIP, ERROR = "pass", "fail", "skip", "error"


@dataclass(frozen=True)
class Spread:
    """Several runs of one quantity: the median is the figure, min and max its spread."""

    values: tuple[float, ...]

    @classmethod
    def of(cls, values) -> Spread:
        values = tuple(float(value) for value in values)
        if not values:
            raise ValueError("a spread needs at least one run")
        return cls(values)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def low(self) -> float:
        return min(self.values)

    @property
    def high(self) -> float:
        return max(self.values)

    def text(self, unit: str, digits: int = 1) -> str:
        """Like "12.1 ms (8.0–15.3, n=5)"."""
        if len(self.values) == 1:
            return f"{self.median:.{digits}f} {unit} (n=1)"
        return f"{self.median:.{digits}f} {unit} ({self.low:.{digits}f}–{self.high:.{digits}f}, n={len(self.values)})"


@dataclass
class Row:
    """One line of the table and one entry of results.json."""

    key: str
    figure: str
    goal: str
    status: str
    measured: float | None = None  # the median the goal is judged on
    unit: str = ""
    shown: str = ""
    runs: dict[str, list[float]] = field(default_factory=dict)
    note: str | None = None  # why a row was skipped or failed to run, or what to know about it


@dataclass(frozen=True)
class Spec:
    """A figure's name and goal, known before it runs, so a crash still gets its row."""

    key: str
    figure: str
    goal: str

    def judged(self, measured: float, met: bool, unit: str, shown: str,
               runs: dict[str, list[float]], note: str | None = None) -> Row:
        return Row(self.key, self.figure, self.goal, PASS if met else FAIL, round(measured, 3), unit, shown,
                   {name: [round(value, 3) for value in values] for name, values in runs.items()}, note)

    def skipped(self, reason: str) -> Row:
        return Row(self.key, self.figure, self.goal, SKIP, shown=f"not measured: {reason}", note=reason)

    def crashed(self, reason: str) -> Row:
        return Row(self.key, self.figure, self.goal, ERROR, shown=f"bench error: {reason}", note=reason)


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile; enough for a p50 of a few dozen samples."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


class BenchError(Exception):
    """The bench could not take a measurement; the message says what to do about it."""
