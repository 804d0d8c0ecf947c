"""The reminders as an iCalendar file, for a phone or a desktop calendar: an event a week for each chosen day and
time, with an alarm at its start. Times are floating (no time zone), so 18:00 stays 18:00 wherever the person
is, as the timers on the computer do. Each event's UID is fixed by its day and time, so importing a new file
updates the events instead of adding twice."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from coach.remind.schedule import DAY_NAMES, Schedule

DEFAULT_WEEKS = 12
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def calendar_bytes(schedule: Schedule, title: str, description: str, minutes: int, today: date,
                   weeks: int = DEFAULT_WEEKS, now: datetime | None = None) -> bytes:
    """The .ics file: `title` and `description` are the events' (plain text; escaped by icalendar)."""
    from icalendar import Alarm, Calendar, Event

    from coach.safe_text import for_terminal

    title, description = for_terminal(title), for_terminal(description, lines=True)
    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    calendar = Calendar()
    calendar.add("prodid", "-//coach//coach remind ics//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "coach reminders")
    for day in schedule.days:
        first = today + timedelta(days=(day - today.weekday()) % 7)
        for moment in schedule.times:
            event = Event()
            event.add("uid", f"coach-remind-{DAY_NAMES[day]}-{moment:%H%M}@coach")
            event.add("dtstamp", stamp)
            event.add("dtstart", datetime.combine(first, moment))  # floating: the local time wherever one is
            event.add("duration", timedelta(minutes=max(1, minutes)))
            event.add("rrule", {"freq": "weekly", "byday": BYDAY[day], "count": weeks})
            event.add("summary", title)
            event.add("description", description)
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", timedelta(0))
            alarm.add("description", title)
            event.add_component(alarm)
            calendar.add_component(event)
    return calendar.to_ical()
