"""The history screen as an app of its own: `coach history --tui`."""

from __future__ import annotations

from datetime import date, tzinfo
from pathlib import Path
from typing import Callable

from textual.app import App
from textual.binding import Binding

from coach.settings import Settings
from coach.tui.notices import notify_safely
from coach.tui.quiet_driver import QuietInput
from coach.tui.screens.history import HistoryScreen
from coach.tui.services import HistorySource


class HistoryApp(QuietInput, App[int]):
    """Just the history screen."""

    CSS_PATH = "app.tcss"  # the dialogs' styles, as in the full app
    TITLE = "coach"
    SUB_TITLE = "history"
    ENABLE_COMMAND_PALETTE = False  # as in the full app: every command has its own key
    BINDINGS = [Binding("question_mark", "keys", "Keys", show=False)]

    def __init__(self, source: HistorySource, settings: Settings | None = None, today: date | None = None,
                 tz: tzinfo | None = None, problem: str | None = None,
                 routine_goals: Callable[[], dict[str, int]] | None = None,
                 write_report: Callable[[], Path] | None = None) -> None:
        super().__init__()
        self.screen_args = (source, settings, today, tz, problem)
        self.routine_goals = routine_goals
        self.write_report = write_report

    def on_mount(self) -> None:
        from coach.tui.signals import exit_on_signals

        exit_on_signals(self)
        self.push_screen(HistoryScreen(*self.screen_args, routine_goals=self.routine_goals,
                                       write_report=self.write_report),
                         callback=lambda _: self.exit(0))

    def on_ready(self) -> None:
        from coach import collector

        collector.resume()  # paused by the command line until this first frame

    def action_keys(self) -> None:
        from coach.tui.screens.keys import show_keys

        show_keys(self)

    def notify(self, message: str, **options) -> None:
        notify_safely(super().notify, message, **options)
