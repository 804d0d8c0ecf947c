"""The one place a session hands its records on: to memory now, to the history store later."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Protocol

from coach.session.events import Event, EventKind
from coach.session.records import ExerciseRecord, SessionRecord

if TYPE_CHECKING:  # the engine is not needed to import this, and the app imports it early
    from coach.session.engine import SessionEngine


@dataclass(frozen=True)
class SaveState:
    """Whether the newest state of a session is in the history."""

    saved: bool
    problem: str | None = None
    """Why the last try to save it failed; None while a save is on its way."""

    @property
    def pending(self) -> bool:
        return not self.saved and self.problem is None


class Journal(Protocol):
    """Receives a session as it happens. Implementations must never raise into the screen."""

    def session_started(self, session: SessionRecord) -> None: ...

    def exercise_ended(self, session: SessionRecord, record: ExerciseRecord) -> None: ...

    def session_finished(self, session: SessionRecord) -> None: ...

    def summary_changed(self, session: SessionRecord) -> None:
        """The summary changed pain after or the note on `session`; save it now."""

    def save_state(self, session: SessionRecord) -> SaveState | None:
        """Where the session's saving stands; None for a journal that keeps nothing."""

    def retry(self, session: SessionRecord) -> None:
        """Try again to save the newest state of `session`."""

    def watch(self, on_change: Callable[[], None] | None) -> None:
        """Call `on_change` (from any thread) after each try to save; None stops it."""


class MemoryJournal:
    """Keeps sessions in memory only."""

    def __init__(self) -> None:
        self.sessions: list[SessionRecord] = []
        self.exercise_log: list[ExerciseRecord] = []

    def session_started(self, session: SessionRecord) -> None:
        self.sessions.append(session)

    def exercise_ended(self, session: SessionRecord, record: ExerciseRecord) -> None:
        self.exercise_log.append(record)

    def session_finished(self, session: SessionRecord) -> None:
        pass

    def summary_changed(self, session: SessionRecord) -> None:
        pass

    def save_state(self, session: SessionRecord) -> SaveState | None:
        return None

    def retry(self, session: SessionRecord) -> None:
        pass

    def watch(self, on_change: Callable[[], None] | None) -> None:
        pass


def connect(engine: SessionEngine, journal: Journal) -> None:
    """Forward the engine's exercise and session endings to the journal."""

    def forward(event: Event) -> None:
        if event.kind is EventKind.EXERCISE_ENDED and event.record is not None:
            journal.exercise_ended(engine.session, event.record)
        elif event.kind is EventKind.SESSION_FINISHED:
            journal.session_finished(engine.session)

    engine.subscribe(forward)


def start_session(engine: SessionEngine, journal: Journal) -> None:
    """Start the engine with its records flowing to the journal."""
    connect(engine, journal)
    engine.start()
    journal.session_started(engine.session)
