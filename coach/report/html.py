"""The report as one self-contained HTML page: inline CSS and inline SVG charts, no JavaScript and no URL of
any kind (fonts, images, links), so it opens and prints anywhere, offline. Every outside text goes through
safe_text.for_html; numbers are formatted here."""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta

from coach.report import periods
from coach.report.data import SELF_REPORTED, Report
from coach.safe_text import for_html as esc

CSS = """
@page { margin: 12mm 14mm; }
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
td { overflow-wrap: anywhere; }
td.when { white-space: nowrap; }
td.figure { padding: 1px 4px; width: 1%; }
td.figure svg { margin: 0; }
svg { display: block; margin: 0.3em 0; }
.charts { display: flex; flex-wrap: wrap; column-gap: 18px; }
.legend { color: #555; font-size: 9pt; }
h2, h3 { break-after: avoid-page; }
.charts, svg { break-inside: avoid-page; }
@media print { body { margin: 0; font-size: 9pt; line-height: 1.25; } h2 { margin-top: 0.7em; }
               th, td { padding: 1px 5px; } svg.pain { width: 600px; height: auto; } }
"""

BAR_W, BAR_GAP, CHART_H, AXIS, TOP = 26, 8, 90, 34, 20  # TOP: room for the chart's title above the goal line
CHART_W, LABEL_W = 700, 44  # the widest a chart gets (it fits an A4 page), and the room a label ("Nov 2026") needs
BEFORE, AFTER = "#1f4e99", "#b03a2e"  # pain before a session and after it
SIDE_BY_SIDE_WEEKS = 13  # up to a quarter, the two weekly charts share a row, each half as wide


def render(report: Report, paper: str | None = None) -> str:
    """The page; `paper` ("A4", "letter") fixes the printed page's size, else the browser's paper is used."""
    size = f"@page {{ size: {paper}; }}" if paper else ""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Exercise report {report.start:%Y-%m-%d} to {report.end:%Y-%m-%d}</title>",
        f"<style>{CSS}{size}</style></head><body>",
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
    return (f"<header><h1>{who}{'home' if who else 'Home'} exercise report</h1>"
            f'<p class="made">{esc(report.period)} · made {report.made:%d %b %Y}</p>'
            f'<p class="caveat">{esc(SELF_REPORTED)}.</p></header>')


def _summary(report: Report) -> str:
    items = "".join(f"<li>{esc(line)}</li>" for line in report.summary)
    return f'<section><h2>Summary</h2><ul class="summary">{items}</ul></section>'


def _adherence(report: Report) -> str:
    weeks = report.weeks
    most_sessions = max([report.sessions_goal, *(week.sessions for week in weeks)]) or 1
    most_minutes = max([report.aerobic_goal, *(week.aerobic_minutes for week in weeks)]) or 1
    heading, table_rows = periods.adherence_rows(report)
    rows = "".join(
        f"<tr><td>{row.label}</td><td class=\"n\">{row.sessions}</td><td>{sessions_met}</td>"
        f"<td class=\"n\">{round(row.aerobic_minutes)}</td><td>{aerobic_met}</td></tr>"
        for row in table_rows for sessions_met, aerobic_met in [periods.met_text(row)])
    ticks = [f"{week.monday:%d %b}" if len(weeks) <= 52 else f"{week.monday:%b %Y}" for week in weeks]
    wide = CHART_W if len(weeks) > SIDE_BY_SIDE_WEEKS else (CHART_W - 18) // 2
    return (
        '<section><h2>Adherence by week</h2><div class="charts">'
        + _bars([week.sessions for week in weeks], most_sessions, report.sessions_goal, "sessions", ticks,
                "#3b6fb6", wide)
        + _bars([week.aerobic_minutes for week in weeks], most_minutes, report.aerobic_goal, "aerobic minutes",
                ticks, "#3a9a6a", wide)
        + '</div><p class="legend">Bars: each week (Monday to Sunday); dashed line: the goal.</p>'
        + f"<table><thead><tr><th>{heading}</th><th class=\"n\">Sessions</th>"
        + f"<th>{periods.goal_heading(report, report.sessions_goal)}</th><th class=\"n\">Aerobic min</th>"
        + f"<th>{periods.goal_heading(report, report.aerobic_goal)}</th></tr></thead>"
        + rows + "</table>"
        + (f"<p>{esc(report.reminders)}.</p>" if report.reminders else "") + "</section>")


def _bars(values: list[float], most: float, goal: float, label: str, ticks: list[str], colour: str,
          wide: int = CHART_W) -> str:
    """Bars of a week each, as wide as fits `wide` (26 px at most: a long period gets thin bars), with every
    k-th week labelled so that labels never overlap."""
    slot = min(BAR_W + BAR_GAP, (wide - AXIS - BAR_GAP - LABEL_W / 2) / max(1, len(values)))
    bar = slot * BAR_W / (BAR_W + BAR_GAP)
    every = max(1, math.ceil(len(values) * LABEL_W / (wide - AXIS)))
    width = AXIS + len(values) * slot + BAR_GAP + LABEL_W / 2  # room for the newest label, centred on its bar
    height = TOP + CHART_H + 22
    scale = CHART_H / most
    bars = []
    for index, value in enumerate(values):
        x = AXIS + BAR_GAP + index * slot
        tall = value * scale
        bars.append(f'<rect x="{x:.1f}" y="{TOP + CHART_H - tall:.1f}" width="{bar:.1f}" height="{tall:.1f}" '
                    f'fill="{colour}"/>')
        if bar >= 14:  # room for the week's figure above its bar
            bars.append(f'<text x="{x + bar / 2:.1f}" y="{TOP + CHART_H - tall - 2:.1f}" font-size="8" '
                        f'text-anchor="middle">{round(value)}</text>')
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


PAIN_W, PAIN_H, PAIN_LEFT, PAIN_TOP, PLOT_H = 700, 190, 30, 8, 150


def _pain(report: Report) -> str:
    points = report.pain
    if not points:
        return "<section><h2>Pain</h2><p>No pain answers in this period.</p></section>"
    span = max(1.0, (report.end - report.start).days + 1)

    def x(when: datetime) -> float:
        days = (when.date() - report.start).days + when.hour / 24
        return PAIN_LEFT + (PAIN_W - PAIN_LEFT - 8) * days / span

    if periods.is_dense(report):
        weeks, means = periods.pain_means(report)
        marks = _pain_lines(means, lambda day: x(datetime.combine(day, time(12))))
        legend = (f"Lines: the mean pain before sessions (blue, ○) and after (red, ×) in each "
                  f"{periods.span_words(weeks)}, from {len(points)} sessions with pain answers (0 none, 10 worst). ")
    else:
        marks = _pain_marks(points, x)
        legend = "○ before a session, × after, ■ the next morning (0 none, 10 worst). "
    mornings = [point for point in points if point.next_day is not None or point.next_day_pain is not None]
    table = ""
    if mornings:
        rows = "".join(f"<tr><td class=\"when\">{point.when.strftime(periods.day_format(report))}</td>"
                       f"<td>{esc(point.routine)}</td>"
                       f"<td>{esc(point.next_day or '–')}</td>"
                       f"<td class=\"n\">{'' if point.next_day_pain is None else point.next_day_pain}</td></tr>"
                       for point in mornings)
        table = ("<h3>The next morning</h3><table><thead><tr><th>Session</th><th>Routine</th>"
                 f"<th>Compared with before</th><th class=\"n\">Pain</th></tr></thead>{rows}</table>")
    means = (f"Mean pain before sessions {report.pain_before_mean:.1f}" if report.pain_before_mean is not None else "")
    if report.pain_after_mean is not None:
        means += ("; " if means else "") + f"after {report.pain_after_mean:.1f}"
    return ("<section><h2>Pain</h2>" + _pain_chart(report, marks)
            + f'<p class="legend">{legend}Bands: 0–3 fine, 4–5 caution, 6 and up stop and ask.</p>'
            + (f"<p>{esc(means)} (0–10).</p>" if means else "") + table + "</section>")


def _pain_y(score: float) -> float:
    return PAIN_TOP + PLOT_H - PLOT_H * score / 10


def _pain_chart(report: Report, marks: list[str]) -> str:
    y = _pain_y
    bands = (f'<rect x="{PAIN_LEFT}" y="{y(10):.1f}" width="{PAIN_W - PAIN_LEFT}" height="{y(5.5) - y(10):.1f}" '
             'fill="#f6d5d1"/>'
             f'<rect x="{PAIN_LEFT}" y="{y(5.5):.1f}" width="{PAIN_W - PAIN_LEFT}" height="{y(3.5) - y(5.5):.1f}" '
             'fill="#fbeccc"/>'
             f'<rect x="{PAIN_LEFT}" y="{y(3.5):.1f}" width="{PAIN_W - PAIN_LEFT}" height="{y(0) - y(3.5):.1f}" '
             'fill="#dcefdc"/>')
    grid = "".join(f'<text x="4" y="{y(score) + 3:.1f}" font-size="8">{score}</text>' for score in (0, 3, 6, 10))
    return (f'<svg class="pain" width="{PAIN_W}" height="{PAIN_H}" viewBox="0 0 {PAIN_W} {PAIN_H}" role="img" '
            f'aria-label="pain before and after sessions">{bands}{grid}{"".join(marks)}{_pain_ticks(report)}</svg>')


def _pain_ticks(report: Report) -> str:
    """Dates under the pain chart: Mondays ("02 Nov") up to a year, else the first of months ("Nov 2026"), every
    k-th so that labels never overlap."""
    span = (report.end - report.start).days + 1
    if span <= 366:
        days = [report.start + timedelta(days=offset) for offset in range(span)]
        marks = [(day, f"{day:%d %b}") for day in days if day.weekday() == 0]
    else:
        marks = []
        month = date(report.start.year, report.start.month, 1)
        while month <= report.end:
            if month >= report.start:
                marks.append((month, f"{month:%b %Y}"))
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    wide = PAIN_W - PAIN_LEFT - 8
    every = max(1, math.ceil(len(marks) * 48 / wide))
    parts = []
    for day, label in marks[::every]:
        x = PAIN_LEFT + wide * (day - report.start).days / span
        parts.append(f'<line x1="{x:.1f}" y1="{PAIN_TOP + PLOT_H}" x2="{x:.1f}" y2="{PAIN_TOP + PLOT_H + 4}" '
                     f'stroke="#888"/><text x="{x:.1f}" y="{PAIN_H - 14}" font-size="8" text-anchor="middle">'
                     f"{label}</text>")
    return "".join(parts)


def _circle(cx: float, cy: float) -> str:
    return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3" fill="none" stroke="{BEFORE}" stroke-width="1.4"/>'


def _cross(cx: float, cy: float) -> str:
    return (f'<path d="M{cx - 3:.1f},{cy - 3:.1f} L{cx + 3:.1f},{cy + 3:.1f} M{cx - 3:.1f},{cy + 3:.1f} '
            f'L{cx + 3:.1f},{cy - 3:.1f}" stroke="{AFTER}" stroke-width="1.6"/>')


def _pain_marks(points, x) -> list[str]:
    """A mark per answer: ○ before, × after, ■ the next morning (beside the session's)."""
    marks = []
    for point in points:
        if point.before is not None:
            marks.append(_circle(x(point.when), _pain_y(point.before)))
        if point.after is not None:
            marks.append(_cross(x(point.when), _pain_y(point.after)))
        if point.next_day_pain is not None:
            cx, cy = x(point.when) + 6, _pain_y(point.next_day_pain)
            marks.append(f'<rect x="{cx - 2.5:.1f}" y="{cy - 2.5:.1f}" width="5" height="5" fill="#555"/>')
    return marks


def _pain_lines(means, x) -> list[str]:
    """Two lines through the means over each span (at its middle day): before, and after, with their marks."""
    marks = []
    for field, colour, mark in (("before", BEFORE, _circle), ("after", AFTER, _cross)):
        spots = [(x(mean.first + (mean.last - mean.first) / 2), _pain_y(getattr(mean, field)))
                 for mean in means if getattr(mean, field) is not None]
        if len(spots) > 1:
            path = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in spots)
            marks.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.2"/>')
        marks.extend(mark(cx, cy) for cx, cy in spots)
    return marks


def _exercises(report: Report) -> str:
    if not report.exercises:
        return "<section><h2>Exercises</h2><p>No exercises in this period.</p></section>"
    rows = "".join(
        f"<tr><td class=\"figure\">{_figure(row)}</td>"
        f"<td>{esc(row.name)}</td><td class=\"n\">{row.done}</td><td class=\"n\">{row.completion}%</td>"
        f"<td>{esc(row.first_dose if row.first_dose == row.latest_dose else row.first_dose + ' → ' + row.latest_dose)}"
        f"</td><td class=\"n\">{row.painful or ''}</td></tr>" for row in report.exercises)
    return ('<section><h2>Exercises</h2><table><thead><tr><th></th><th>Exercise</th><th class="n">Done</th>'
            '<th class="n">Completion</th><th>Dose delivered (first → latest)</th><th class="n">Painful</th></tr></thead>'
            f"{rows}</table></section>")


FIGURE_HEIGHT = 20  # px: a picture of the exercise keeps its table row low


def _figure(row) -> str:
    """The exercise's picture (coach's own drawing, no outside text in it), in its held or end position: the pose its
    routine's `pose:` names, else the one its name matches; "" when coach has none."""
    from coach.pictures.library import for_exercise, poses
    from coach.pictures.render import to_svg

    pose = poses().get(row.pose) if row.pose else for_exercise(row.name, row.kind)
    return to_svg(pose, len(pose.frames) - 1, height=FIGURE_HEIGHT) if pose is not None else ""


def _events(report: Report) -> str:
    if not report.events:
        return "<section><h2>Events</h2><p>No stops, interruptions or program changes in this period.</p></section>"
    day = periods.day_format(report) + " %H:%M"
    rows = "".join(f"<tr><td class=\"when\">{event.when.strftime(day)}</td><td class=\"when\">{esc(event.what)}</td>"
                   f"<td>{esc(event.detail)}</td>"
                   f"<td>{esc(event.note or '')}</td></tr>" for event in report.events)
    return ("<section><h2>Events</h2><table><thead><tr><th>When</th><th>What</th><th>Detail</th><th>Note or reason</th></tr></thead>"
            f"{rows}</table></section>")


def _notes(report: Report) -> str:
    rows = "".join(f"<tr><td class=\"when\">{when.strftime(periods.day_format(report))}</td>"
                   f"<td class=\"when\">{esc(routine)}</td><td>{esc(note)}</td></tr>"
                   for when, routine, note in report.notes)
    return ('<section><h2>Notes</h2><p class="legend">Notes written on a session listed under Events are shown there, beside it.</p>'
            f"<table><thead><tr><th>Day</th><th>Routine</th><th>Note</th></tr></thead>{rows}</table></section>")
