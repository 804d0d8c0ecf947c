"""Start the Textual app from the command line (imported only by commands that show a screen)."""

from __future__ import annotations

from coach.paths import Places
from coach.routine.model import Routine
from coach.settings import load_settings


def launch(places: Places, routine: Routine | None, no_checkin: bool = False, mute: bool = False,
           voice: bool = False) -> int:
    from coach.cues import create_cue_player
    from coach.tui.app import CoachApp

    loaded = load_settings(places.settings_file)
    app = CoachApp(places, routine=routine, settings=loaded.settings, settings_warnings=loaded.warnings,
                   no_checkin=no_checkin)
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
    return app.return_code or 0
