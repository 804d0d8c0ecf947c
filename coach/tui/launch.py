"""Start the Textual app from the command line (imported only by commands that show a screen)."""

from __future__ import annotations

import sys

from coach.paths import Places
from coach.routine.model import Routine
from coach.safe_text import for_terminal
from coach.settings import load_settings
from coach.state import load_state

EXIT_NOT_SAVED = 3
"""The session could not be saved to the history; it is in a recovery file, named on stderr."""
CLOSE_SECONDS = 2.0  # how long the last save may take at exit before the session goes to a recovery file


def launch(places: Places, routine: Routine | None, no_checkin: bool = False, mute: bool = False,
           voice: bool = False) -> int:
    from coach.cues import create_cue_player
    from coach.history import recovery
    from coach.history.journal import HistoryJournal
    from coach.history.store import HistoryStore, HistoryUnavailable
    from coach.tui.app import CoachApp

    loaded = load_settings(places.settings_file)
    warnings = list(loaded.warnings)
    notices: list[str] = []
    # The store stays open for the app's whole life: its lock tells another coach that
    # a session here is still running, not interrupted.
    problem = None
    reader: HistoryStore | None = None  # the history to show, when it can be read but not written
    try:
        store: HistoryStore | None = HistoryStore.open(places.history_db)
    except HistoryUnavailable as error:
        store, problem = None, str(error)
        warnings.append(f"{error}. Sessions run as usual; what cannot be saved is kept in a recovery file.")
        if error.kind == "read-only" and places.history_db.is_file():
            try:
                reader = HistoryStore.open_read_only(places.history_db)
            except HistoryUnavailable:
                pass
    if store is not None:
        recovered = recovery.recover(store).message()
        if recovered:
            notices.append(recovered)
    journal = HistoryJournal(store, path=places.history_db, problem=problem)
    app = CoachApp(places, routine=routine, settings=loaded.settings, settings_warnings=tuple(warnings),
                   notices=tuple(notices), state=load_state(places.state_file), journal=journal,
                   store=store or reader, history_problem=None if reader else problem,
                   no_checkin=no_checkin)
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
        journal.close(timeout=CLOSE_SECONDS)
        for opened in (store, reader):
            if opened is not None:
                opened.close()
    if keep_unsaved(journal, places):
        return EXIT_NOT_SAVED
    return app.return_code or 0


def launch_history(places: Places) -> int:
    """`coach history --tui`: the history screen alone, on the history opened for reading."""
    from coach.history.recovery import open_history
    from coach.history.store import HistoryUnavailable
    from coach.tui.history_app import HistoryApp
    from coach.tui.screens.history import HistoryData

    loaded = load_settings(places.settings_file)
    for warning in loaded.warnings:
        _say(f"coach: {warning}")
    store = None
    if places.history_db.exists():  # otherwise nothing is recorded yet: show it empty, create no file
        try:
            store, recovered = open_history(places.history_db, reading=True)
        except HistoryUnavailable as error:
            _say(f"coach: {error}")
            return 1
        if recovered:
            _say(f"coach: {recovered}")
    try:
        app = HistoryApp(store or HistoryData(), loaded.settings)
        app.run()
    finally:
        if store is not None:
            store.close()
    return app.return_code or 0


def keep_unsaved(journal, places: Places) -> bool:
    """Write what the history could not take to a recovery file and say where; False when all was saved."""
    from coach.history import recovery

    unsaved = journal.unsaved()
    if not unsaved:
        return False
    reason = journal.problem or "the last save did not finish in time"
    noun = "session" if len(unsaved) == 1 else f"{len(unsaved)} sessions"
    try:
        path = recovery.write(unsaved, places.history_db)
    except OSError as error:
        import json
        from datetime import datetime, timezone

        from coach.history import exchange

        _say(f"coach: your {noun} could not be saved to the history ({reason}), and no recovery file could be "
             f"written ({error.strerror or error}). Here it is, for `coach import`:")
        documents = [json.dumps(session) for session in unsaved]  # ASCII: safe on a terminal
        _say(exchange.dump(documents, datetime.now(timezone.utc)))
        return True
    _say(f"coach: your {noun} could not be saved to the history ({reason}). It is kept in {path} and will be "
         "added to your history the next time coach starts.")
    return True


def _say(text: str) -> None:
    try:
        print(for_terminal(text, lines=True), file=sys.stderr)
    except OSError:  # no terminal left (a hang-up): the recovery file is what counts
        pass
