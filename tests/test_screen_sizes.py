"""Home, summary and history at 40x12 up to 120x40: no column cut at the screen's edge (no sideways
scrolling), labels whole, and the routines, exercises or sessions always have rows to show."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import DataTable

from coach.settings import Settings
from coach.tui.history_app import HistoryApp
from coach.tui.screens.history import HistoryData, HistoryScreen, SessionDetailScreen, bar_layout
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.session import SessionScreen
from coach.tui.screens.summary import SummaryScreen
from coach.tui.table_fit import cut_cells, fit_columns
from tests.helpers import FakeClock, make_app, screen_lines, wait_for_screen
from tests.test_history_screen import TODAY, UTC, moves, stored
from tests.test_tui_home import home_app

SIZES = [(40, 12), (60, 20), (80, 24), (120, 40)]
size_ids = pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")


def fits(table: DataTable) -> bool:
    """Every column whole inside the table: nothing to scroll sideways to."""
    return table.virtual_size.width <= table.scrollable_content_region.width


def rows_shown(table: DataTable) -> int:
    return max(0, table.scrollable_content_region.height - 1)  # less the header


# -- the rule alone ------------------------------------------------------------------------

def test_columns_go_in_the_order_given_then_one_is_cut():
    header = ("Name", "Time", "Count", "Phases")
    rows = [("Low-impact cardio", "30 min 5 s", "10", "Warm-up · Steady blocks · Cool-down")]
    assert fit_columns(header, rows, 200, (3, 2), shrink=0).kept == (0, 1, 2, 3)
    assert fit_columns(header, rows, 40, (3, 2), shrink=0).kept == (0, 1, 2)
    assert fit_columns(header, rows, 32, (3, 2), shrink=0).kept == (0, 1)
    cut = fit_columns(header, rows, 24, (3, 2), shrink=0)
    assert cut.kept == (0, 1) and cut.row(rows[0]) == ["Low-impac…", "30 min 5 s"]
    assert cut_cells("Bird dog", 20) == "Bird dog"


def test_the_bar_chart_keeps_this_week_and_drops_the_oldest_on_a_narrow_screen():
    assert bar_layout(120) == (5, 12)
    column, weeks = bar_layout(60)
    assert column == 3 and 1 < weeks < 12


# -- the screens ----------------------------------------------------------------------------

@size_ids
@pytest.mark.pilot
async def test_home(tmp_path, size):
    app = home_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        await pilot.pause()
        table = home.query_one("#routines", DataTable)
        assert fits(table) and rows_shown(table) >= 3
        text = "\n".join(screen_lines(app))
        assert "Back basics" in text and "Quit" in text  # the last key in the footer too
        if size[0] >= 120:
            assert "Phases" in text


@size_ids
@pytest.mark.pilot
async def test_summary(tmp_path, size):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=size) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        screen.engine.stop()
        screen.tick()
        summary = await wait_for_screen(pilot, SummaryScreen)
        await pilot.pause()
        table = summary.query_one("#exercises", DataTable)
        assert fits(table) and rows_shown(table) >= 2
        text = "\n".join(screen_lines(app))
        assert "How is your back now?" in text and "Leave" in text and "Work" in text


def history_data() -> HistoryData:
    sessions = [stored(number, TODAY - timedelta(days=2 * number), routine="Low-impact cardio" if number % 2 else
                       "Back basics", status="pain_stopped" if number % 5 == 0 else "completed", pain_before=4,
                       pain_after=3, painful_count=1 if number % 5 == 0 else 0) for number in range(1, 40)]
    return HistoryData(sessions, {number: moves(number, ["done", "done", "pain", "skipped"]) for number in range(1, 40)})


@size_ids
@pytest.mark.pilot
async def test_history(size):
    app = HistoryApp(history_data(), Settings(), today=TODAY, tz=UTC)
    async with app.run_test(size=size) as pilot:
        screen = await wait_for_screen(pilot, HistoryScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = screen.query_one("#history-sessions", DataTable)
        assert fits(table) and rows_shown(table) >= 1
        lines = screen_lines(app)
        text = "\n".join(lines)
        if size[1] >= 20:
            assert "03/06" in text  # this week's label: the newest bar is never the one cut
            assert "⏎ exercises · f filter" in text
            bars = screen.query_one("#week-bars")
            widest = max(len(line) for line in str(bars.content).splitlines())
            assert bars.region.right <= size[0] and widest <= bars.content_region.width  # no bar cut off
        await pilot.press("enter")
        detail = await wait_for_screen(pilot, SessionDetailScreen)
        await pilot.pause()
        assert fits(detail.query_one("#session-exercises", DataTable))


@pytest.mark.pilot
async def test_on_a_wide_terminal_the_month_calendar_sits_beside_the_weeks_and_arrows_move_it():
    app = HistoryApp(history_data(), Settings(), today=TODAY, tz=UTC)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await wait_for_screen(pilot, HistoryScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        calendar = screen.query_one("#calendar")
        bars = screen.query_one("#week-bars")
        assert calendar.display and calendar.region.x >= bars.region.right and calendar.region.right <= 160
        assert str(calendar.content).splitlines()[0].strip() == "June 2024"
        text = "\n".join(screen_lines(app))
        assert "03/06" in text  # this week's bar is there beside it
        await pilot.press("left")
        await pilot.pause()
        assert str(calendar.content).splitlines()[0].strip() == "May 2024"
        await pilot.press("right", "right")
        await pilot.pause()
        assert str(calendar.content).splitlines()[0].strip() == "July 2024"
    async with HistoryApp(history_data(), Settings(), today=TODAY, tz=UTC).run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, HistoryScreen)
        assert not screen.query_one("#calendar").display  # no room beside the bars: not shown


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40), (160, 50)], ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.pilot
async def test_the_weekly_bars_show_this_week_and_a_week_at_the_goal_reaches_the_goal_line(size):
    """This week has exactly the goal (3 sessions) and no other week has any: the only bar is this week's,
    and it is drawn whole on the goal row (not a half block under it), with nothing above it."""
    monday = TODAY - timedelta(days=TODAY.weekday())
    sessions = [stored(number, monday + timedelta(days=number - 1)) for number in (1, 2, 3)]
    app = HistoryApp(HistoryData(sessions), Settings(), today=TODAY, tz=UTC)
    async with app.run_test(size=size) as pilot:
        screen = await wait_for_screen(pilot, HistoryScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        lines = str(screen.query_one("#week-bars").content).splitlines()
        goal_row = next(line for line in lines if "┤" in line)
        above = lines[lines.index(goal_row) - 1]
        assert goal_row.count("██") == 1 and "▄" not in goal_row and "█" not in above
        assert goal_row.rstrip("┄ ").endswith("██")  # the newest (rightmost) week
        assert f"{monday:%d/%m}" in "\n".join(screen_lines(app))  # and its label is on screen
