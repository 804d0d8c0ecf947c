"""Every dialog down to 40x12: the title and the keys stay on screen; a long body scrolls instead."""

from __future__ import annotations

import os

import pytest
from textual.app import App
from textual.containers import VerticalScroll

from coach.tui.screens.checkin import PainCheckinScreen
from coach.tui.screens.filter import FilterScreen
from coach.tui.screens.confirm import ConfirmScreen
from coach.tui.screens.dialogs import GENERAL_SAFETY, NoticeScreen
from coach.tui.screens.hurt import HurtScreen
from coach.tui.screens.keys import KeysScreen
from coach.tui.screens.session import SessionScreen

pytestmark = pytest.mark.pilot  # every test here drives the app through Pilot

LONG_NOTE = "Go slowly today. " * 30

DIALOGS = {
    "safety": lambda: NoticeScreen("Safety first", GENERAL_SAFETY),
    "checkin-with-note": lambda: PainCheckinScreen(note=("Before Back basics", LONG_NOTE)),
    "checkin": lambda: PainCheckinScreen(),
    "hurt": lambda: HurtScreen("Standing side bend", "right"),
    "keys": lambda: KeysScreen(SessionScreen.KEYS),
    "filter": lambda: FilterScreen([f"Routine {number}" for number in range(30)]),
    "confirm": lambda: ConfirmScreen("End this session?", "What you have done so far is kept in your summary."),
}


class Host(App):
    CSS_PATH = "../coach/tui/app.tcss"


def shown_whole(screen, widget) -> bool:
    return widget.region.height > 0 and screen.region.contains_region(widget.region)


@pytest.mark.parametrize("size", [(40, 12), (60, 15), (80, 24)], ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("name", DIALOGS)
async def test_title_and_keys_always_show_and_a_long_body_scrolls(name, size):
    app = Host()
    async with app.run_test(size=size) as pilot:
        app.push_screen(DIALOGS[name]())
        for _ in range(4):
            await pilot.pause()
        screen = app.screen
        titles = screen.query(".dialog-title")
        keys = screen.query_one(".dialog-keys")
        assert shown_whole(screen, titles.last()) and shown_whole(screen, keys), name
        if name == "checkin-with-note":
            scale = screen.query_one(".pain-scale")
            assert shown_whole(screen, scale)
            note = screen.query_one(".dialog-note")
            if size[1] < 20:
                assert isinstance(note, VerticalScroll) and note.max_scroll_y > 0  # longer than the room: it scrolls
                await pilot.press("down")
                await pilot.pause()
                assert note.scroll_y > 0  # by the arrow keys
            else:
                assert not isinstance(note, VerticalScroll) and shown_whole(screen, note)  # room for all of it


async def test_a_note_that_fitted_scrolls_once_the_terminal_is_made_smaller():
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(DIALOGS["checkin-with-note"]())
        for _ in range(4):
            await pilot.pause()
        assert not isinstance(app.screen.query_one(".dialog-note"), VerticalScroll)
        await pilot.resize_terminal(40, 12)
        for _ in range(6):
            await pilot.pause()
        screen = app.screen
        note = screen.query_one(".dialog-note")
        assert isinstance(note, VerticalScroll) and note.max_scroll_y > 0
        assert shown_whole(screen, screen.query_one(".dialog-keys"))
        assert shown_whole(screen, screen.query_one(".pain-scale"))
        await pilot.press("pagedown")  # the keys scroll it
        await pilot.pause()
        assert note.scroll_y > 0
        await pilot.press("7")  # the check-in still answers
        await pilot.pause()
        assert not isinstance(app.screen, PainCheckinScreen)


@pytest.mark.slow  # a real coach in a real pseudo-terminal
def test_a_terminal_that_gives_no_size_does_not_keep_coach_busy(tmp_path):
    """A pseudo-terminal of size 0x0 (as some containers give at first): Textual falls back to 80x24 in one
    place and 80x25 in another. The check-in fitted its note to each in turn and never stopped (a core at 100 %)."""
    from tests.helpers.terminal import CoachInTerminal

    home = tmp_path / "home"
    home.mkdir()
    (home / "state.json").write_text('{"safety_acknowledged": true}', encoding="utf-8")
    terminal = CoachInTerminal("run", "back-basics", "--mute", home=home, size=(0, 0))
    try:
        terminal.wait_for("Press a number")
        terminal.pump(1.0)  # let it settle
        before = _cpu_ticks(terminal.pid)
        terminal.pump(2.0)
        busy = _cpu_ticks(terminal.pid) - before
        ticks_per_second = os.sysconf("SC_CLK_TCK")
        assert busy < ticks_per_second / 2, f"coach used {busy / ticks_per_second:.1f} s of CPU in 2 s while waiting"
        terminal.press("s")
    finally:
        terminal.close()


def _cpu_ticks(pid: int) -> int:
    """User and system CPU time of `pid` so far, in clock ticks (/proc/PID/stat)."""
    fields = open(f"/proc/{pid}/stat", encoding="ascii").read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


async def test_the_key_bar_behind_a_dialog_stays_when_its_note_starts_to_scroll(tmp_path):
    """At 40x12 the check-in's note moves into a scroll container; home's key bar behind it stays drawn."""
    from coach.paths import Places
    from coach.settings import Settings
    from coach.tui.app import CoachApp
    from tests.helpers.tui import screen_lines, wait_for_screen

    app = CoachApp(Places(tmp_path, tmp_path), settings=Settings(safety_acknowledged=True))
    async with app.run_test(size=(40, 12)) as pilot:
        for _ in range(4):
            await pilot.pause()
        key_bar = screen_lines(app)[-1]
        assert "Start" in key_bar
        await pilot.press("enter")
        checkin = await wait_for_screen(pilot, PainCheckinScreen)
        for _ in range(6):
            await pilot.pause()
        assert isinstance(checkin.query_one(".dialog-note"), VerticalScroll)
        assert screen_lines(app)[-1] == key_bar
