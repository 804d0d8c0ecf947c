"""The report as one self-contained HTML page: inline CSS and inline SVG charts, no JavaScript and no URL of
any kind (fonts, images, links), so it opens and prints anywhere, offline. Every outside text goes through
safe_text.for_html; numbers are formatted here."""

from __future__ import annotations

import math

from coach.report.data import SELF_REPORTED, Report
from coach.safe_text import for_html as esc

CSS = """
@page { size: A4; margin: 14mm; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: 10.5pt; color: #1d1d1d;
       max-width: 190mm; margin: 1.5em auto; line-height: 1.35; }
h1 { font-size: 17pt; margin: 0 0 0.1em 0; }
h2 { font-size: 12.5pt; margin: 1.2em 0 0.4em 0; border-bottom: 1px solid #bbb; padding-bottom: 0.1em; }
.made, .caveat { color: #555; margin: 0.1em 0; }
.caveat { font-style: italic; }
ul.summary { padding-left: 1.2em; margin: 0.3em 0; }
table { border-collapse: collapse; width: 100%; margin: 0.3em 0; }
th, td { border-bottom: 1px solid #ddd; padding: 2px 6px; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
svg { display: block; margin: 0.3em 0; }
.legend { color: #555; font-size: 9pt; }
section { break-inside: avoid-page; }
@media print { body { margin: 0; } section.breaks { break-before: page; } }
"""

BAR_W, BAR_GAP, CHART_H, AXIS, TOP = 26, 8, 120, 34, 20  # TOP: room for the chart's title above the goal line
CHART_W, LABEL_W = 700, 34  # the widest a chart gets (it fits an A4 page), and the room a week's label needs


def render(report: Report) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Exercise report {report.start:%Y-%m-%d} to {report.end:%Y-%m-%d}</title>",
        f"<style>{CSS}</style></head><body>",
        _header(report),
        _summary(report),
        _adherence(report),
        _pain(report),
        _exercises(report),
        _events(report),
    ]
    if report.notes:
        parts.append(_notes(report))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _header(report: Report) -> str:
    who = f"{esc(report.person)}: " if report.person else ""
    return (f"<header><h1>{who}home exercise report</h1>"
            f'<p class="made">{esc(report.period)} · made {report.made:%d %b %Y}</p>'
            f'<p class="caveat">{esc(SELF_REPORTED)}.</p></header>')


def _summary(report: Report) -> str:
    items = "".join(f"<li>{esc(line)}</li>" for line in report.summary)
    return f'<section><h2>Summary</h2><ul class="summary">{items}</ul></section>'


def _adherence(report: Report) -> str:
    weeks = report.weeks
    most_sessions = max([report.sessions_goal, *(week.sessions for week in weeks)]) or 1
    most_minutes = max([report.aerobic_goal, *(week.aerobic_minutes for week in weeks)]) or 1
    rows = "".join(
        f"<tr><td>{week.monday:%d %b}</td><td class=\"n\">{week.sessions}</td>"
        f"<td>{'met' if week.sessions_met else ''}</td><td class=\"n\">{round(week.aerobic_minutes)}</td>"
        f"<td>{'met' if week.aerobic_met else ''}</td></tr>" for week in weeks)
    return (
        "<section><h2>Adherence by week</h2>"
        + _bars([week.sessions for week in weeks], most_sessions, report.sessions_goal, "sessions",
                [f"{week.monday:%d/%m}" for week in weeks], "#3b6fb6")
        + _bars([week.aerobic_minutes for week in weeks], most_minutes, report.aerobic_goal, "aerobic minutes",
                [f"{week.monday:%d/%m}" for week in weeks], "#3a9a6a")
        + '<p class="legend">Bars: each week (Monday to Sunday); dashed line: the goal.</p>'
        + "<table><tr><th>Week of</th><th class=\"n\">Sessions</th><th>Goal "
        + f"({report.sessions_goal})</th><th class=\"n\">Aerobic min</th><th>Goal ({report.aerobic_goal})</th></tr>"
        + rows + "</table></section>")


def _bars(values: list[float], most: float, goal: float, label: str, ticks: list[str], colour: str) -> str:
    """Bars of a week each, as wide as fits CHART_W (26 px at most: a long period gets thin bars), with every
    k-th week labelled so that labels never overlap."""
    slot = min(BAR_W + BAR_GAP, (CHART_W - AXIS - BAR_GAP - LABEL_W / 2) / max(1, len(values)))
    bar = slot * BAR_W / (BAR_W + BAR_GAP)
    every = max(1, math.ceil(len(values) * LABEL_W / (CHART_W - AXIS)))
    width = AXIS + len(values) * slot + BAR_GAP + LABEL_W / 2  # room for the newest label, centred on its bar
    height = TOP + CHART_H + 22
    scale = CHART_H / most
    bars = []
    for index, value in enumerate(values):
        x = AXIS + BAR_GAP + index * slot
        tall = value * scale
        bars.append(f'<rect x="{x:.1f}" y="{TOP + CHART_H - tall:.1f}" width="{bar:.1f}" height="{tall:.1f}" '
                    f'fill="{colour}"/>')
        if (len(values) - 1 - index) % every == 0:  # the newest week always has its label
            bars.append(f'<text x="{x + bar / 2:.1f}" y="{TOP + CHART_H + 14}" font-size="8" text-anchor="middle">'
                        f"{esc(ticks[index])}</text>")
    goal_y = TOP + CHART_H - goal * scale
    return (f'<svg width="{width:.0f}" height="{height}" viewBox="0 0 {width:.0f} {height}" role="img" '
            f'aria-label="{esc(label)} per week">'
            f'<text x="0" y="10" font-size="9">{esc(label)}</text>'
            f'<line x1="{AXIS}" y1="{TOP + CHART_H}" x2="{width:.0f}" y2="{TOP + CHART_H}" stroke="#888"/>'
            + "".join(bars)
            + f'<line x1="{AXIS}" y1="{goal_y:.1f}" x2="{width:.0f}" y2="{goal_y:.1f}" stroke="#c0392b" '
            f'stroke-dasharray="5,3"/><text x="2" y="{goal_y + 3:.1f}" font-size="8">{goal:g}</text>'
            f'<text x="2" y="{TOP + CHART_H + 3}" font-size="8">0</text></svg>')


def _pain(report: Report) -> str:
    points = report.pain
    if not points:
        return "<section><h2>Pain</h2><p>No pain answers in this period.</p></section>"
    width, height, left, top, plot_h = 700, 190, 30, 8, 150
    span = max(1.0, (report.end - report.start).days + 1)

    def x(point) -> float:
        days = (point.when.date() - report.start).days + point.when.hour / 24
        return left + (width - left - 8) * days / span

    def y(score: float) -> float:
        return top + plot_h - plot_h * score / 10

    bands = (f'<rect x="{left}" y="{y(10):.1f}" width="{width - left}" height="{y(5.5) - y(10):.1f}" fill="#f6d5d1"/>'
             f'<rect x="{left}" y="{y(5.5):.1f}" width="{width - left}" height="{y(3.5) - y(5.5):.1f}" fill="#fbeccc"/>'
             f'<rect x="{left}" y="{y(3.5):.1f}" width="{width - left}" height="{y(0) - y(3.5):.1f}" fill="#dcefdc"/>')
    grid = "".join(f'<text x="4" y="{y(score) + 3:.1f}" font-size="8">{score}</text>' for score in (0, 3, 6, 10))
    marks = []
    for point in points:
        if point.before is not None:
            marks.append(f'<circle cx="{x(point):.1f}" cy="{y(point.before):.1f}" r="3" fill="none" stroke="#1f4e99" '
                         'stroke-width="1.4"/>')
        if point.after is not None:
            cx, cy = x(point), y(point.after)
            marks.append(f'<path d="M{cx - 3:.1f},{cy - 3:.1f} L{cx + 3:.1f},{cy + 3:.1f} M{cx - 3:.1f},{cy + 3:.1f} '
                         f'L{cx + 3:.1f},{cy - 3:.1f}" stroke="#b03a2e" stroke-width="1.6"/>')
        if point.next_day_pain is not None:
            cx, cy = x(point) + 6, y(point.next_day_pain)
            marks.append(f'<rect x="{cx - 2.5:.1f}" y="{cy - 2.5:.1f}" width="5" height="5" fill="#555"/>')
    chart = (f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="pain before and after each session">{bands}{grid}{"".join(marks)}'
             f'<text x="{left}" y="{height - 6}" font-size="8">{report.start:%d %b}</text>'
             f'<text x="{width - 8}" y="{height - 6}" font-size="8" text-anchor="end">{report.end:%d %b}</text></svg>')
    mornings = [point for point in points if point.next_day is not None or point.next_day_pain is not None]
    table = ""
    if mornings:
        rows = "".join(f"<tr><td>{point.when:%a %d %b}</td><td>{esc(point.routine)}</td>"
                       f"<td>{esc(point.next_day or '–')}</td>"
                       f"<td class=\"n\">{'' if point.next_day_pain is None else point.next_day_pain}</td></tr>"
                       for point in mornings)
        table = ("<h3>The next morning</h3><table><tr><th>Session</th><th>Routine</th><th>Compared with before</th>"
                 f"<th class=\"n\">Pain</th></tr>{rows}</table>")
    means = (f"Mean pain before sessions {report.pain_before_mean:.1f}" if report.pain_before_mean is not None else "")
    if report.pain_after_mean is not None:
        means += ("; " if means else "") + f"after {report.pain_after_mean:.1f}"
    return ("<section><h2>Pain</h2>" + chart
            + '<p class="legend">○ before a session, × after, ■ the next morning (0 none, 10 worst). Bands: 0–3 '
              "fine, 4–5 caution, 6 and up stop and ask.</p>"
            + (f"<p>{esc(means)} (0–10).</p>" if means else "") + table + "</section>")


def _exercises(report: Report) -> str:
    if not report.exercises:
        return "<section><h2>Exercises</h2><p>No exercises in this period.</p></section>"
    rows = "".join(
        f"<tr><td>{esc(row.name)}</td><td class=\"n\">{row.done}</td><td class=\"n\">{row.completion}%</td>"
        f"<td>{esc(row.first_dose if row.first_dose == row.latest_dose else row.first_dose + ' → ' + row.latest_dose)}"
        f"</td><td class=\"n\">{row.painful or ''}</td></tr>" for row in report.exercises)
    return ('<section class="breaks"><h2>Exercises</h2><table><tr><th>Exercise</th><th class="n">Done</th>'
            '<th class="n">Completion</th><th>Dose delivered (first → latest)</th><th class="n">Painful</th></tr>'
            f"{rows}</table></section>")


def _events(report: Report) -> str:
    if not report.events:
        return "<section><h2>Events</h2><p>No stops, interruptions or program changes in this period.</p></section>"
    rows = "".join(f"<tr><td>{event.when:%a %d %b %H:%M}</td><td>{esc(event.what)}</td><td>{esc(event.detail)}</td>"
                   f"<td>{esc(event.note or '')}</td></tr>" for event in report.events)
    return ("<section><h2>Events</h2><table><tr><th>When</th><th>What</th><th>Detail</th><th>Note or reason</th></tr>"
            f"{rows}</table></section>")


def _notes(report: Report) -> str:
    rows = "".join(f"<tr><td>{when:%a %d %b}</td><td>{esc(routine)}</td><td>{esc(note)}</td></tr>"
                   for when, routine, note in report.notes)
    return f"<section><h2>Notes</h2><table><tr><th>Day</th><th>Routine</th><th>Note</th></tr>{rows}</table></section>"
