"""What screens ask of the app. A screen posts one of these; the app, which owns the flow, answers."""

from __future__ import annotations

from textual.message import Message

from coach.routine.model import Routine


class StartRoutine(Message):
    """The person chose a routine to do now."""

    def __init__(self, routine: Routine) -> None:
        super().__init__()
        self.routine = routine


class OpenHistory(Message):
    """The person asked for the history screen."""
