"""`coach remind now`, what the scheduler runs: decide, show the reminder, and do what the person answers.

Every reminder and answer is recorded in the history (coach.history.reminder_log). The waits (for an answer, and
a snooze) run to deadlines on the monotonic clock; the clocks, the sleep, the notifier and the terminal launcher
are passed in, so tests control them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Callable

from coach.history import reminder_log
from coach.remind.notify import Notifier
from coach.remind.nudge import Today, message, why_not

if TYPE_CHECKING:
    from coach.history.store import HistoryStore
    from coach.settings import Settings

SNOOZE_SECONDS = 30 * 60
ANSWER_SECONDS = 60 * 60  # how long a reminder waits for Start, Snooze or Skip before coach lets it be


@dataclass
class Reminding:
    store: HistoryStore
    settings: Settings
    today: Callable[[datetime], Today]  # today's plan and counts, read afresh after a snooze
    notifier: Callable[[], Notifier | None]
    launch: Callable[[], str | None]  # opens a terminal running `coach run`; None, or why it could not
    say: Callable[[str], None]
    wall: Callable[[], datetime] = field(default=lambda: datetime.now().astimezone())
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep

    def run(self, test: bool = False) -> None:
        """Remind when it is time (always with `test`, which records nothing)."""
        now = self.wall()
        today = self.today(now)
        schedule = self.settings.reminders
        slot = schedule.slot(now) if schedule else None
        if not test:
            reason = why_not(schedule, self.settings.quiet_hours, now, done=today.done,
                             reminded=slot is not None and reminder_log.reminded(self.store, slot),
                             skipped=reminder_log.skipped(self.store, now.date()))
            if reason:
                self.say(f"No reminder: {reason}.")
                return
        slot = slot or now.replace(second=0, microsecond=0)
        notifier = self.notifier()
        try:
            while True:
                title, body = message(today)
                if notifier is None:
                    self.say(f"{title}\n{body}")
                    self._record("printed", slot, test)
                    return
                shown = notifier.show(title, body)
                self._record("shown", slot, test)
                if not notifier.offers_actions:
                    self.say(f"Reminded ({notifier.how}): {title}")
                    return
                answer = notifier.answer(shown, ANSWER_SECONDS)
                if answer is None:
                    return
                if answer != "snooze":
                    self._answered(answer, slot, test)
                    return
                self._record("snoozed", slot, test)
                self._wait(SNOOZE_SECONDS)
                now = self.wall()
                today = self.today(now)
                reason = self._after_snooze(now, slot, today)
                if reason:
                    self.say(f"No reminder after the snooze: {reason}.")
                    return
        finally:
            if notifier is not None:
                notifier.close()

    def _answered(self, answer: str, slot: datetime, test: bool) -> None:
        if answer == "start":
            problem = self.launch()
            if problem:
                self.say(f"Could not open a terminal: {problem}")
                return
            self._record("started", slot, test)
        else:
            self._record("skipped" if answer == "skip" else "dismissed", slot, test)

    def _after_snooze(self, now: datetime, slot: datetime, today: Today) -> str | None:
        """Why the snoozed reminder is not shown again, or None."""
        quiet = self.settings.quiet_hours
        if quiet is not None and now.time() in quiet:
            return f"it is quiet hours ({quiet.describe()})"
        if now.date() != slot.date():
            return "the day is over"
        if reminder_log.skipped(self.store, now.date()):
            return "you chose to skip today"
        return "today's session is done" if today.done else None

    def _wait(self, seconds: float) -> None:
        deadline = self.clock() + seconds
        while (left := deadline - self.clock()) > 0:
            self.sleep(min(left, 60.0))

    def _record(self, kind: str, slot: datetime, test: bool) -> None:
        if not test:
            reminder_log.record(self.store, kind, slot, self.wall())
