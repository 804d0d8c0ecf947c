"""Home, the first-use safety screen, and the pain check-in, through the real app."""

from __future__ import annotations

import os

import pytest

from coach.state import State, load_state

from coach.paths import Places
from coach.settings import Settings
from coach.tui.app import CoachApp
from coach.tui.screens.checkin import PainCheckinScreen
from coach.tui.screens.dialogs import NoticeScreen
from coach.tui.screens.keys import KeysScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.session import SessionScreen
from tests.helpers.tui import FakeClock, make_app, wait_for_screen

pytestmark = pytest.mark.pilot  # every test here drives the app through Pilot

BUNDLED = ["Back basics", "Core strength", "Desk break", "Gentle 5", "Low-impact cardio"]


def home_app(tmp_path, settings=None) -> CoachApp:
    places = Places(tmp_path / "data", tmp_path / "data")
    return CoachApp(places, settings=settings or Settings(safety_acknowledged=True), now=FakeClock())


NOTED = "name: Noted\nsafety: Go slowly today.\nphases:\n  - name: P\n    exercises:\n      - {name: A, duration: 10}\n"

async def test_home_lists_bundled_routines_with_exercise_count_and_time(tmp_path):
    app = home_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        table = home.query_one("#routines")
        rows = [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]
        names = [row[0] for row in rows]
        assert sorted(names) == sorted(BUNDLED)
        back_basics = rows[names.index("Back basics")]
        assert back_basics[1].startswith("17 min")
        assert back_basics[2] == "11"
        assert back_basics[3] in ("goal 5", "0 of 5")  # its own weekly goal; this week's count once read
        assert back_basics[4] == "Warm-up stretches · Core · Cool-down stretches"


async def test_home_shows_a_broken_user_routine_without_crashing(tmp_path):
    routines = tmp_path / "data" / "routines"
    routines.mkdir(parents=True)
    (routines / "mine.yaml").write_text("name: Mine\nphases: 3\n")
    app = home_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        table = home.query_one("#routines")
        row = [str(cell) for cell in table.get_row("mine")]
        assert row[4] == "has errors (see below)"
        table.move_cursor(row=table.get_row_index("mine"))
        await pilot.pause()
        description = str(home.query_one("#routine-description").content)
        assert f"coach validate {routines / 'mine.yaml'}" in description


async def test_question_mark_shows_the_keys(tmp_path):
    app = home_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("question_mark")
        keys = await wait_for_screen(pilot, KeysScreen)
        assert str(keys.query_one(".dialog-body").content) == HomeScreen.KEYS  # drawn, not just held
        await pilot.press("escape")
        await wait_for_screen(pilot, HomeScreen)


async def test_first_use_shows_safety_and_remembers_it(tmp_path):
    app = home_app(tmp_path, settings=Settings())
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("enter")
        notice = await wait_for_screen(pilot, NoticeScreen)
        body = str(notice.query_one(".dialog-body").content)
        for warning in ("doctor", "sharp pain", "bladder or bowels", "groin or saddle", "weakness in a leg", "fever"):
            assert warning in body
        await pilot.press("enter")
        for _ in range(50):  # back-basics has its own safety note next
            await pilot.pause()
            if getattr(pilot.app.screen, "title_text", "") == "Before Back basics":
                break
        await pilot.press("enter")
        await wait_for_screen(pilot, PainCheckinScreen)
    assert load_state(app.places.state_file) == State(safety_acknowledged=True)
    assert not (tmp_path / "data" / "settings.yaml").exists()  # the person's file is never written


async def test_declining_the_safety_screen_returns_home(tmp_path):
    app = home_app(tmp_path, settings=Settings())
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("enter")
        await wait_for_screen(pilot, NoticeScreen)
        await pilot.press("escape")
        await wait_for_screen(pilot, HomeScreen)
    assert not (tmp_path / "data" / "settings.yaml").exists()
    assert not app.places.state_file.exists()


async def test_the_routine_safety_note_and_the_checkin_are_one_screen_then_the_session(tmp_path):
    app = make_app(tmp_path, text=NOTED, no_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        checkin = await wait_for_screen(pilot, PainCheckinScreen)
        assert str(checkin.query_one(".checkin-note").content) == "Go slowly today."
        assert not any(isinstance(screen, NoticeScreen) for screen in app.screen_stack)
        await pilot.press("t")
        screen = await wait_for_screen(pilot, SessionScreen)
        assert screen.engine.session.pain_before == 10


async def test_checkin_can_be_skipped(tmp_path):
    app = make_app(tmp_path, no_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, PainCheckinScreen)
        await pilot.press("s")
        screen = await wait_for_screen(pilot, SessionScreen)
        assert screen.engine.session.pain_before is None


async def test_ctrl_q_on_home_quits(tmp_path):
    app = home_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_home_says_which_routine_files_were_skipped(tmp_path):
    import os

    routines = tmp_path / "data" / "routines"
    routines.mkdir(parents=True)
    os.mkfifo(routines / "pipe.yaml")
    app = home_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        await pilot.pause()
        [notice] = list(app._notifications)
    assert notice.title == "Some routine files were skipped"
    assert notice.message == f"{routines / 'pipe.yaml'}: is a FIFO (named pipe), not a routine file; skipped"
    assert "pipe" not in [choice.name for choice in home.choices]


async def test_escape_on_the_pain_check_in_goes_back_home_and_starts_nothing(tmp_path):
    app = home_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("enter")
        await wait_for_screen(pilot, PainCheckinScreen)  # with the routine's own safety note
        await pilot.press("escape")
        await wait_for_screen(pilot, HomeScreen)
        assert not any(isinstance(screen, SessionScreen) for screen in app.screen_stack)


async def test_without_the_checkin_the_routine_safety_note_is_shown_alone(tmp_path):
    app = make_app(tmp_path, text=NOTED, no_checkin=True)
    async with app.run_test(size=(100, 30)) as pilot:
        notice = await wait_for_screen(pilot, NoticeScreen)
        assert str(notice.query_one(".dialog-body").content) == "Go slowly today."
        await pilot.press("enter")
        await wait_for_screen(pilot, SessionScreen)


async def test_a_high_pain_score_is_answered_in_the_session_status_line(tmp_path):
    app = make_app(tmp_path, no_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, PainCheckinScreen)
        await pilot.press("8")
        screen = await wait_for_screen(pilot, SessionScreen)
        for _ in range(5):
            await pilot.pause()
        assert screen.notice is not None and screen.notice[0].startswith("Pain 8 of 10 today: go gently")
        assert not app.screen.query("Toast")


async def test_home_shows_each_routines_sessions_this_week_against_its_own_goal(tmp_path):
    from datetime import datetime, timezone

    from coach.history.store import HistoryStore
    from coach.tui.services import HistoryAccess
    from tests.test_history_corrections import _session

    store = HistoryStore.open(tmp_path / "history.db")
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    store.import_sessions([{**_session(f"bb-{n}", source="guided"), "routine_name": "Back basics", "started": now}
                           for n in range(2)])
    app = home_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        home.history = HistoryAccess(store, Settings())
        home.refresh_week_strip()
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = home.query_one("#routines")
        rows = {str(table.get_row_at(index)[0]): [str(cell) for cell in table.get_row_at(index)]
                for index in range(table.row_count)}
        assert rows["Back basics"][3] == "2 of 5"
        assert rows["Gentle 5"][3] == "0 of 3"
    store.close()


MINE = "name: Mine\nphases:\n  - name: P\n    exercises:\n      - {name: Old name, hold: 4s, reps: 2}\n"


async def away_and_back(pilot) -> None:
    """Any screen over home (the keys), and back to home."""
    await pilot.press("question_mark")
    await wait_for_screen(pilot, KeysScreen)
    await pilot.press("escape")
    await wait_for_screen(pilot, HomeScreen)


def write_mine(tmp_path):
    """The user's routine "mine.yaml" (MINE), in the data folder home_app uses."""
    routines = tmp_path / "data" / "routines"
    routines.mkdir(parents=True)
    mine = routines / "mine.yaml"
    mine.write_text(MINE, encoding="utf-8")
    return mine


async def test_enter_runs_the_routine_as_its_file_is_now_and_a_file_broken_meanwhile_starts_nothing(tmp_path):
    """A routine edited while home is open: Enter reads it again, so the session is the edited one, and
    a mistake made meanwhile is shown, with nothing started."""
    mine = write_mine(tmp_path)
    app = home_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        table = home.query_one("#routines")
        table.move_cursor(row=table.get_row_index("mine"))
        mine.write_text(MINE.replace("hold: 4s", "hold: soon"), encoding="utf-8")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is home
        assert [str(cell) for cell in table.get_row("mine")][4] == "has errors (see below)"
        assert "hold" in str(home.query_one("#routine-description").content)
        mine.write_text(MINE.replace("Old name", "New name").replace("hold: 4s", "hold: 9s"), encoding="utf-8")
        await pilot.press("enter")
        await wait_for_screen(pilot, PainCheckinScreen)
        await pilot.press("s")
        session = await wait_for_screen(pilot, SessionScreen)
        exercise = session.engine.steps[-1].exercise
        assert (exercise.name, exercise.hold) == ("New name", 9)


async def test_back_on_home_the_list_shows_routines_as_their_files_are_now_and_keeps_the_highlight(tmp_path):
    mine = write_mine(tmp_path)
    app = home_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        table = home.query_one("#routines")
        assert [str(cell) for cell in table.get_row("mine")][:3] == ["Mine", "15 s", "1"]
        table.move_cursor(row=table.get_row_index("mine"))
        mine.write_text(MINE.replace("hold: 4s", "hold: 9s").replace("name: Mine", "name: Mine, longer"),
                        encoding="utf-8")
        (mine.parent / "a-first.yaml").write_text(MINE.replace("Mine", "A first"), encoding="utf-8")
        os.mkfifo(mine.parent / "pipe.yaml")
        await away_and_back(pilot)
        assert [str(cell) for cell in table.get_row("mine")][:3] == ["Mine, longer", "25 s", "1"]
        assert table.get_row_index("a-first") < table.get_row_index("mine")
        assert table.coordinate_to_cell_key(table.cursor_coordinate)[0].value == "mine"
        assert any("pipe.yaml" in str(notice.message) for notice in app._notifications)
