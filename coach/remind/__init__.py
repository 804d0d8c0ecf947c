"""Reminders: the schedule, the operating system's scheduler files, the calendar file and the notification."""
