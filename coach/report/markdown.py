"""The report as Markdown, with the same content as the HTML page (tables for the charts), for pasting into a
message. Every outside text goes through safe_text.for_markdown."""

from __future__ import annotations

from coach.report.data import SELF_REPORTED, Report
from coach.safe_text import for_markdown as esc


def render(report: Report) -> str:
    who = f"{esc(report.person)}: " if report.person else ""
    lines = [f"# {who}home exercise report", "", f"{report.period} · made {report.made:%d %b %Y}", "",
             f"*{SELF_REPORTED}.*", "", "## Summary", ""]
    lines += [f"- {line}" for line in report.summary]  # coach's own words and figures
    lines += ["", "## Adherence by week", "",
              f"| Week of | Sessions | Goal ({report.sessions_goal}) | Aerobic min | Goal ({report.aerobic_goal}) |",
              "|---|---:|---|---:|---|"]
    lines += [f"| {week.monday:%d %b} | {week.sessions} | {'met' if week.sessions_met else ''} | "
              f"{round(week.aerobic_minutes)} | {'met' if week.aerobic_met else ''} |" for week in report.weeks]
    lines += ["", "## Pain", ""]
    if report.pain:
        lines += ["Pain 0 (none) to 10 (worst): 0–3 fine, 4–5 caution, 6 and up stop and ask.", "",
                  "| Session | Routine | Before | After | Next morning |", "|---|---|---:|---:|---|"]
        lines += [f"| {point.when:%a %d %b %H:%M} | {esc(point.routine)} | {_blank(point.before)} | "
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
        lines += [f"| {event.when:%a %d %b %H:%M} | {esc(event.what)} | {esc(event.detail)} | {esc(event.note or '')} |"
                  for event in report.events]
    else:
        lines.append("No stops, interruptions or program changes in this period.")
    if report.notes:
        lines += ["", "## Notes", "", "| Day | Routine | Note |", "|---|---|---|"]
        lines += [f"| {when:%a %d %b} | {esc(routine)} | {esc(note)} |" for when, routine, note in report.notes]
    return "\n".join(lines) + "\n"


def _blank(value: int | None) -> str:
    return "" if value is None else str(value)


def _morning(point) -> str:
    parts = [part for part in (point.next_day, None if point.next_day_pain is None else f"pain {point.next_day_pain}")
             if part]
    return esc(", ".join(parts))
