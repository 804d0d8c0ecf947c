"""Start the Textual app from the command line (imported only by commands that show a screen)."""

from __future__ import annotations

from coach.paths import Places
from coach.routine.model import Routine
from coach.settings import load_settings


def launch(places: Places, routine: Routine | None, no_checkin: bool = False, mute: bool = False,
           voice: bool = False) -> int:
    from coach.cues import create_cue_player
    from coach.history.journal import HistoryJournal
    from coach.history.store import HistoryStore, HistoryUnavailable
    from coach.session.journal import MemoryJournal
    from coach.tui.app import CoachApp

    loaded = load_settings(places.settings_file)
    warnings = list(loaded.warnings)
    # The store stays open for the app's whole life: its lock tells another coach that
    # a session here is still running, not interrupted.
    problem = None
    try:
        store: HistoryStore | None = HistoryStore.open(places.history_db)
    except HistoryUnavailable as error:
        store, problem = None, str(error)
        warnings.append(f"{error}. Sessions run as usual but will not be saved.")
    journal = HistoryJournal(store) if store is not None else MemoryJournal()
    app = CoachApp(places, routine=routine, settings=loaded.settings, settings_warnings=tuple(warnings),
                   journal=journal, store=store, history_problem=problem, no_checkin=no_checkin)
    if isinstance(journal, HistoryJournal):
        journal.notify = lambda text: app.call_from_thread(app.notify, text, severity="error", timeout=10, markup=False)
    app.cues = create_cue_player(
        loaded.settings, mute=mute, voice=voice, bell=app.bell,
        notify=lambda message: app.call_from_thread(app.notify, message, severity="warning", timeout=10),
        routine_sounds=routine.sounds if routine else None,
        voice_cache=places.data_dir / "voice-cache",
    )
    try:
        app.run()
    finally:
        app.cues.close()
        if store is not None:
            journal.close()
            store.close()
    return app.return_code or 0
