"""Every dialog down to 40x12: the title and the keys stay on screen; a long body scrolls instead."""

from __future__ import annotations

import pytest
from textual.app import App

from coach.tui.screens.checkin import PainCheckinScreen
from coach.tui.screens.filter import FilterScreen
from coach.tui.screens.dialogs import GENERAL_SAFETY, ConfirmScreen, HurtScreen, KeysScreen, NoticeScreen
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
            scroll = screen.query_one(".dialog-scroll")
            if size[1] < 20:
                assert scroll.max_scroll_y > 0  # the note is longer than the room: it scrolls
            else:
                assert scroll.max_scroll_y == 0 and shown_whole(screen, scroll)  # room for all of it
