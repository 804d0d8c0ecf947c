"""The history screen, driven with Pilot on fixed data and a fixed `today`."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from textual.app import App
from textual.widgets import DataTable, Static
from textual_plotext import PlotextPlot

from coach.history.model import StoredExercise, StoredSession
from coach.history.store import HistoryStore, HistoryUnavailable
from coach.settings import Settings
from coach.tui.history_app import HistoryApp
from tests.helpers import wait_for_screen
from coach.tui.screens.history import HistoryData, HistoryScreen, SessionDetailScreen

UTC = timezone.utc
TODAY = date(2024, 6, 5)  # Wednesday; the week began Monday 3 June
SIZE = (120, 40)


def stored(number: int, day: date, routine: str = "Back basics", status: str = "completed", done: int = 4,
           count: int = 4, **fields) -> StoredSession:
    started = datetime(day.year, day.month, day.day, 7, 30, tzinfo=UTC)
    return StoredSession(id=number, uuid=f"uuid-{number}", routine_name=routine, started=started, status=status,
                         source="guided", planned_seconds=600, active_seconds=540, work_seconds=420,
                         exercise_count=count,
                         done_count=done, **fields)


def moves(number: int, statuses: list[str]) -> list[StoredExercise]:
    return [StoredExercise(position, name, "Core", "main", status, 60.0, 60.0 if status == "done" else 20.0,
                           1 if status == "done" else 0, 1)
            for position, (name, status) in enumerate(zip(["Bridge", "Plank", "Bird dog", "Side plank"], statuses))]


@pytest.fixture
def data() -> HistoryData:
    sessions = [
        stored(1, date(2024, 5, 21)), stored(2, date(2024, 5, 22)), stored(3, date(2024, 5, 24)),  # 2 weeks back: 3
        stored(4, date(2024, 5, 28), routine="Gentle 5", pain_before=5, pain_after=3),
        stored(5, date(2024, 5, 29)), stored(6, date(2024, 5, 31), aerobic_seconds=1200),  # last week: 3
        stored(7, date(2024, 6, 3), status="pain_stopped", done=2, painful_count=1, pain_before=3, pain_after=6,
               note="bird dog pinched"),
        stored(8, date(2024, 6, 4), routine="Gentle 5", aerobic_seconds=1500),
    ]
    exercises = {7: moves(7, ["done", "done", "pain", "skipped"])}
    return HistoryData(sessions, exercises)


async def ready(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


def rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


@pytest.mark.pilot
async def test_the_screen_shows_this_week_against_the_goals_and_the_streak(data):
    app = HistoryApp(data, Settings(weekly_sessions_goal=3, weekly_aerobic_minutes_goal=90), today=TODAY, tz=UTC)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = app.screen
        assert text(screen, "#week-goals") == ("This week (from Mon 03 Jun)\nSessions   ●●○ 2 of 3\n"
                                               "Aerobic    25 of 90 min")
        assert text(screen, "#streak") == "Streak: 2 weeks in a row with 3+ sessions"
        bars = text(screen, "#week-bars").splitlines()
        assert bars[0] == "Sessions per week (goal 3 ┄)"
        assert bars[1] == "  3 ┤" + "┄" * 46 + "██" + "┄" * 3 + "██" + "┄" * 7


@pytest.mark.pilot
async def test_the_table_lists_sessions_newest_first_with_completion_pain_and_status(data):
    async with HistoryApp(data, Settings(), today=TODAY, tz=UTC).run_test(size=SIZE) as pilot:
        await ready(pilot)
        table = pilot.app.screen.query_one("#history-sessions", DataTable)
        assert table.row_count == 8
        assert rows(table)[:2] == [
            ["Tue 2024-06-04 07:30", "Gentle 5", "9:00", "100%", "", "completed"],
            ["Mon 2024-06-03 07:30", "Back basics", "9:00", "50%", "3 → 6", "stopped: pain"],
        ]


@pytest.mark.pilot
async def test_the_pain_chart_plots_the_last_90_days(data):
    async with HistoryApp(data, Settings(), today=TODAY, tz=UTC).run_test(size=SIZE) as pilot:
        await ready(pilot)
        chart = str(pilot.app.screen.query_one("#pain-chart", PlotextPlot).render())
        assert "Pain before and after each session, last 90 days" in chart
        assert "today" in chart
        assert "before" in chart and "after" in chart


@pytest.mark.pilot
async def test_enter_shows_the_sessions_exercises_with_the_painful_one(data):
    async with HistoryApp(data, Settings(), today=TODAY, tz=UTC).run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("down", "enter")
        await ready(pilot)
        detail = pilot.app.screen
        assert isinstance(detail, SessionDetailScreen)
        assert text(detail, "#detail-title") == "Mon 2024-06-03 07:30 · Back basics"
        assert text(detail, "#detail-figures") == ("stopped: pain · work 7:00 · total 9:00 of 10:00 planned · 2 of 4 "
                                                   "exercises done · pain 3 → 6")
        assert text(detail, "#detail-note") == "Note: bird dog pinched"
        assert [row[1:3] for row in rows(detail.query_one("#session-exercises", DataTable))] == [
            ["Bridge", "✓ done"], ["Plank", "✓ done"], ["Bird dog", "✗ painful"], ["Side plank", "– skipped"]]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HistoryScreen)


@pytest.mark.pilot
async def test_f_opens_a_list_to_type_into_and_enter_shows_that_routine(data):
    from coach.tui.screens.filter import FilterScreen

    async with HistoryApp(data, Settings(), today=TODAY, tz=UTC).run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = pilot.app.screen
        table = screen.query_one("#history-sessions", DataTable)
        await pilot.press("f")
        chooser = await wait_for_screen(pilot, FilterScreen)
        assert chooser.query_one("#filter-choices").option_count == 3  # all, and the two routines
        await pilot.press("g", "e", "n")  # narrows to Gentle 5
        await pilot.pause()
        assert chooser.query_one("#filter-choices").option_count == 1
        await pilot.press("enter")
        await wait_for_screen(pilot, HistoryScreen)
        assert (text(screen, "#routine-filter").splitlines()[0], table.row_count) == ("Routine: Gentle 5 · 2 sessions", 2)
        assert text(screen, "#streak") == "Streak: 2 weeks in a row with 3+ sessions"  # goals stay for everything
        await pilot.press("f")
        await wait_for_screen(pilot, FilterScreen)
        await pilot.press("escape")  # back: nothing changes
        await wait_for_screen(pilot, HistoryScreen)
        assert table.row_count == 2
        await pilot.press("f")
        await wait_for_screen(pilot, FilterScreen)
        await pilot.press("up", "up", "up", "enter")  # the first line: everything
        await wait_for_screen(pilot, HistoryScreen)
        assert (text(screen, "#routine-filter").splitlines()[0], table.row_count) == ("Routine: all · 8 sessions", 8)


@pytest.mark.pilot
async def test_a_long_history_is_listed_a_page_at_a_time_as_the_cursor_nears_the_end():
    from datetime import timedelta

    many = HistoryData([stored(number, TODAY - timedelta(days=number)) for number in range(1, 251)])
    async with HistoryApp(many, Settings(), today=TODAY, tz=UTC).run_test(size=SIZE) as pilot:
        await ready(pilot)
        table = pilot.app.screen.query_one("#history-sessions", DataTable)
        counts = [table.row_count]
        for _ in range(3):
            await pilot.press("ctrl+end")
            await pilot.pause()
            counts.append(table.row_count)
        assert counts == [100, 200, 250, 250]
        assert str(table.get_row_at(249)[0]) == "Fri 2023-09-29 07:30"  # the oldest, 250 days back


@pytest.mark.pilot
async def test_with_no_history_it_says_how_to_start(coach_home):
    async with HistoryApp(HistoryData(), Settings(), today=TODAY, tz=UTC).run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = pilot.app.screen
        hint = screen.query_one("#empty-hint", Static)
        assert hint.display and "coach run back-basics" in str(hint.content)
        assert not screen.query_one("#history-sessions", DataTable).display
        assert text(screen, "#streak") == "Streak: none yet. Meet 3 sessions in a week to start one."
        await pilot.press("enter", "f")  # nothing to select or filter: nothing happens
        await pilot.pause()
        assert isinstance(pilot.app.screen, HistoryScreen)


@pytest.mark.pilot
async def test_escape_goes_back_to_the_screen_before():
    class Host(App):
        def on_mount(self) -> None:
            self.push_screen(HistoryScreen(HistoryData(), Settings(), today=TODAY))

    async with Host().run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(pilot.app.screen, HistoryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, HistoryScreen)


@pytest.mark.pilot
async def test_q_closes_the_standalone_history_app():
    app = HistoryApp(HistoryData(), Settings(), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


@pytest.mark.pilot
async def test_the_screen_reads_a_real_store(coach_home):
    with HistoryStore.open(coach_home / "history.db") as store:
        logged = store.add_manual("Swimming", datetime(2024, 6, 4, 18, tzinfo=UTC), 40, "aerobic", pain_before=2,
                                  pain_after=1)
        async with HistoryApp(store, Settings(), today=TODAY, tz=UTC).run_test(size=SIZE) as pilot:
            await ready(pilot)
            screen = pilot.app.screen
            assert rows(screen.query_one("#history-sessions", DataTable)) == [
                ["Tue 2024-06-04 18:00", "Swimming", "40:00", "100%", "2 → 1", "completed (logged)"]]
            assert text(screen, "#week-goals").splitlines()[1:] == ["Sessions   ●○○ 1 of 3", "Aerobic    40 of 90 min"]
            await pilot.press("enter")
            await ready(pilot)
            assert rows(pilot.app.screen.query_one("#session-exercises", DataTable)) == [
                ["1", "Swimming", "✓ done", "40:00", "40:00", "1/1"]]
    assert logged.source == "manual"


def shown_text(screen) -> str:
    """Everything the screen shows in Static widgets."""
    return "\n".join(str(widget.content) for widget in screen.query(Static) if widget.display and widget.region)


@pytest.mark.pilot
async def test_a_history_that_fails_to_load_says_why():
    class Broken(HistoryData):
        def sessions(self):
            raise HistoryUnavailable("/data/history.db is damaged")

    async with HistoryApp(Broken(), Settings(), today=TODAY).run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = pilot.app.screen
        assert text(screen, "#history-problem") == ("Your history is unavailable: /data/history.db is damaged. "
                                                    "Nothing is lost; coach left the file as it was.")
        assert not screen.query_one("#history-sessions", DataTable).display


PROBLEM = ("/home/me/.local/share/coach/history.db is damaged or is not a coach history (file is not a database). "
           "coach left it exactly as it was; move it aside (for example rename it to history.db.broken) and coach "
           "will start a new history")


@pytest.mark.pilot
async def test_an_unavailable_history_says_so_instead_of_no_sessions_yet():
    class Host(App):  # as CoachApp.open_history does when the store could not be opened
        def on_mount(self) -> None:
            self.push_screen(HistoryScreen(HistoryData(), Settings(), problem=PROBLEM))

    async with Host().run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = pilot.app.screen
        problem = screen.query_one("#history-problem", Static)
        assert problem.display and problem.region.height > 0
        assert str(problem.content) == (f"Your history is unavailable: {PROBLEM}. Nothing is lost; coach left the "
                                        "file as it was.")
        shown = shown_text(screen)
        assert "No sessions yet" not in shown and "Streak" not in shown and "This week" not in shown
        assert not screen.query_one("#history-sessions", DataTable).display
        await pilot.press("enter", "f", "p")  # nothing to select or filter: nothing happens
        await pilot.pause()
        assert pilot.app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, HistoryScreen)


@pytest.mark.pilot
async def test_the_standalone_app_passes_the_problem_on():
    async with HistoryApp(HistoryData(), Settings(), problem="it is locked").run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert text(pilot.app.screen, "#history-problem").startswith("Your history is unavailable: it is locked. ")


@pytest.mark.pilot
async def test_leaving_before_the_history_arrives_is_harmless():
    import threading

    release = threading.Event()

    class Slow(HistoryData):
        def sessions(self):
            release.wait(10)
            return super().sessions()

    class Host(App):
        def on_mount(self) -> None:
            self.push_screen(HistoryScreen(Slow([stored(1, TODAY)]), Settings(), today=TODAY))

    async with Host().run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        release.set()
        await ready(pilot)
        assert not isinstance(pilot.app.screen, HistoryScreen)
        assert pilot.app.is_running


@pytest.mark.pilot
async def test_names_with_brackets_are_shown_as_written():
    odd = HistoryData([stored(1, TODAY, routine="[bold]Mine[/] [x")])
    async with HistoryApp(odd, Settings(), today=TODAY, tz=UTC).run_test(size=SIZE) as pilot:
        await ready(pilot)
        table = pilot.app.screen.query_one("#history-sessions", DataTable)
        cell = table.get_row_at(0)[1]
        from textual.widgets._data_table import default_cell_formatter

        assert default_cell_formatter(cell).plain == "[bold]Mine[/] [x"


def test_the_week_strip_for_home_comes_from_the_same_stats(data):
    from coach.history.report import week_strip
    from coach.history.stats import compute

    assert week_strip(compute(data.sessions(), TODAY, 3, 90, tz=UTC)) == "This week ●●○ 2 of 3 · 25 of 90 aerobic min"



# -- layout at the sizes people use ------------------------------------------------------

def busy() -> HistoryData:
    """The fixture's history, plus this week's goal met and a long routine name."""
    sessions = [
        stored(1, date(2024, 5, 21)), stored(2, date(2024, 5, 22)), stored(3, date(2024, 5, 24)),
        stored(4, date(2024, 5, 28), routine="Gentle 5", pain_before=5, pain_after=3),
        stored(5, date(2024, 5, 29)), stored(6, date(2024, 5, 31), aerobic_seconds=1200),
        stored(7, date(2024, 6, 3), status="pain_stopped", done=2, painful_count=1, pain_before=3, pain_after=6),
        stored(8, date(2024, 6, 4), routine="Gentle 5", aerobic_seconds=1500),
        stored(9, date(2024, 6, 4), routine="Morning mobility for desk workers with a sore back"),
        stored(10, date(2024, 6, 5), status="interrupted", done=2, count=2, exercise_total=5),
        stored(11, date(2023, 12, 30), routine="Desk break"),
    ]
    return HistoryData(sessions)


def assert_reads_well(screen, size) -> None:
    width, height = size
    table = screen.query_one("#history-sessions", DataTable)
    assert table.region.height >= 6, "the table shows at least 5 sessions"
    assert table.max_scroll_x == 0, "the table's rows fit without scrolling sideways"
    top = screen.query_one("#history-top")
    goals, bars = screen.query_one("#history-goals"), screen.query_one("#week-bars", Static)
    assert goals.region.right <= bars.region.x and bars.region.right <= width
    for selector in ("#week-goals", "#streak", "#routine-filter"):
        widget = screen.query_one(selector, Static)
        assert widget.region.bottom <= top.region.bottom, f"{selector} is cut off at the bottom"
    for selector in ("#week-goals", "#routine-filter"):  # lines that would read badly wrapped or cut
        lines = text(screen, selector).splitlines()
        widget = screen.query_one(selector, Static)
        assert widget.region.height == len(lines), f"{selector} wraps"
        assert max(map(len, lines)) <= widget.content_region.width, f"{selector} is cut"
    bar_lines = text(screen, "#week-bars").splitlines()
    assert len(bar_lines) <= bars.content_region.height
    assert max(map(len, bar_lines)) <= bars.content_region.width, "the weekly bars are cut"
    chart = screen.query_one("#pain-chart", PlotextPlot)
    if screen.has_class("-pain-tight"):  # 11 rows of chart would leave the sessions fewer than 6
        assert (chart.display, chart.region.height) == (False, 0)
        assert height - 2 - top.outer_size.height < 11 + 7
    else:  # 11 rows for 0 to 10 at least, more where the terminal is tall
        assert chart.display and (chart.region.height == 11 if height < 36 else 11 <= chart.region.height <= 22)


BUSY_GOALS = {"Back basics": 5, "Gentle 5": 3, "Desk break": 10,
              "Morning mobility for desk workers with a sore back": 2}


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)])
@pytest.mark.pilot
async def test_the_screen_reads_well_at_common_terminal_sizes(size):
    app = HistoryApp(busy(), Settings(), today=TODAY, tz=UTC, routine_goals=lambda: BUSY_GOALS)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        screen = pilot.app.screen
        goals = text(screen, "#week-goals").splitlines()
        assert goals[1] == "Sessions   ●●●● 4 of 3  ✓ goal met"
        assert [line.split()[:2] for line in goals[3:]] == [
            ["Back", "basics"], ["Gentle", "5"], ["Desk", "break"], ["Morning", "mobility"]]
        assert_reads_well(screen, size)
        table = screen.query_one("#history-sessions", DataTable)
        assert table.region.height >= 7, "with a routine goal each, the table still shows 6 sessions"
        # the pain chart gives way to the sessions at 80x24 and where four routine goals leave too little room
        assert screen.has_class("-pain-tight") == (size[1] < 40)


@pytest.mark.pilot
async def test_at_80_columns_rows_are_compact_and_long_names_cut():
    async with HistoryApp(busy(), Settings(), today=TODAY, tz=UTC).run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        table = pilot.app.screen.query_one("#history-sessions", DataTable)
        assert rows(table)[:2] == [["Wed 05 Jun 07:30", "Back basics", "9:00", "40%", "", "interrupted"],
                                   ["Tue 04 Jun 07:30", "Morning mobil…", "9:00", "100%", "", "completed"]]
        assert rows(table)[-1][0] == "2023-12-30 07:30"  # another year: the year shows


@pytest.mark.pilot
async def test_resizing_moves_between_the_layouts():
    async with HistoryApp(busy(), Settings(), today=TODAY, tz=UTC).run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = pilot.app.screen
        table = screen.query_one("#history-sessions", DataTable)
        assert str(table.get_row_at(0)[0]) == "Wed 2024-06-05 07:30"
        for size in [(80, 24), (100, 30), (120, 40)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            assert_reads_well(screen, size)
            assert screen.has_class("-pain-tight") == (size == (80, 24))  # no routine goals: room from 100x30
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert str(table.get_row_at(0)[0]) == "Wed 05 Jun 07:30"


@pytest.mark.pilot
async def test_p_shows_the_pain_chart_on_a_short_terminal_and_hides_it_on_a_tall_one():
    async with HistoryApp(busy(), Settings(), today=TODAY, tz=UTC).run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        chart = pilot.app.screen.query_one("#pain-chart", PlotextPlot)
        assert not chart.display
        await pilot.press("p")
        await pilot.pause()
        assert chart.display and chart.region.height == 11
        # the chart takes the place of this week's figures, so the sessions keep their rows
        table = pilot.app.screen.query_one("#history-sessions", DataTable)
        assert not pilot.app.screen.query_one("#history-top").display
        assert table.region.y >= chart.region.bottom and table.region.height >= 10
        await pilot.press("p")
        await pilot.pause()
        assert not chart.display and pilot.app.screen.query_one("#history-top").display
        await pilot.press("p")
        await pilot.pause()
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not chart.display
