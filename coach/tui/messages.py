"""What screens ask of the app. A screen posts one of these; the app, which owns the flow, answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from coach.routine.model import Routine

if TYPE_CHECKING:
    from coach.history.following import TodaysPlan


class StartRoutine(Message):
    """The person chose a routine to do now; `plan` when it is today's plan of the program followed
    (coach.history.following.TodaysPlan), so the session counts toward the program."""

    def __init__(self, routine: Routine, plan: TodaysPlan | None = None) -> None:
        super().__init__()
        self.routine = routine
        self.plan = plan


class OpenHistory(Message):
    """The person asked for the history screen."""


class TodaysPlanRead(Message):
    """Home read today's plan of the program followed again (None: there is none today). The app keeps it: after
    the next-day question, a session runs the plan as it is then."""

    def __init__(self, plan: TodaysPlan | None) -> None:
        super().__init__()
        self.plan = plan
