"""Long periods, summed up for reading: the adherence table by month beyond half a year, and the pain answers as
means over weeks when there are too many to tell apart as points. Both renderers use these, so the HTML page and
the Markdown say the same."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from coach.report.data import Report

TABLE_WEEKS = 26  # up to half a year the adherence table has a row a week; longer, a row a month
DENSE_PAIN = 120  # more sessions with pain answers than this are shown as means over weeks
MOST_MEANS = 80  # … with at most this many means across the chart
BUCKET_WEEKS = (1, 2, 4, 8, 13, 26, 52)  # the spans a mean may cover, the shortest that keeps to MOST_MEANS


@dataclass(frozen=True)
class AdherenceRow:
    label: str  # "05 Oct" (the week's Monday) or "Oct 2026"
    sessions: int
    aerobic_minutes: float
    weeks: int  # the weeks in the row (their Mondays in it)
    sessions_met: int  # of those, the weeks that met the sessions goal
    aerobic_met: int
    partial: bool = False  # a week the period starts or ends inside


def goal_heading(report: Report, goal: int) -> str:
    """The goal column's heading: "Goal (3)" a week; "Weeks at goal (3)" in a table by month."""
    return f"Goal ({goal})" if len(report.weeks) <= TABLE_WEEKS else f"Weeks at goal ({goal})"


def adherence_rows(report: Report) -> tuple[str, tuple[AdherenceRow, ...]]:
    """The adherence table's first heading ("Week of" or "Month") and its rows."""
    if len(report.weeks) <= TABLE_WEEKS:
        return "Week of", tuple(AdherenceRow(week.label, week.sessions, week.aerobic_minutes, 1,
                                             int(week.sessions_met), int(week.aerobic_met), week.partial)
                                for week in report.weeks)
    months: dict[tuple[int, int], list] = {}
    for week in report.weeks:
        months.setdefault((week.monday.year, week.monday.month), []).append(week)
    return "Month", tuple(
        AdherenceRow(f"{date(year, month, 1):%b %Y}", sum(week.sessions for week in weeks),
                     sum(week.aerobic_minutes for week in weeks), len(weeks),
                     sum(week.sessions_met for week in weeks), sum(week.aerobic_met for week in weeks))
        for (year, month), weeks in months.items())


def met_text(row: AdherenceRow) -> tuple[str, str]:
    """The table's goal cells: "met" or "not met" for a week, "3 of 4" weeks for a month."""
    if row.weeks == 1:
        missed = "part week" if row.partial else "not met"  # a week the period cuts is not missed
        return ("met" if row.sessions_met else missed), ("met" if row.aerobic_met else missed)
    return f"{row.sessions_met} of {row.weeks}", f"{row.aerobic_met} of {row.weeks}"


@dataclass(frozen=True)
class PainMean:
    first: date  # the span's first day (a Monday, or the period's start)
    last: date
    sessions: int  # sessions with a pain answer in the span
    before: float | None
    after: float | None


def is_dense(report: Report) -> bool:
    return len(report.pain) > DENSE_PAIN


def pain_means(report: Report) -> tuple[int, tuple[PainMean, ...]]:
    """The weeks each mean covers, and the means before and after sessions over each such span that has a
    pain answer, oldest first."""
    weeks = max(1, len(report.weeks))
    span = next((size for size in BUCKET_WEEKS if math.ceil(weeks / size) <= MOST_MEANS), BUCKET_WEEKS[-1])
    first_monday = report.start - timedelta(days=report.start.weekday())
    buckets: dict[int, list] = {}
    for point in report.pain:
        buckets.setdefault((point.when.date() - first_monday).days // (7 * span), []).append(point)
    means = []
    for index in sorted(buckets):
        points = buckets[index]
        befores = [point.before for point in points if point.before is not None]
        afters = [point.after for point in points if point.after is not None]
        first = max(report.start, first_monday + timedelta(weeks=index * span))
        last = min(report.end, first_monday + timedelta(weeks=(index + 1) * span, days=-1))
        means.append(PainMean(first, last, len(points), statistics.fmean(befores) if befores else None,
                              statistics.fmean(afters) if afters else None))
    return span, tuple(means)


def span_words(weeks: int) -> str:
    return "week" if weeks == 1 else f"{weeks} weeks"


def day_format(report: Report) -> str:
    """strftime for a day in the report's tables: with the year when the period spans more than one."""
    return "%a %d %b" if report.start.year == report.end.year else "%a %d %b %Y"
