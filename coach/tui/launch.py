"""Start the Textual app from the command line (imported only by commands that show a screen)."""

from __future__ import annotations

import sys

from coach.paths import Places
from coach.routine.model import Routine
from coach.safe_text import for_terminal
from coach.kept_settings import load_kept_settings
from coach.state import load_state

EXIT_NOT_SAVED = 3
"""The session could not be saved to the history; it is in a recovery file, named on stderr."""
CLOSE_SECONDS = 2.0  # how long the last save may take at exit before the session goes to a recovery file


def launch(places: Places, routine: Routine | None, no_checkin: bool = False, mute: bool = False,
           voice: bool = False, plan=None, pictures: str | None = None) -> int:
    """`plan`: today's plan of the program followed (history.following.TodaysPlan), when `routine` is its.
    `pictures`: --pictures, over the setting. (The command line has paused the garbage collector; the app turns it
    back on at its first frame, coach/collector.py.)"""
    from dataclasses import replace

    from coach.tui.app import CoachApp

    loaded = load_kept_settings(places.settings_file, places.cache_dir)
    if pictures:
        loaded = replace(loaded, settings=loaded.settings.with_changes(pictures=pictures))

    def services(**callbacks):
        """The history, its journal and the cue player, opened after the first frame (tui/startup.py, imported
        then too). The store stays open for the app's whole life: its lock tells another coach that a session
        here is still running, not interrupted."""
        from coach.tui.startup import open_services

        return open_services(places, loaded.settings, mute=mute, voice=voice,
                             routine_sounds=routine.sounds if routine else None, **callbacks)

    app = CoachApp(places, routine=routine, settings=loaded.settings, settings_warnings=loaded.warnings,
                   state=load_state(places.state_file), no_checkin=no_checkin, open_services=services, plan=plan)
    try:
        app.run()
    finally:
        opened = app.services
        if opened is not None:
            if opened.cues is not None:
                opened.cues.close()
            if opened.journal is not None:
                opened.journal.close(timeout=CLOSE_SECONDS)
            opened.close()
    if opened is not None and opened.journal is not None and keep_unsaved(opened.journal, places):
        return EXIT_NOT_SAVED
    return app.return_code or 0


def launch_history(places: Places) -> int:
    """`coach history --tui`: the history screen alone, on the history opened for reading."""
    from coach.history.recovery import open_history
    from coach.history.store import HistoryUnavailable
    from coach.tui.history_app import HistoryApp
    from coach.tui.screens.history import HistoryData

    loaded = load_kept_settings(places.settings_file, places.cache_dir)
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
        from functools import partial

        from coach.routine.loaded_catalog import chosen_poses, weekly_goals

        from datetime import date

        from coach.report.make import write_to_data_folder

        app = HistoryApp(store or HistoryData(), loaded.settings, routine_goals=partial(weekly_goals, places),
                         write_report=lambda: write_to_data_folder(store, loaded.settings, places.data_dir,
                                                                   date.today(), chosen_poses(places)))
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
