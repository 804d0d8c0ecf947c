"""The reminders' part of the history (`reminders`): each reminder shown or printed, and each snooze, skip,
start and dismissal, so that a time is never reminded about twice and the report can show whether reminders
are followed by sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Sequence

from coach.history.model import utc_text

if TYPE_CHECKING:
    from coach.history.model import StoredSession
    from coach.history.store import HistoryStore

KINDS = ("shown", "printed", "snoozed", "skipped", "started", "dismissed")
REMINDED = ("shown", "printed")  # a reminder reached the person


def slot_text(slot: datetime) -> str:
    """A reminded-about time as stored: local, to the minute ("2026-11-30T18:00")."""
    return slot.replace(tzinfo=None).isoformat(timespec="minutes")


def record(store: HistoryStore, kind: str, slot: datetime, now: datetime) -> None:
    if kind not in KINDS:
        raise ValueError(kind)
    store.write(lambda connection: connection.execute(
        "INSERT INTO reminders (at, slot, kind) VALUES (?, ?, ?)", (utc_text(now), slot_text(slot), kind)))


def reminded(store: HistoryStore, slot: datetime) -> bool:
    """Whether a reminder about `slot` has reached the person already."""
    return bool(store.read("SELECT 1 FROM reminders WHERE slot = ? AND kind IN ('shown', 'printed') LIMIT 1",
                           (slot_text(slot),)))


def skipped(store: HistoryStore, day: date) -> bool:
    """Whether the person chose "Skip today" on a reminder about `day`."""
    return bool(store.read("SELECT 1 FROM reminders WHERE slot LIKE ? AND kind = 'skipped' LIMIT 1",
                           (f"{day.isoformat()}T%",)))


@dataclass(frozen=True)
class ReminderDays:
    """Days with a reminder in a period, and what followed: the report's "do reminders help" line."""

    days: int  # days a reminder reached the person
    followed: int  # of those, days with a session after the first reminder
    snoozed: int  # snoozes
    skipped: int  # days skipped from a reminder

    def line(self) -> str | None:
        if not self.days:
            return None
        return (f"Reminders: on {self.days} day{'s' * (self.days != 1)}; a session followed on {self.followed} "
                f"({round(100 * self.followed / self.days)}%); snoozed {self.snoozed} time"
                f"{'s' * (self.snoozed != 1)}, skipped {self.skipped} day{'s' * (self.skipped != 1)}")


def reminder_days(store: HistoryStore, sessions: Sequence[StoredSession], start: date, end: date, tz=None
                  ) -> ReminderDays:
    """What reminders did from `start` to `end` (local days, inclusive)."""
    from coach.history.stats import counts_toward_goal, local_start

    rows = store.read("SELECT slot, kind FROM reminders WHERE slot >= ? AND slot < ? ORDER BY slot",
                      (start.isoformat(), (end + timedelta(days=1)).isoformat()))
    first: dict[date, datetime] = {}
    snoozed = 0
    skipped_days: set[date] = set()
    for slot, kind in rows:
        when = datetime.fromisoformat(slot)
        if kind in REMINDED:
            first.setdefault(when.date(), when)
        elif kind == "snoozed":
            snoozed += 1
        elif kind == "skipped":
            skipped_days.add(when.date())
    done_after: set[date] = set()
    for session in sessions:
        if not counts_toward_goal(session):
            continue
        started = local_start(session, tz).replace(tzinfo=None)
        if started.date() in first and started >= first[started.date()]:
            done_after.add(started.date())
    return ReminderDays(len(first), len(done_after), snoozed, len(skipped_days))
