"""A second yardstick for coach's start-up: a bare Textual app that draws coach's own first screen (the
check-in, with back-basics' safety note) and nothing else. What coach takes beyond this is coach's own
work (its command line, its routine, its settings); what this takes beyond the minimal app is the screen."""

import os
import sys

from textual.app import App

from coach.tui.screens.checkin import PainCheckinScreen


class SameScreenApp(App[int]):
    CSS_PATH = os.path.join(os.path.dirname(sys.modules["coach.tui.screens.checkin"].__file__), "..", "app.tcss")

    def get_default_screen(self) -> PainCheckinScreen:
        # As coach shows it: the app's first screen itself, opaque (coach/tui/app.py, get_default_screen).
        screen = PainCheckinScreen(note=(os.environ["BENCH_NOTE_TITLE"], os.environ["BENCH_NOTE"]))
        screen.add_class("-first")
        return screen

    def on_ready(self) -> None:
        self.set_timer(0.1, self.exit)  # the frame is timed as it arrives; this only ends the run


if __name__ == "__main__":
    SameScreenApp().run()
