"""The report as Markdown, with the same content as the HTML page (tables for the charts), for pasting into a
message. Every outside text goes through safe_text.for_markdown."""

from __future__ import annotations

from coach.report import periods
from coach.report.data import SELF_REPORTED, Report
from coach.safe_text import for_markdown as esc


def render(report: Report) -> str:
    who = f"{esc(report.person)}: " if report.person else ""
    lines = [f"# {who}{'home' if who else 'Home'} exercise report", "", f"{report.period} · made {report.made:%d %b %Y}", "",
             f"*{SELF_REPORTED}.*", "", "## Summary", ""]
    lines += [f"- {line}" for line in report.summary]  # coach's own words and figures
    heading, rows = periods.adherence_rows(report)
    day = periods.day_format(report)
    lines += ["", "## Adherence by week", "",
              f"| {heading} | Sessions | {periods.goal_heading(report, report.sessions_goal)} | Aerobic min | "
              f"{periods.goal_heading(report, report.aerobic_goal)} |",
              "|---|---:|---|---:|---|"]
    for row in rows:
        sessions_met, aerobic_met = periods.met_text(row)
        lines.append(f"| {row.label} | {row.sessions} | {sessions_met} | {round(row.aerobic_minutes)} | {aerobic_met} |")
    if report.reminders:
        lines += ["", f"{report.reminders}."]
    lines += ["", "## Pain", ""]
    if report.pain and periods.is_dense(report):
        weeks, means = periods.pain_means(report)
        lines += [f"Pain 0 (none) to 10 (worst), the mean in each {periods.span_words(weeks)}: 0–3 fine, 4–5 "
                  "caution, 6 and up stop and ask.", "",
                  "| From | To | Sessions | Before | After |", "|---|---|---:|---:|---:|"]
        lines += [f"| {mean.first:%d %b %Y} | {mean.last:%d %b %Y} | {mean.sessions} | {_mean(mean.before)} | "
                  f"{_mean(mean.after)} |" for mean in means]
    elif report.pain:
        lines += ["Pain 0 (none) to 10 (worst): 0–3 fine, 4–5 caution, 6 and up stop and ask.", "",
                  "| Session | Routine | Before | After | Next morning |", "|---|---|---:|---:|---|"]
        lines += [f"| {point.when.strftime(day + ' %H:%M')} | {esc(point.routine)} | {_blank(point.before)} | "
                  f"{_blank(point.after)} | {_morning(point)} |" for point in report.pain]
    else:
        lines.append("No pain answers in this period.")
    lines += ["", "## Exercises", ""]
    if report.exercises:
        lines += ["| Exercise | Done | Completion | Dose delivered (first → latest) | Painful |", "|---|---:|---:|---|---:|"]
        for row in report.exercises:
            dose = row.first_dose if row.first_dose == row.latest_dose else f"{row.first_dose} → {row.latest_dose}"
            lines.append(f"| {esc(row.name)} | {row.done} | {row.completion}% | {esc(dose)} | {row.painful or ''} |")
    else:
        lines.append("No exercises in this period.")
    lines += ["", "## Events", ""]
    if report.events:
        lines += ["| When | What | Detail | Note or reason |", "|---|---|---|---|"]
        lines += [f"| {event.when.strftime(day + ' %H:%M')} | {esc(event.what)} | {esc(event.detail)} | {esc(event.note or '')} |"
                  for event in report.events]
    else:
        lines.append("No stops, interruptions or program changes in this period.")
    if report.notes:
        lines += ["", "## Notes", "", "Notes written on a session listed under Events are shown there, beside it.", "", "| Day | Routine | Note |", "|---|---|---|"]
        lines += [f"| {when.strftime(day)} | {esc(routine)} | {esc(note)} |" for when, routine, note in report.notes]
    return "\n".join(lines) + "\n"


def _blank(value: int | None) -> str:
    return "" if value is None else str(value)


def _mean(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _morning(point) -> str:
    parts = [part for part in (point.next_day, None if point.next_day_pain is None else f"pain {point.next_day_pain}")
             if part]
    return esc(", ".join(parts))
