"""The session screen at every size from 40x12 to 160x50: what matters on a mat is always there.

Priority, from session_layout: the time left, the exercise name, the set/side/rep line, the cue and
the key hints; then next-up and progress when there is room.
"""

from __future__ import annotations

import pytest

from coach.routine.expand import StepKind
from coach.tui.screens.session import SessionScreen
from coach.tui.session_layout import LARGE, session_layout
from coach.tui.widgets.big_text import BigText, block_rows, block_width
from textual.widgets import Footer
from tests.helpers import FakeClock, advance, make_app, screen_lines, wait_for_screen

SIZES = [(40, 12), (60, 15), (80, 18), (80, 24), (120, 40), (160, 50)]
PRIORITY = ("#clock", "#title", "#detail", "#cue")


# -- the layout rule alone ---------------------------------------------------------------

@pytest.mark.parametrize("width,height", SIZES + [(40, 30), (200, 12), (140, 40)])
def test_every_supported_size_has_the_five_priority_items_with_a_block_clock(width, height):
    layout = session_layout(width, height)
    assert layout.title_rows >= 1 and layout.detail_rows >= 1 and layout.cue_rows >= 1 and layout.footer
    assert layout.clock_rows >= 3  # the 3-row font at least
    used = (int(layout.phase_line) + layout.title_rows + layout.detail_rows + layout.cue_rows
            + int(layout.next_line) + int(layout.progress) + int(layout.sound_status) + 3 * int(layout.spacing)
            + 6 * int(layout.side_banner) + layout.clock_rows + 1)
    assert used == height  # nothing asked for beyond the screen, and nothing wasted


def test_from_the_smallest_size_up_more_rows_never_show_less():
    # (Below 12 rows a growing clock may take the phase line's row: the clock matters more.)
    fields = ("phase_line", "next_line", "progress", "sound_status", "spacing", "side_banner")
    for width in (40, 80, 160):
        before = session_layout(width, 12)
        for height in range(13, 60):
            now = session_layout(width, height)
            for field in fields:
                assert getattr(now, field) >= getattr(before, field), (width, height, field)
            assert now.cue_rows >= before.cue_rows and now.title_rows >= before.title_rows
            before = now


def test_next_up_and_progress_come_after_the_priority_items():
    small = session_layout(40, 12)
    assert not small.next_line and not small.progress
    assert session_layout(60, 15).next_line and session_layout(60, 15).progress


def test_below_the_smallest_size_the_lowest_priorities_go_first():
    tiny = session_layout(30, 3)
    assert tiny.clock and tiny.title_rows == 1 and tiny.detail_rows == 1 and tiny.cue_rows == 0 and not tiny.footer
    assert session_layout(12, 0).title_rows == 0


def test_large_terminals_get_a_name_banner_and_a_side_banner():
    assert not session_layout(120, 40).side_banner and session_layout(120, 40).title_scale == 0
    large = session_layout(*LARGE)
    assert large.side_banner and large.title_scale == 2


def test_paused_sign_steps_down_with_the_clock():
    assert session_layout(40, 12).paused_rows == 1
    assert session_layout(80, 24).paused_rows == 3
    assert session_layout(160, 50).paused_rows == 5


def test_the_block_font_steps_from_three_rows_upward():
    assert [block_rows(scale) for scale in (1, 2, 3, 4)] == [3, 5, 8, 10]
    assert block_width("0:05", 1) == 13 and block_width("0:05", 2) == 26


# -- the real screen at each size ---------------------------------------------------------

def is_work(step):
    return step.kind is StepKind.WORK and step.side is not None and not step.is_manual


def is_manual(step):
    return step.kind is StepKind.WORK and step.is_manual


def is_switch(step):
    return step.kind is StepKind.SWITCH_SIDES


def is_rest(step):
    return step.kind is StepKind.REST_BETWEEN_REPS and step.side is not None


# What each step must show in plain text at every size: (where, cue, a key only it has).
EXPECTED = {
    is_work: ("Left side", "Keep your back flat", "Pause"),
    is_manual: ("8 reps", "Press Enter when done", "Done"),
    is_switch: ("right side", "Keep your back flat", "Pause"),
    is_rest: ("Left side", "Keep your back flat", "Pause"),
}


async def advance_until(pilot, clock, screen, wanted) -> None:
    """Step through the plan (as `n` does) to the first step `wanted` accepts, one second into it."""
    for _ in range(100):
        if wanted(screen.engine.step):
            await advance(pilot, clock, 1)
            return
        screen.engine.skip_step()
    raise AssertionError(f"never reached a step for {wanted.__name__}")


def fully_shown(screen, widget) -> bool:
    """On screen, whole, and not under the docked footer."""
    region, footer = widget.region, screen.query_one(Footer).region
    return (widget.display and region.height > 0 and screen.region.contains_region(region)
            and not region.overlaps(footer))


@pytest.mark.parametrize("wanted", list(EXPECTED), ids=lambda wanted: wanted.__name__)
@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.pilot
async def test_every_size_shows_time_name_side_cue_and_keys(tmp_path, size, wanted):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=size) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        await advance_until(pilot, clock, screen, wanted)
        await pilot.pause()
        where, cue, key = EXPECTED[wanted]
        for selector in PRIORITY:
            assert fully_shown(screen, screen.query_one(selector)), selector
        footer = screen.query_one(Footer)
        assert footer.display and footer.region.bottom == size[1]
        text = "\n".join(screen_lines(app))
        assert where in text and cue in text and key in text
        title = screen.query_one("#title", BigText)
        if title.scale_for(*title.content_size) == 0:
            assert title.text[: size[0] - 1] in text  # a plain line: the name itself (cut with … if long)
        clock_widget = screen.query_one("#clock", BigText)
        assert clock_widget.scale_for(*clock_widget.content_size) >= 1  # block digits, never plain
        if size[1] >= 15:
            assert "Next" in text or "Last one" in text
            assert fully_shown(screen, screen.query_one("#progress-row"))


@pytest.mark.pilot
async def test_the_side_has_its_own_banner_on_a_large_terminal(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        await advance_until(pilot, clock, screen, is_work)
        await pilot.pause()
        banner = screen.query_one("#side-banner", BigText)
        assert banner.text == "Left side" and fully_shown(screen, banner)
        assert banner.scale_for(*banner.content_size) >= 1
        title = screen.query_one("#title", BigText)
        assert title.scale_for(*title.content_size) >= 1  # the name in block letters too
        await advance_until(pilot, clock, screen, is_switch)
        await pilot.pause()
        assert banner.text == "Right side"


@pytest.mark.pilot
async def test_pausing_takes_rows_from_the_clock_and_keeps_the_rest(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(40, 12)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        await advance_until(pilot, clock, screen, is_work)
        await pilot.press("space")
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        assert "PAUSED" in text and "Left side" in text and "Resume" in text
        for selector in PRIORITY:
            assert fully_shown(screen, screen.query_one(selector)), selector


@pytest.mark.pilot
async def test_resizing_down_and_up_keeps_the_session(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        await advance(pilot, clock, 4)
        await pilot.resize_terminal(30, 8)
        await pilot.pause()
        assert not screen.query_one("#next").display
        await advance(pilot, clock, 1)
        await pilot.resize_terminal(12, 4)
        await pilot.pause()
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert screen.query_one("#next").display
        assert screen.query_one("#clock", BigText).text == "0:03"
        assert app.screen is screen


@pytest.mark.parametrize("size", [(40, 12), (80, 24)], ids=["40x12", "80x24"])
@pytest.mark.pilot
async def test_a_notice_in_a_session_covers_none_of_the_priority_items_or_progress(tmp_path, size):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=size) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        await advance_until(pilot, clock, screen, is_work)
        app.notify("History not saved:\nthe disk is full", severity="error", timeout=0.2)
        await pilot.pause()
        assert not app.screen.query("Toast")  # not a toast over the screen
        lines = screen_lines(app)
        assert any("History not saved: · the disk is full"[: size[0] - 4] in line for line in lines)
        for selector in PRIORITY + (("#progress-row",) if size[1] >= 15 else ()):
            assert fully_shown(screen, screen.query_one(selector)), selector
        where = "phase-line" if size[1] < 15 else "notice"
        assert screen.query_one(f"#{where}").has_class("-error")
        await pilot.pause(0.4)  # the notice's own (wall-clock) timeout; the session clock is fake
        assert not any("History not saved" in line for line in screen_lines(app))
        assert "New phase" in screen_lines(app)[0] or "Core" in screen_lines(app)[0]


@pytest.mark.pilot
async def test_a_notice_on_a_terminal_with_no_room_for_it_falls_back_to_a_toast(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 8)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        await advance(pilot, clock, 1)
        assert not screen.layout_shown.phase_line and not screen.layout_shown.sound_status
        app.notify("History not saved: the disk is full", severity="error", timeout=5)
        await pilot.pause()
        assert [toast.message for toast in app._notifications] == ["History not saved: the disk is full"]


@pytest.mark.pilot
async def test_paused_on_a_terminal_too_short_for_the_sign_says_so_in_the_title(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 6)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        await advance(pilot, clock, 1)
        await pilot.press("space")
        await pilot.pause()
        assert not screen.query_one("#paused").display
        assert screen_lines(app)[0].strip().startswith("Paused · ")
        assert screen.query_one("#cue").region.bottom <= 5  # nothing pushed under the keys
        await pilot.press("space")
        await pilot.pause()
        assert not screen_lines(app)[0].strip().startswith("Paused")


@pytest.mark.parametrize("size", [(40, 12), (100, 30), (160, 50)], ids=["40x12", "100x30", "160x50"])
@pytest.mark.pilot
async def test_the_cells_repainted_each_second_cover_every_cell_that_changed(tmp_path, size):
    """Only the changed glyphs are repainted; every cell that differs must be inside that region, or the
    terminal would keep a stale digit. (Pilot's screen is drawn afresh, so it cannot show a stale cell:
    the region itself is checked against the two drawings.)"""
    app = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        widget = screen.query_one("#clock", BigText)
        width, height = widget.content_size
        for old, new in [("0:43", "0:42"), ("0:40", "0:39"), ("12:00", "11:59"), ("1:11", "1:10"), ("5:55", "4:44")]:
            widget.text = old
            before = [strip.text for strip in widget._strips(width, height)]
            widget.text = new
            after = [strip.text for strip in widget._strips(width, height)]
            region = widget._changed_region(old, new)
            assert region is not None and 0 < region.width < width
            changed = {(x, y) for y, (one, other) in enumerate(zip(before, after))
                       for x, (a, b) in enumerate(zip(one, other)) if a != b}
            assert changed and all(region.contains(x, y) for x, y in changed), (old, new)
        assert widget._changed_region("9:59", "10:00") is None  # another length: all of it
