"""`coach remind now`, what the scheduler runs: decide, show the reminder, and do what the person answers.

Every reminder and answer is recorded in the history (coach.history.reminder_log); with a history that cannot
be opened, the reminder still comes, unrecorded. Nothing here ends in a traceback: a notification server that
fails or goes away means the message is printed instead.

The waits (for an answer, and a snooze) run to deadlines on a clock that keeps counting while the computer
sleeps (CLOCK_BOOTTIME on Linux), and the wait for an answer ends before the next chosen time, so the next
reminder is never swallowed by this one. The clocks, the sleep, the notifier and the terminal launcher are passed
in, so tests control them.
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
BEFORE_NEXT = 60.0  # … and it stops waiting this long before the next chosen time


def counting_sleep() -> float:
    """Seconds on a clock that goes on while the computer sleeps (monotonic where there is no such clock)."""
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    return time.clock_gettime(boottime) if boottime is not None else time.monotonic()


@dataclass
class Reminding:
    store: HistoryStore | None  # None: the history cannot be opened; remind anyway, recording nothing
    settings: Callable[[], Settings]  # read afresh after a snooze (the schedule may have changed)
    today: Callable[[datetime], Today]  # today's plan and counts, read afresh after a snooze
    notifier: Callable[[], Notifier | None]
    launch: Callable[[Today], str | None]  # opens a terminal running today's routine; None, or why it could not
    say: Callable[[str], None]
    wall: Callable[[], datetime] = field(default=lambda: datetime.now().astimezone())
    clock: Callable[[], float] = counting_sleep
    sleep: Callable[[float], None] = time.sleep

    def run(self, test: bool = False) -> None:
        """Remind when it is time (always with `test`, which records nothing)."""
        now = self.wall()
        settings = self.settings()
        today = self.today(now)
        schedule = settings.reminders
        slot = schedule.slot(now) if schedule else None
        if not test:
            reason = why_not(schedule, settings.quiet_hours, now, done=today.done, running=today.running,
                             reminded=slot is not None and self._reminded(slot),
                             skipped=self._skipped(now))
            if reason:
                self.say(f"No reminder: {reason}.")
                return
        slot = slot or now.replace(second=0, microsecond=0)
        notifier = self.notifier()
        try:
            while True:
                title, body = message(today)
                answer, notifier = self._show(notifier, title, body, slot, test)
                if answer != "snooze":
                    if answer is not None:
                        self._answered(answer, slot, test, today)
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

    def _show(self, notifier: Notifier | None, title: str, body: str, slot: datetime, test: bool
              ) -> tuple[str | None, Notifier | None]:
        """Show the reminder and wait for the answer; printed when there is no notifier or it fails.
        (answer, the notifier still usable)."""
        if notifier is not None:
            try:
                shown = notifier.show(title, body)
            except Exception as error:  # noqa: BLE001 - a server that refuses, times out or has gone
                self.say(f"(the desktop notification failed: {_why(error)}; printed instead)")
                notifier.close()
                notifier = None
        if notifier is None:
            self.say(f"{title}\n{body}")
            self._record("printed", slot, test)
            return None, None
        self._record("shown", slot, test)
        if not notifier.offers_actions:
            self.say(f"Reminded ({notifier.how}): {title}")
            return None, notifier
        try:
            answer = notifier.answer(shown, self._answer_window())
        except Exception as error:  # noqa: BLE001 - the bus went away (a logout)
            self.say(f"(the desktop notification went away: {_why(error)})")
            return None, notifier
        if answer is None:
            notifier.withdraw(shown)  # its buttons would do nothing once coach has gone
        return answer, notifier

    def _answer_window(self) -> float:
        """Up to ANSWER_SECONDS, ending BEFORE_NEXT seconds before the next chosen time."""
        schedule = self.settings().reminders
        if schedule is None:
            return ANSWER_SECONDS
        now = self.wall()
        until_next = (schedule.next_after(now) - now).total_seconds() - BEFORE_NEXT
        return max(0.0, min(ANSWER_SECONDS, until_next))

    def _answered(self, answer: str, slot: datetime, test: bool, today: Today) -> None:
        now = self.wall()
        if answer == "start":
            problem = self.launch(today)
            if problem:
                self.say(f"Could not open a terminal: {problem}")
                return
            self._record("started", slot, test)
        elif answer == "skip":  # "Skip today" means the day it is pressed, even after midnight
            self._record("skipped", slot if now.date() == slot.date() else now.replace(second=0, microsecond=0),
                         test)
        else:
            self._record("dismissed", slot, test)

    def _after_snooze(self, now: datetime, slot: datetime, today: Today) -> str | None:
        """Why the snoozed reminder is not shown again, or None."""
        settings = self.settings()
        if settings.reminders is None:
            return "reminders were turned off"
        quiet = settings.quiet_hours
        if quiet is not None and now.time() in quiet:
            return f"it is quiet hours ({quiet.describe()})"
        if now.date() != slot.date():
            return "the day is over"
        if self._skipped(now):
            return "you chose to skip today"
        if today.running:
            return "a session is going on now"
        return "today's session is done" if today.done else None

    def _wait(self, seconds: float) -> None:
        deadline = self.clock() + seconds
        while (left := deadline - self.clock()) > 0:
            self.sleep(min(left, 60.0))

    def _reminded(self, slot: datetime) -> bool:
        return self.store is not None and reminder_log.reminded(self.store, slot)

    def _skipped(self, now: datetime) -> bool:
        return self.store is not None and reminder_log.skipped(self.store, now.date())

    def _record(self, kind: str, slot: datetime, test: bool) -> None:
        if test or self.store is None:
            return
        from coach.history.store import HistoryUnavailable

        try:
            reminder_log.record(self.store, kind, slot, self.wall())
        except HistoryUnavailable as error:
            self.say(f"(not recorded: {error})")


def _why(error: Exception) -> str:
    from coach.safe_text import for_terminal

    return for_terminal(str(error) or type(error).__name__)[:200]
