"""What the app opens after its first frame is drawn: the history (taking in recovery files) and the sound device.

Opening the history checks and perhaps migrates it, and the sound player probes the audio
device; together they cost about 100 ms, which the person would otherwise wait for before
seeing anything. `open_services` runs on a worker thread once the first frame is up, and a
session waits for it before it starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from coach.paths import Places
from coach.settings import Settings

if TYPE_CHECKING:  # imported by open_services, on the worker thread, not before the first frame
    from coach.cues.player import CuePlayer
    from coach.history.journal import HistoryJournal
    from coach.history.store import HistoryStore


@dataclass
class Services:
    """What is opened after the first frame: the history, its journal and the cue player, with what went wrong."""

    store: HistoryStore | None = None  # written to; None when it could not be opened
    reader: HistoryStore | None = None  # read-only, when the history can be read but not written
    problem: str | None = None  # why the history cannot be written
    warnings: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    cues: CuePlayer | None = None
    journal: HistoryJournal | None = None  # saves each session to the history

    def close(self) -> None:
        for opened in (self.store, self.reader):
            if opened is not None:
                opened.close()


def open_services(places: Places, settings: Settings, *, mute: bool, voice: bool, routine_sounds,
                  bell: Callable[[], None], notify: Callable[[str], None]) -> Services:
    """Open the history and the cue player; never raises (what fails is said in `warnings`).

    The app calls this (through functools.partial, with everything but `bell` and `notify`
    given by the launcher) on a worker thread; `notify` must be safe to call from any thread."""
    from coach.cues import create_cue_player
    from coach.history import recovery
    from coach.history.journal import HistoryJournal
    from coach.history.store import HistoryStore, HistoryUnavailable

    services = Services()
    try:
        services.store = HistoryStore.open(places.history_db)
    except HistoryUnavailable as error:
        services.problem = str(error)
        services.warnings.append(f"{error}. Sessions run as usual; what cannot be saved is kept in a recovery file.")
        if error.kind == "read-only" and places.history_db.is_file():
            try:
                services.reader = HistoryStore.open_read_only(places.history_db)
            except HistoryUnavailable:
                pass
    if services.store is not None:
        recovered = recovery.recover(services.store).message()
        if recovered:
            services.notices.append(recovered)
    # Without a store, each save tries to open the history again (a lock may clear).
    services.journal = HistoryJournal(services.store, path=places.history_db, problem=services.problem)
    services.cues = create_cue_player(settings, mute=mute, voice=voice, bell=bell, notify=notify,
                                      routine_sounds=routine_sounds, voice_cache=places.data_dir / "voice-cache")
    return services
