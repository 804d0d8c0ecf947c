"""What screens that read the history are given: the history, the settings, and a way to wait for pending writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Callable, Protocol, Sequence

from coach.settings import Settings

if TYPE_CHECKING:
    from coach.history.model import StoredExercise, StoredSession


class HistorySource(Protocol):
    """What screens read and correct: a HistoryStore, or a HistoryData in memory.

    The corrections raise HistoryUnavailable when the history cannot be changed (read-only)."""

    def sessions(self) -> list[StoredSession]: ...

    def exercises(self, session_id: int) -> list[StoredExercise]: ...

    def edit_session(self, uuid: str, changes: dict, now: datetime) -> StoredSession: ...

    def delete_sessions(self, uuids: Sequence[str], now: datetime) -> list: ...

    def restore_sessions(self, kept: Sequence) -> None: ...


def _nothing_pending(timeout: float) -> bool:
    return True


@dataclass(frozen=True)
class HistoryAccess:
    """The history as screens see it.

    `source` is None when the history could not be opened; `problem` then says why.
    `wait_for_writes(timeout)` returns once the session just saved is readable (the journal's flush).
    """

    source: HistorySource | None
    settings: Settings = field(default_factory=Settings)
    problem: str | None = None
    wait_for_writes: Callable[[float], bool] = _nothing_pending
