"""What screens ask of the app. A screen posts one of these; the app, which owns the flow, answers."""

from __future__ import annotations

from textual.message import Message

from coach.routine.model import Routine


class StartRoutine(Message):
    """The person chose a routine to do now; `plan` when it is today's plan of the program followed
    (coach.history.following.TodaysPlan), so the session counts toward the program."""

    def __init__(self, routine: Routine, plan: object | None = None) -> None:
        super().__init__()
        self.routine = routine
        self.plan = plan


class OpenHistory(Message):
    """The person asked for the history screen."""
