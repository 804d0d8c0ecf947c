"""`?` shows the keys of the screen on top, on every screen; the safety notes open again from home."""

from __future__ import annotations

from datetime import date, timezone

import pytest

from coach.paths import Places
from coach.settings import Settings
from coach.tui.app import CoachApp
from coach.tui.history_app import HistoryApp
from coach.tui.screens.checkin import PainCheckinScreen
from coach.tui.screens.dialogs import GENERAL_SAFETY, NoticeScreen
from coach.tui.screens.keys import KeysScreen
from coach.tui.screens.history import HistoryData, HistoryScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.session import SessionScreen
from coach.tui.screens.summary import SummaryScreen
from tests.helpers import advance, make_app, wait_for_screen

pytestmark = pytest.mark.pilot  # every test here drives the app through Pilot


async def keys_shown(pilot) -> str:
    await pilot.press("question_mark")
    keys = await wait_for_screen(pilot, KeysScreen)
    text = keys.keys
    await pilot.press("escape")
    return text


async def test_question_mark_shows_the_keys_of_home_the_session_and_the_summary(tmp_path, clock):
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        assert await keys_shown(pilot) == SessionScreen.KEYS
        await wait_for_screen(pilot, SessionScreen)
        await advance(pilot, clock, 63)
        await pilot.press("enter")
        await wait_for_screen(pilot, SummaryScreen)
        assert await keys_shown(pilot) == SummaryScreen.KEYS
    assert "x          it hurts" in SessionScreen.KEYS and screen.engine.finished


async def test_question_mark_on_the_check_in_and_at_home(tmp_path):
    app = CoachApp(Places(tmp_path, tmp_path), settings=Settings(safety_acknowledged=True))
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        assert await keys_shown(pilot) == HomeScreen.KEYS
        await pilot.press("enter")
        await wait_for_screen(pilot, PainCheckinScreen)
        assert await keys_shown(pilot) == PainCheckinScreen.KEYS


async def test_question_mark_on_the_history_screen():
    app = HistoryApp(HistoryData(), Settings(), today=date(2024, 6, 5), tz=timezone.utc)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, HistoryScreen)
        assert await keys_shown(pilot) == HistoryScreen.KEYS


async def test_s_at_home_shows_the_safety_notes_again_and_enter_closes_them(tmp_path):
    app = CoachApp(Places(tmp_path, tmp_path), settings=Settings(safety_acknowledged=True))
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("s")
        notice = await wait_for_screen(pilot, NoticeScreen)
        assert notice.body == GENERAL_SAFETY
        await pilot.press("enter")
        await wait_for_screen(pilot, HomeScreen)
