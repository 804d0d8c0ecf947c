"""A session run as today's plan of a program: marked as the program's when it starts, explained on the
summary ("Next time: …", changing with the pain answer), and its decision recorded when the summary closes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Callable

from coach.history import program_log
from coach.history.following import Following, TodaysPlan
from coach.program.explain import next_time_lines
from coach.session.records import SessionRecord

if TYPE_CHECKING:
    from coach.history.store import HistoryStore


@dataclass
class ProgramSessionRun:
    plan: TodaysPlan
    following: Following
    uuid: str
    today: Callable[[], date]
    now: Callable[[], datetime]

    @classmethod
    def begin(cls, plan: TodaysPlan, store: HistoryStore, uuid: str, today: Callable[[], date],
              now: Callable[[], datetime]) -> ProgramSessionRun:
        """Mark session `uuid` as the program's, at today's stage. Raises HistoryUnavailable."""
        decision = plan.decision
        program_log.tag_session(store, uuid, plan.active, decision.stage, decision.flare)
        return cls(plan, plan.following(store), uuid, today, now)

    def decide(self, session: SessionRecord):
        return self.following.decide(self.today(), current=(self.uuid, session))

    def next_time(self, session: SessionRecord) -> list[str]:
        try:
            return next_time_lines(self.plan.program, self.decide(session))
        except Exception as error:  # noqa: BLE001 - the history could not be read: the summary must still show
            return [f"What this session means for next time could not be worked out ({error})."]

    def record(self, session: SessionRecord) -> None:
        """Keep the decision this session led to, with what it rested on (the summary is closed)."""
        try:
            self.following.record(self.decide(session), self.plan.decision.stage, self.now())
        except Exception:  # noqa: BLE001 - decide() makes it again from the log whenever needed; only the record is missing
            pass
