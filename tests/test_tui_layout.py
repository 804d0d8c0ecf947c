"""The session screen at the smallest supported size, a large one, below the minimum, and across a resize."""

from __future__ import annotations

from coach.tui.screens.session import SessionScreen
from coach.tui.widgets.big_text import BigText, block_width
from tests.helpers.tui import FakeClock, advance, make_app, wait_for_screen

FULL_VIEW = ("#phase-line", "#title", "#clock", "#detail", "#cue", "#next", "#progress-row")


def visible_inside(screen, selector: str) -> bool:
    widget = screen.query_one(selector)
    region = widget.region
    return widget.display and region.height > 0 and screen.region.contains_region(region)


async def test_at_60_by_20_everything_is_shown_on_screen(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        await advance(pilot, clock, 3)
        assert not screen.has_class("-compact")
        for selector in FULL_VIEW:
            assert visible_inside(screen, selector), selector
        clock_widget = screen.query_one("#clock", BigText)
        assert clock_widget.scale_for(*clock_widget.content_size) >= 1


async def test_at_200_by_60_the_countdown_grows(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(200, 60)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        await advance(pilot, clock, 3)
        for selector in FULL_VIEW:
            assert visible_inside(screen, selector), selector
        clock_widget = screen.query_one("#clock", BigText)
        scale = clock_widget.scale_for(*clock_widget.content_size)
        assert scale >= 4
        assert block_width("0:05", scale) <= clock_widget.content_size.width


async def test_below_60_by_20_only_the_name_and_countdown_remain(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(50, 14)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        await advance(pilot, clock, 3)
        assert screen.has_class("-compact")
        assert visible_inside(screen, "#title")
        assert visible_inside(screen, "#clock")
        for selector in ("#detail", "#next", "#progress-row", "#phase-line"):
            assert not screen.query_one(selector).display, selector


async def test_resizing_down_and_up_switches_layout_without_losing_the_session(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        await advance(pilot, clock, 4)
        await pilot.resize_terminal(30, 8)
        await pilot.pause()
        assert screen.has_class("-compact")
        await advance(pilot, clock, 1)
        await pilot.resize_terminal(12, 4)
        await pilot.pause()
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not screen.has_class("-compact")
        assert screen.query_one("#clock", BigText).text == "0:03"
        assert app.screen is screen
