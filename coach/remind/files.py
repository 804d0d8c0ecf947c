"""A file a scheduler needs: where it goes and what it holds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SchedulerFile:
    path: Path
    text: str
