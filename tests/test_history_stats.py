"""Weekly goals, streaks, completion and the text forms of the history: pure functions, fixed dates."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta, timezone

import pytest

from coach.history.model import StoredSession
from coach.history.report import (
    detail_figures,
    dots,
    goals_text,
    pain_text,
    routine_goals_text,
    session_cells,
    streak_text,
    week_bars,
    week_strip,
)
from coach.history.stats import (
    RoutineGoal,
    WEEKS_SHOWN,
    completion,
    compute,
    counts_toward_goal,
    matches_routine,
    pain_points,
    routine_goals,
    routine_names,
    week_of,
    week_start_time,
)

UTC = timezone.utc
BERLIN_SUMMER = timezone(timedelta(hours=2))
TODAY = date(2024, 6, 5)  # a Wednesday; its week starts on Monday 3 June
_ids = itertools.count(1)


def session(started: datetime, status: str = "completed", done: int = 5, count: int = 5, **fields) -> StoredSession:
    number = next(_ids)
    defaults = dict(id=number, uuid=f"uuid-{number}", routine_name="Back basics", started=started, status=status,
                    source="guided", exercise_count=count, done_count=done)
    return StoredSession(**{**defaults, **fields})


def at(day: date, hour: int = 8, tz=UTC) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=tz)


def weekly(weeks_back: int, sessions: int, day_in_week: int = 1) -> list[StoredSession]:
    """`sessions` completed sessions in the week `weeks_back` weeks before this one."""
    monday = week_of(TODAY) - timedelta(weeks=weeks_back)
    return [session(at(monday + timedelta(days=day_in_week), hour=8 + n)) for n in range(sessions)]


# -- which sessions count ---------------------------------------------------------------

@pytest.mark.parametrize(("status", "done", "counts"), [
    ("completed", 5, True),
    ("completed", 0, False),  # ran to the end with every exercise skipped: nothing was done
    ("stopped", 1, True),
    ("stopped", 0, False),
    ("pain_stopped", 2, True),
    ("pain_stopped", 0, False),
    ("interrupted", 3, True),
    ("interrupted", 0, False),
    ("running", 4, False),
])
def test_a_session_counts_when_over_with_an_exercise_done(status, done, counts):
    assert counts_toward_goal(session(at(TODAY), status=status, done=done)) is counts


def test_a_manual_log_entry_counts_toward_the_sessions_goal():
    logged = session(at(TODAY), source="manual", count=1, done=1)
    assert compute([logged], TODAY).this_week.sessions == 1


def test_completed_sessions_with_every_exercise_skipped_count_toward_neither_the_goal_nor_the_streak():
    skipped_through = [session(each.started, done=0) for each in weekly(0, 3) + weekly(1, 3)]
    stats = compute(skipped_through, TODAY, sessions_goal=3, tz=UTC)
    assert (stats.this_week.sessions, stats.weeks[-2].sessions, stats.streak) == (0, 0, 0)
    one_done = [session(each.started, done=1) for each in weekly(0, 3) + weekly(1, 3)]
    assert compute(one_done, TODAY, sessions_goal=3, tz=UTC).streak == 2


def test_completion_is_done_exercises_over_exercises():
    assert completion(session(at(TODAY), done=3, count=4)) == 0.75


def test_completion_counts_exercises_never_reached_as_not_done():
    cut_short = session(at(TODAY), status="interrupted", done=2, count=2, exercise_total=5)
    assert completion(cut_short) == 0.4
    assert session_cells(cut_short, UTC)[3] == "40%"
    assert detail_figures(cut_short).split(" · ")[3] == "2 of 5 exercises done (3 not reached)"


def test_completion_without_a_known_total_uses_the_exercises_recorded():
    assert completion(session(at(TODAY), done=2, count=4, exercise_total=0)) == 0.5
    assert detail_figures(session(at(TODAY), done=2, count=4)).split(" · ")[3] == "2 of 4 exercises done"


def test_completion_of_a_session_without_exercises_is_none():
    assert completion(session(at(TODAY), done=0, count=0)) is None


# -- weeks ------------------------------------------------------------------------------

def test_weeks_start_on_monday():
    assert week_of(date(2024, 6, 9)) == date(2024, 6, 3)  # Sunday
    assert week_of(date(2024, 6, 10)) == date(2024, 6, 10)  # Monday


def test_a_sunday_night_session_belongs_to_its_local_week_not_the_utc_one():
    # 00:30 on Monday 3 June in Berlin is still Sunday 2 June in UTC.
    monday_night = session(datetime(2024, 6, 3, 0, 30, tzinfo=BERLIN_SUMMER))
    assert compute([monday_night], TODAY, tz=BERLIN_SUMMER).this_week.sessions == 1
    assert compute([monday_night], TODAY, tz=UTC).this_week.sessions == 0


def test_week_start_time_is_local_midnight_on_monday():
    assert week_start_time(TODAY, BERLIN_SUMMER) == datetime(2024, 6, 3, tzinfo=BERLIN_SUMMER)
    assert week_start_time(TODAY).date() == date(2024, 6, 3)
    assert week_start_time(TODAY).tzinfo is not None


def test_this_week_counts_sessions_from_monday_on():
    sessions = [session(at(date(2024, 6, 2))), session(at(date(2024, 6, 3))), session(at(date(2024, 6, 5)))]
    stats = compute(sessions, TODAY, tz=UTC)
    assert stats.this_week.start == date(2024, 6, 3)
    assert stats.this_week.sessions == 2


def test_aerobic_minutes_add_up_aerobic_exercise_time_of_the_week_whatever_the_status():
    sessions = [
        session(at(date(2024, 6, 3)), aerobic_seconds=600),
        session(at(date(2024, 6, 4)), status="stopped", done=0, aerobic_seconds=90),
        session(at(date(2024, 6, 4)), source="manual", count=1, done=1, aerobic_seconds=1800),
        session(at(date(2024, 5, 31)), aerobic_seconds=3000),  # last week
    ]
    assert compute(sessions, TODAY, tz=UTC).this_week.aerobic_minutes == 41.5


def test_goals_are_met_when_reached():
    sessions = weekly(0, 3)
    sessions[0] = session(sessions[0].started, aerobic_seconds=90 * 60)
    stats = compute(sessions, TODAY, sessions_goal=3, aerobic_minutes_goal=90, tz=UTC)
    assert (stats.sessions_met, stats.aerobic_met) == (True, True)


def test_sessions_per_week_cover_the_last_twelve_weeks_oldest_first():
    sessions = weekly(0, 2) + weekly(1, 4) + weekly(11, 1) + weekly(12, 5)
    stats = compute(sessions, TODAY, tz=UTC)
    assert len(stats.weeks) == WEEKS_SHOWN
    assert stats.weeks[0].start == date(2024, 3, 18)
    assert stats.weeks[-1].start == date(2024, 6, 3)
    assert [week.sessions for week in stats.weeks] == [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 2]


# -- streaks ----------------------------------------------------------------------------

def test_streak_counts_this_week_when_its_goal_is_met():
    sessions = weekly(0, 3) + weekly(1, 3) + weekly(2, 4) + weekly(4, 3)
    assert compute(sessions, TODAY, sessions_goal=3, tz=UTC).streak == 3


def test_streak_starts_from_last_week_while_this_week_is_not_met_yet():
    sessions = weekly(0, 1) + weekly(1, 3) + weekly(2, 3)
    assert compute(sessions, TODAY, sessions_goal=3, tz=UTC).streak == 2


def test_a_week_below_the_goal_ends_the_streak():
    sessions = weekly(1, 3) + weekly(2, 2) + weekly(3, 3)
    assert compute(sessions, TODAY, sessions_goal=3, tz=UTC).streak == 1


@pytest.mark.parametrize("goal", [0, -1])
def test_a_goal_below_one_never_counts_back_past_the_first_session(goal):
    """Every week meets such a goal (the settings never give one, but the streak must still end): the streak is
    the weeks from the first session's to this one."""
    sessions = weekly(0, 1) + weekly(3, 2)
    assert compute(sessions, TODAY, sessions_goal=goal, tz=UTC).streak == 4
    assert compute([], TODAY, sessions_goal=goal, tz=UTC).streak == 1


def test_no_history_means_no_streak_and_empty_weeks():
    stats = compute([], TODAY)
    assert stats.streak == 0
    assert stats.this_week.sessions == 0
    assert [week.sessions for week in stats.weeks] == [0] * WEEKS_SHOWN


def test_the_streak_reaches_back_beyond_the_weeks_shown():
    sessions = [each for back in range(20) for each in weekly(back, 3)]
    assert compute(sessions, TODAY, sessions_goal=3, tz=UTC).streak == 20


# -- pain -------------------------------------------------------------------------------

def test_pain_points_cover_the_last_90_days_oldest_first_and_skip_sessions_without_scores():
    oldest_kept = session(at(TODAY - timedelta(days=89)), pain_before=4, pain_after=3)
    too_old = session(at(TODAY - timedelta(days=90)), pain_before=6, pain_after=6)
    no_scores = session(at(TODAY - timedelta(days=3)))
    after_only = session(at(TODAY), pain_after=2)
    points = pain_points([after_only, no_scores, too_old, oldest_kept], TODAY, tz=UTC)
    assert [(point.session_id, point.before, point.after) for point in points] == [
        (oldest_kept.id, 4, 3), (after_only.id, None, 2)]


# -- routines ---------------------------------------------------------------------------

def test_a_routine_matches_by_name_or_file_name_ignoring_case():
    basics = session(at(TODAY), routine_file="/home/me/routines/back-basics.yaml")
    assert matches_routine(basics, "back basics")
    assert matches_routine(basics, "BACK-BASICS")
    assert not matches_routine(basics, "gentle-5")


def test_routine_names_are_sorted_without_repeats():
    sessions = [session(at(TODAY), routine_name=name) for name in ("gentle", "Back basics", "gentle", "Cardio")]
    assert routine_names(sessions) == ["Back basics", "Cardio", "gentle"]


# -- text -------------------------------------------------------------------------------

def test_week_strip_shows_dots_sessions_and_aerobic_minutes():
    sessions = weekly(0, 2)
    sessions[0] = session(sessions[0].started, aerobic_seconds=45 * 60)
    stats = compute(sessions, TODAY, sessions_goal=3, aerobic_minutes_goal=90, tz=UTC)
    assert week_strip(stats) == "This week ●●○ 2 of 3 · 45 of 90 aerobic min"


def test_dots_grow_past_the_goal_up_to_ten():
    assert dots(0, 3) == "○○○"
    assert dots(4, 3) == "●●●●"
    assert dots(14, 3) == "●" * 10


def test_goals_text_marks_a_goal_met():
    stats = compute(weekly(0, 3), TODAY, sessions_goal=3, aerobic_minutes_goal=90, tz=UTC)
    assert goals_text(stats) == (
        "This week (from Mon 03 Jun)\n"
        "Sessions   ●●● 3 of 3  ✓ goal met\n"
        "Aerobic    0 of 90 min"
    )


def test_streak_text_says_how_to_start_one():
    assert streak_text(compute([], TODAY)) == "Streak: none yet. Meet 3 sessions in a week to start one."
    stats = compute(weekly(1, 3) + weekly(2, 3), TODAY, tz=UTC)
    assert streak_text(stats) == "Streak: 2 weeks in a row with 3+ sessions"


def test_session_cells_show_date_routine_duration_completion_pain_and_status():
    stopped = session(datetime(2024, 6, 4, 7, 5, tzinfo=UTC), status="pain_stopped", done=2, count=8,
                      active_seconds=754.4, pain_before=3, pain_after=5, painful_count=1)
    assert session_cells(stopped, UTC) == ("Tue 2024-06-04 07:05", "Back basics", "12:34", "25%", "3 → 5",
                                           "stopped: pain")


def test_pain_text_shows_a_missing_score_as_a_dash():
    assert pain_text(session(at(TODAY), pain_after=2)) == "– → 2"
    assert pain_text(session(at(TODAY))) == ""


def test_week_bars_draw_each_week_with_the_goal_line():
    sessions = weekly(0, 1) + weekly(1, 3) + weekly(2, 4)
    chart = week_bars(compute(sessions, TODAY, sessions_goal=3, tz=UTC))
    # Column i is 5 wide from character 5 + 5 * i; its bar is the 2nd and 3rd characters.
    assert chart.splitlines() == [
        "Sessions per week (goal 3 ┄)",
        "  4 │" + " " * 46 + "██",
        "  3 ┤" + "┄" * 46 + "██" + "┄" * 3 + "██" + "┄" * 7,
        "    │" + " " * 46 + "██   ██",
        "    │" + " " * 46 + "██   ██   ██",
        "  0 └" + "─" * 60,
        "          25/03     08/04     22/04     06/05     20/05     03/06",
    ]


def test_routine_goals_count_this_weeks_sessions_of_each_routine_that_has_been_done():
    sessions = [session(at(TODAY), routine_name="Back basics"), session(at(TODAY - timedelta(days=1)), routine_name="back basics"),
                session(at(TODAY - timedelta(days=8)), routine_name="Gentle 5"),
                session(at(TODAY), routine_name="Back basics", done=0, status="completed")]  # nothing done: not counted
    goals = routine_goals(sessions, {"Back basics": 5, "Gentle 5": 3, "Desk break": 10}, TODAY, UTC)
    assert [(goal.routine, goal.done, goal.goal, goal.met) for goal in goals] == [
        ("Back basics", 2, 5, False), ("Gentle 5", 0, 3, False)]  # Desk break never done: left out
    assert routine_goals_text(goals).splitlines() == ["Back basics  2 of 5 this week", "Gentle 5     0 of 3 this week"]


def test_routine_goal_lines_fit_the_column_by_dropping_this_week_then_cutting_long_names():
    goals = [RoutineGoal("Back basics", 2, 5), RoutineGoal("Low-impact cardio", 4, 4),
             RoutineGoal("Morning mobility for desk workers", 0, 3)]
    assert routine_goals_text(goals, width=80).splitlines()[0] == "Back basics                        2 of 5 this week"
    narrow = routine_goals_text(goals, width=30).splitlines()
    assert narrow == ["Back basics          2 of 5", "Low-impact cardio    4 of 4  ✓", "Morning mobility f…  0 of 3"]
    assert all(len(line) <= 30 for line in narrow)
    assert routine_goals_text(goals[:2], width=38).splitlines()[1] == "Low-impact cardio  4 of 4 this week  ✓"


def test_a_week_that_meets_the_goal_reaches_the_goal_line_when_rows_stand_for_two_sessions():
    sessions = weekly(0, 3) + weekly(1, 8)  # 8 sessions: each row stands for 2, and the goal (3) is inside a row
    lines = week_bars(compute(sessions, TODAY, sessions_goal=3, tz=UTC)).splitlines()
    [goal_row] = [line for line in lines if "┤" in line]
    assert goal_row.startswith("  3 ┤")
    this_week = 5 + 5 * 11 + 1  # this week's bar, in the last column
    assert goal_row[this_week:this_week + 2] == "██"  # 3 of 3: a full block on the goal line, not a half one
    labels = [line[:3].strip() for line in lines[1:-1]]
    assert [label for label in labels if label] == ["8", "3", "0"]  # the top, the goal and 0


def test_the_month_calendar_marks_each_day_by_what_was_done():
    from coach.history.report import month_calendar

    june = date(2024, 6, 5)
    sessions = [session(datetime(2024, 6, 3, 8, tzinfo=UTC)),
                session(datetime(2024, 6, 4, 8, tzinfo=UTC), status="pain_stopped"),
                session(datetime(2024, 6, 4, 18, tzinfo=UTC)),  # the same day: the stop is what shows
                session(datetime(2024, 6, 1, 8, tzinfo=UTC), source="manual", aerobic_seconds=1800),
                session(datetime(2024, 6, 2, 8, tzinfo=UTC), source="manual"),
                session(datetime(2024, 5, 31, 8, tzinfo=UTC))]  # another month
    lines = month_calendar(sessions, 2024, 6, today=june, tz=UTC).splitlines()
    assert lines[:4] == ["     June 2024", "Mo Tu We Th Fr Sa Su", "                ◆  ○", " ●  ✗  ·  6  7  8  9"]
    assert "✗ painful or stopped" in lines[-2] and "◆ aerobic" in lines[-1]
