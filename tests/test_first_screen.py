"""`coach run` opens on its first question itself (the safety note, the check-in or the routine's note), not on
a question pushed over an empty screen; the answer is taken in place and the session goes on as before."""

from __future__ import annotations

import pytest
from textual import events
from textual.screen import Screen

from coach.settings import Settings
from coach.tui.screens.checkin import PainCheckinScreen
from coach.tui.screens.dialogs import NoticeScreen
from coach.tui.screens.keys import KeysScreen
from coach.tui.screens.session import SessionScreen
from tests.helpers.tui import make_app, wait_for_screen

pytestmark = pytest.mark.pilot  # every test here drives the app through Pilot

WITH_NOTE = """\
name: Noted
safety: Stop if it hurts.
phases:
  - name: Core
    kind: main
    exercises:
      - name: Bird dog
        hold: 10s
"""


async def test_the_check_in_is_the_first_screen_and_its_answer_starts_the_session(tmp_path, clock):
    app = make_app(tmp_path, clock=clock, no_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert [type(screen) for screen in app.screen_stack] == [PainCheckinScreen]
        assert app.screen.has_class("-first")  # opaque: nothing under it to show through
        await pilot.press("3")
        session = await wait_for_screen(pilot, SessionScreen)
        assert session.engine.session.pain_before == 3
        # The answered check-in stays at the bottom, covered by an empty screen, under the session.
        assert isinstance(app.screen_stack[0], PainCheckinScreen)
        assert type(app.screen_stack[1]) is Screen


def type_ahead(app, *keys: str) -> None:
    """Keys as one read from the terminal brings them: all queued before the app handles the first."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


@pytest.mark.parametrize(("settings", "keys", "pain"), [
    (Settings(safety_acknowledged=True), ("2", "9"), 2),  # a second key on the first check-in changes nothing
    (Settings(), ("enter", "3"), 3),  # a digit straight after the first safety note answers the check-in
], ids=["second-key-on-the-check-in", "digit-after-the-safety-note"])
async def test_keys_typed_ahead_on_the_first_screen(tmp_path, clock, settings, keys, pain):
    app = make_app(tmp_path, clock=clock, no_checkin=False, settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        type_ahead(app, *keys)
        session = await wait_for_screen(pilot, SessionScreen)
        assert session.engine.session.pain_before == pain


async def test_escape_on_the_first_check_in_ends_coach_run_with_nothing_started(tmp_path, clock):
    app = make_app(tmp_path, clock=clock, no_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0
    assert not any(isinstance(screen, SessionScreen) for screen in app.screen_stack)


async def test_question_mark_on_the_first_check_in_shows_its_keys_and_comes_back(tmp_path, clock):
    app = make_app(tmp_path, clock=clock, no_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        keys = await wait_for_screen(pilot, KeysScreen)
        assert keys.keys == PainCheckinScreen.KEYS
        await pilot.press("escape")
        await wait_for_screen(pilot, PainCheckinScreen)
        await pilot.press("4")
        session = await wait_for_screen(pilot, SessionScreen)
        assert session.engine.session.pain_before == 4


async def test_the_safety_note_comes_first_then_the_check_in_over_an_empty_screen(tmp_path, clock):
    app = make_app(tmp_path, clock=clock, no_checkin=False, settings=Settings())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        notice = app.screen_stack[0]
        assert isinstance(notice, NoticeScreen) and notice.title_text == "Safety first"
        await pilot.press("enter")
        checkin = await wait_for_screen(pilot, PainCheckinScreen)
        assert notice.has_class("-first") and not checkin.has_class("-first")
        assert app.state.safety_acknowledged
        assert [type(screen) for screen in app.screen_stack] == [NoticeScreen, Screen, PainCheckinScreen]
        await pilot.press("s")
        session = await wait_for_screen(pilot, SessionScreen)
        assert session.engine.session.pain_before is None


async def test_escape_on_the_first_safety_note_ends_coach_run_unacknowledged(tmp_path, clock):
    app = make_app(tmp_path, clock=clock, no_checkin=False, settings=Settings())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0 and not app.state.safety_acknowledged
    assert not (tmp_path / "data" / "state.json").exists()


async def test_with_no_check_in_the_routines_note_is_the_first_screen(tmp_path, clock):
    app = make_app(tmp_path, WITH_NOTE, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        note = app.screen_stack[0]
        assert isinstance(note, NoticeScreen) and note.title_text == "Before Noted"
        await pilot.press("enter")
        await wait_for_screen(pilot, SessionScreen)


async def test_with_nothing_to_ask_coach_run_opens_on_the_session(tmp_path, clock):
    app = make_app(tmp_path, clock=clock)  # safety acknowledged, no check-in, a routine without a note
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, SessionScreen)
        assert not any(isinstance(screen, (NoticeScreen, PainCheckinScreen)) for screen in app.screen_stack)
