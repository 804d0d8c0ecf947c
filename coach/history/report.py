"""The history as text for people: table cells, the week strip, the weekly bar chart. No Textual."""

from __future__ import annotations

import math
from datetime import date, tzinfo
from typing import Sequence

from coach.history.model import StoredExercise, StoredSession
from coach.history.stats import RoutineGoal, Stats, completion, exercise_total, local_start
from coach.routine.durations import format_clock
from coach.safe_text import for_terminal
from coach.session.records import STATUS_MARKS, ExerciseRecord

COLUMNS = ("Date", "Routine", "Duration", "Done", "Pain", "Status")
EXERCISE_COLUMNS = ("#", "Exercise", "Status", "Work", "Planned", "Sets")  # work against planned work
EXERCISE_DROP_ORDER = (5, 0, 4)  # on a narrow screen: sets go first, then the number, then the plan

STATUS_LABELS = {
    "completed": "completed",
    "stopped": "stopped early",
    "pain_stopped": "stopped: pain",
    "interrupted": "interrupted",
    "running": "running",
}
START_HINT = "No sessions yet. Start one with: coach run back-basics  (or record an activity with: coach log)"
CHART_ROWS = 6


def started_text(session: StoredSession, tz: tzinfo | None = None) -> str:
    return f"{local_start(session, tz):%a %Y-%m-%d %H:%M}"


def completion_text(session: StoredSession) -> str:
    share = completion(session)
    return "—" if share is None else f"{round(share * 100)}%"


def pain_text(session: StoredSession) -> str:
    if session.pain_before is None and session.pain_after is None:
        return ""
    before = "–" if session.pain_before is None else str(session.pain_before)
    after = "–" if session.pain_after is None else str(session.pain_after)
    return f"{before} → {after}"


def status_text(session: StoredSession) -> str:
    label = STATUS_LABELS.get(session.status, session.status)
    if session.source == "manual":
        return f"{label} (logged)"
    if session.painful_count and session.status != "pain_stopped":
        return f"{label}, {session.painful_count} painful"
    return label


def session_cells(session: StoredSession, tz: tzinfo | None = None) -> tuple[str, ...]:
    """One row of the sessions table, in COLUMNS order."""
    return (started_text(session, tz), for_terminal(session.routine_name), format_clock(session.active_seconds),
            completion_text(session), pain_text(session), status_text(session))


def session_line(session: StoredSession, tz: tzinfo | None = None) -> str:
    """One session in a line, its id first and its note last: what a correction was made to."""
    line = "  ".join((session.short_id, *session_cells(session, tz)))
    return f"{line}  · {for_terminal(session.note)}" if session.note else line


COMPACT_ROUTINE = 14  # characters of the routine name in a compact row
ROUTINE_WIDEST = 30  # ... and in a full one


def compact_session_cells(session: StoredSession, this_year: int, tz: tzinfo | None = None) -> tuple[str, ...]:
    """session_cells for a narrow table (80 columns): the year only when it is not this one, the routine
    name cut to COMPACT_ROUTINE characters, and a logged activity's status as just "logged"."""
    started = local_start(session, tz)
    when = f"{started:%a %d %b %H:%M}" if started.year == this_year else f"{started:%Y-%m-%d %H:%M}"
    status = "logged" if session.source == "manual" else status_text(session)
    return (when, cut(for_terminal(session.routine_name), COMPACT_ROUTINE), format_clock(session.active_seconds),
            completion_text(session), pain_text(session), status)


def cut(text: str, widest: int) -> str:
    """`text`, ending in "…" when cut to `widest` characters."""
    return text if len(text) <= widest else text[: widest - 1] + "…"


def detail_figures(session: StoredSession) -> str:
    """How a session went, in one line: status, time, exercises done, pain."""
    parts = [status_text(session), f"work {format_clock(session.work_seconds)}",
             f"total {format_clock(session.active_seconds)}"]
    if session.planned_seconds:
        parts[-1] += f" of {format_clock(session.planned_seconds)} planned"
    total = exercise_total(session)
    done = f"{session.done_count} of {total} exercises done"
    if total > session.exercise_count:  # cut short: the rest were never reached
        done += f" ({total - session.exercise_count} not reached)"
    parts.append(done)
    if pain_text(session):
        parts.append(f"pain {pain_text(session)}")
    return " · ".join(parts)


def exercise_cells(exercise: StoredExercise | ExerciseRecord) -> tuple[str, ...]:
    """One row of a session's exercises, in EXERCISE_COLUMNS order: the summary's and the history's.

    Work is the time in holds, reps and durations, against the work planned; a record from before coach
    kept work apart shows its active time against its plan, rests included. Counted reps plan no time:
    "manual"."""
    if exercise.work_seconds is None:
        work, planned = exercise.active_seconds, exercise.planned_seconds
    else:
        work, planned = exercise.work_seconds, exercise.planned_work_seconds or 0.0
    return (str(exercise.position + 1), for_terminal(exercise.name), STATUS_MARKS.get(exercise.status, exercise.status),
            format_clock(work), format_clock(planned) if planned else "manual",
            f"{exercise.sets_completed}/{exercise.set_count}")


def text_table(header: Sequence[str], rows: Sequence[Sequence[str]], widest: int = 32) -> str:
    """Columns padded to their widest cell (cut at `widest` characters), two spaces apart."""
    cells = [[cut(cell, widest) for cell in row] for row in rows]
    widths = [max(len(str(row[index])) for row in [header, *cells]) for index in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in [header, *cells]]
    return "\n".join(lines)


def dots(done: int, goal: int, most: int = 10) -> str:
    """●●○ for 2 of 3; sessions beyond the goal add more filled dots (up to `most` in all)."""
    shown = min(max(done, goal), most)
    filled = min(done, shown)
    return "●" * filled + "○" * (shown - filled)


def week_strip(stats: Stats) -> str:
    """The home screen's one line: "This week ●●○ 2 of 3 · 45 of 90 aerobic min"."""
    week = stats.this_week
    return (f"This week {dots(week.sessions, stats.sessions_goal)} {week.sessions} of {stats.sessions_goal}"
            f" · {week.aerobic_minutes:.0f} of {stats.aerobic_minutes_goal} aerobic min")


def goals_text(stats: Stats) -> str:
    """This week against both goals, one line each."""
    week = stats.this_week
    sessions = f"Sessions   {dots(week.sessions, stats.sessions_goal)} {week.sessions} of {stats.sessions_goal}"
    minutes = f"Aerobic    {week.aerobic_minutes:.0f} of {stats.aerobic_minutes_goal} min"
    if stats.sessions_met:
        sessions += "  ✓ goal met"
    if stats.aerobic_met:
        minutes += "  ✓ goal met"
    return f"This week (from {week.start:%a %d %b})\n{sessions}\n{minutes}"


def routine_goals_text(goals: Sequence[RoutineGoal], width: int | None = None) -> str:
    """Each routine with a weekly goal: "Back basics  2 of 5 this week", a line each.

    Where a line would be wider than `width`, every line drops its " this week" (they sit under the
    "This week" heading), and then long names are cut with "…", so no line wraps or runs off.
    """
    if not goals:
        return ""
    names = [for_terminal(goal.routine) for goal in goals]
    tails = [(f"{goal.done} of {goal.goal}", "  ✓" if goal.met else "") for goal in goals]
    widest_name = max(map(len, names))
    when = " this week"
    if width is not None and widest_name + 2 + max(len(figures + when + met) for figures, met in tails) > width:
        when = ""
    if width is not None:
        widest_name = max(MIN_NAME, min(widest_name, width - 2 - max(len(figures + met) for figures, met in tails)))
    return "\n".join(f"{cut(name, widest_name):<{widest_name}}  {figures}{when}{met}"
                     for name, (figures, met) in zip(names, tails))


MIN_NAME = 8  # a routine's name is never cut shorter than this in the goals column


def streak_text(stats: Stats) -> str:
    goal = stats.sessions_goal
    if stats.streak == 0:
        return f"Streak: none yet. Meet {goal} sessions in a week to start one."
    weeks = "week" if stats.streak == 1 else "weeks"
    return f"Streak: {stats.streak} {weeks} in a row with {goal}+ sessions"


BAR_COLUMNS = (5, 4, 3)  # the widths week_bars can give each week, widest first


def week_bars_width(column: int = 5, weeks: int = 12) -> int:
    """How wide week_bars draws `weeks` weeks of `column` cells each (its title and the last label included)."""
    return max(5 + column * (weeks - 1) + max(column, 5), len("Sessions per week (goal 10 ┄)"))


def week_bars(stats: Stats, rows: int = CHART_ROWS, column: int = 5, weeks: int | None = None) -> str:
    """Sessions per week as bars (oldest left, this week right), the goal as a dotted line.

    `weeks`: only the newest that many (a narrow screen keeps this week and drops the oldest).

    Each row stands for `scale` sessions (1 unless a week has more than `rows`); a half block
    shows a part-filled row. The row of the goal line is full for a week that met the goal, so such a
    week always reaches the line. The axis names 0, the goal and the top. Every other week is labelled
    with its Monday, counting back from this week. Each week is `column` cells wide (3 to 5): a
    two-cell bar and the gap to the next.
    """
    shown = stats.weeks[-weeks:] if weeks else stats.weeks
    counts = [week.sessions for week in shown]
    goal = stats.sessions_goal
    highest = max(*counts, goal, 1)
    scale = math.ceil(highest / rows)
    lines = [f"Sessions per week (goal {goal} ┄)"]
    top = math.ceil(highest / scale)
    for level in range(top, 0, -1):
        value = level * scale
        on_goal = value - scale < goal <= value
        full = goal if on_goal else value  # on the goal's row, meeting the goal fills it
        line = "┄" if on_goal else " "
        cells = []
        for count in counts:
            if count >= full:
                cells.append(f"{line}██{line * (column - 3)}")
            elif count > value - scale:
                cells.append(f"{line}▄▄{line * (column - 3)}")
            else:
                cells.append(line * column)
        label = str(goal) if on_goal else str(value) if level == top else ""
        lines.append(f"{label:>3} {'┤' if on_goal else '│'}{''.join(cells)}".rstrip())
    lines.append("  0 └" + "─" * (column * len(counts)))
    last = len(shown) - 1
    labels = [" "] * (column * len(counts) + 5)
    for index, week in enumerate(shown):
        if (last - index) % 2 == 0:  # each label starts where its week does, over the next week's gap
            labels[index * column: index * column + 5] = f"{week.start:%d/%m}"
    lines.append("     " + "".join(labels).rstrip())
    return "\n".join(lines)


def unavailable_text(problem: str) -> str:
    """What the history screen says instead of "No sessions yet" when the history cannot be read."""
    return (f"Your history is unavailable: {problem.rstrip('. ')}. "
            "Nothing is lost; coach left the file as it was.")


CALENDAR_MARKS = (("✗", "painful or stopped"), ("●", "routine"), ("◆", "aerobic"), ("○", "logged"))


def month_calendar(sessions: Sequence[StoredSession], year: int, month: int, today: date | None = None,
                   tz: tzinfo | None = None) -> str:
    """A month as a calendar, each day with the mark of what was done on it: ✗ a session stopped or
    painful, ● a routine, ◆ aerobic work, ○ another logged activity (the first that applies); · nothing."""
    import calendar

    from datetime import datetime, timedelta, timezone

    marks: dict[int, str] = {}
    rank = {mark: index for index, (mark, _) in enumerate(CALENDAR_MARKS)}
    # A day either side of the month in UTC holds every session of it in any time zone: the rest of ten
    # years of sessions is passed over without a time zone conversion each.
    first = datetime(year, month, 1, tzinfo=timezone.utc) - timedelta(days=1)
    last = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=timezone.utc) + timedelta(days=1)
    for session in sessions:
        if not first <= session.started < last:
            continue
        started = local_start(session, tz)
        if (started.year, started.month) != (year, month):
            continue
        mark = _day_mark(session)
        if mark and (started.day not in marks or rank[mark] < rank[marks[started.day]]):
            marks[started.day] = mark
    lines = [f"{calendar.month_name[month]} {year}".center(20).rstrip(), "Mo Tu We Th Fr Sa Su"]
    for week in calendar.Calendar().monthdayscalendar(year, month):
        cells = []
        for day in week:
            if day == 0:
                cells.append("  ")
            elif day in marks:
                cells.append(f" {marks[day]}")
            elif today is not None and date(year, month, day) > today:
                cells.append(f"{day:>2}")
            else:
                cells.append(" ·")
        lines.append(" ".join(cells).rstrip())
    lines.append("  ".join(f"{mark} {meaning}" for mark, meaning in CALENDAR_MARKS[:2]))
    lines.append("  ".join(f"{mark} {meaning}" for mark, meaning in CALENDAR_MARKS[2:]))
    return "\n".join(lines)


def _day_mark(session: StoredSession) -> str | None:
    if session.status in ("pain_stopped", "stopped") or session.painful_count:
        return "✗"
    if session.source == "manual":
        return "◆" if session.aerobic_seconds else "○"
    if session.aerobic_seconds:
        return "◆"
    return "●" if session.done_count else None


def stage_timeline(decisions: Sequence, tz: tzinfo | None = None) -> str:
    """The program's stage over time, from its recorded decisions (history.program_log.DecisionRecord):
    "Back to activity: stage 1 (Mon 02 Nov) → 2 (Thu 05 Nov) → flare-up (Sun 08 Nov) → 1 (Tue 10 Nov)".
    Only the changes are listed, and the newest program's alone."""
    if not decisions:
        return ""
    program = decisions[-1].program
    steps: list[str] = []
    last = None
    for decision in decisions:
        if decision.program != program:
            steps, last = [], None
            continue
        where = "flare-up" if decision.flare else str(decision.stage)
        if where != last:
            steps.append(f"{where} ({decision.at.astimezone(tz):%a %d %b})")
            last = where
    shown = steps[-STAGE_STEPS_SHOWN:]
    return f"{for_terminal(program)}: stage " + ("… → " if len(shown) < len(steps) else "") + " → ".join(shown)


STAGE_STEPS_SHOWN = 6  # the newest changes of stage the history screen's line has room for
