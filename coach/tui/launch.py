"""Start the Textual app from the command line (imported only by commands that show a screen)."""

from __future__ import annotations

from coach.paths import Places
from coach.routine.model import Routine
from coach.settings import load_settings


def launch(places: Places, routine: Routine | None, no_checkin: bool = False, mute: bool = False,
           voice: bool = False) -> int:
    from coach.tui.app import CoachApp

    loaded = load_settings(places.settings_file)
    app = CoachApp(places, routine=routine, settings=loaded.settings, settings_warnings=loaded.warnings,
                   no_checkin=no_checkin)
    app.run()
    return app.return_code or 0
