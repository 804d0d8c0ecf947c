"""The program on screen: home's Today card and its key, the next-morning check, and the summary's
"Next time" line changing with the pain answer."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest

from coach.history import program_log
from coach.history.journal import HistoryJournal
from coach.history.store import HistoryStore
from coach.paths import Places
from coach.program.catalog import load_program_file
from coach.program.decide import NextDay
from coach.settings import Settings
from coach.tui.app import CoachApp
from coach.tui.screens.checkin import PainCheckinScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.next_day import NextDayScreen
from coach.tui.screens.summary import SummaryScreen
from tests.helpers import FakeClock, screen_lines, wait_for_screen
from tests.test_program_e2e import FLARE, PROGRAM, TINY, run_day

TODAY = date.today()


@pytest.fixture
def places(tmp_path) -> Places:
    (tmp_path / "tiny.yaml").write_text(TINY, encoding="utf-8")
    (tmp_path / "easy.yaml").write_text(FLARE, encoding="utf-8")
    (tmp_path / "program.yaml").write_text(PROGRAM, encoding="utf-8")
    home = tmp_path / "home"
    return Places(home, home)


def follow(places: Places, tmp_path, day: date = TODAY) -> None:
    program = load_program_file(tmp_path / "program.yaml", places)
    with HistoryStore.open(places.history_db) as store:
        program_log.start(store, program.name, str(tmp_path / "program.yaml"), 1,
                          datetime.combine(day, time(6, 0), timezone.utc))


def home_app(places: Places, store, day: date = TODAY) -> CoachApp:
    return CoachApp(places, settings=Settings(safety_acknowledged=True), store=store, journal=HistoryJournal(store),
                    now=FakeClock(), today=lambda: day)


async def settle(pilot, rounds: int = 10) -> None:
    await pilot.app.workers.wait_for_complete()
    for _ in range(rounds):
        await pilot.pause()


@pytest.mark.parametrize("size", [(40, 12), (100, 30), (160, 50)])
async def test_home_shows_todays_plan_and_t_starts_it(places, tmp_path, size):
    follow(places, tmp_path)
    with HistoryStore.open(places.history_db) as store:
        app = home_app(places, store)
        async with app.run_test(size=size) as pilot:
            screen = await wait_for_screen(pilot, HomeScreen)
            await settle(pilot)
            card = str(screen.query_one("#today").content).splitlines()
            assert card[:2] == ["Today · Tiny program · Stage 1 of 3 · One",
                                "Tiny (3 s), and a 10-minute aerobic bout  ·  t starts it"]
            assert card[-1] == "This week: 0 of 5 sessions · 0 of 30 aerobic minutes"
            if size[1] >= 30:
                assert any("Today · Tiny program" in line for line in screen_lines(app))
            await pilot.press("t")
            checkin = await wait_for_screen(pilot, PainCheckinScreen)
            assert checkin is pilot.app.screen and app.plan is not None
            await pilot.press("escape")
            await wait_for_screen(pilot, HomeScreen)


async def test_without_a_program_there_is_no_card_and_t_does_nothing(places):
    with HistoryStore.open(places.history_db) as store:
        app = home_app(places, store)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await wait_for_screen(pilot, HomeScreen)
            await settle(pilot)
            assert not screen.query_one("#today").display
            await pilot.press("t")
            await settle(pilot, 3)
            assert isinstance(pilot.app.screen, HomeScreen)


async def test_the_morning_after_a_session_home_asks_once_and_keeps_the_answer(places, tmp_path):
    yesterday = TODAY - timedelta(days=1)
    follow(places, tmp_path, yesterday)
    await run_day(places.data_dir, places, yesterday, 3, 2, morning_after=False)
    with HistoryStore.open(places.history_db) as store:
        app = home_app(places, store)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, NextDayScreen)
            text = "\n".join(screen_lines(app))
            assert "How is your back this morning, compared with before yesterday's session?" in text
            assert "(Yesterday: Tiny," in text
            await pilot.press("7")  # a score before better/same/worse is not taken
            assert isinstance(pilot.app.screen, NextDayScreen)
            await pilot.press("w", "6")
            await wait_for_screen(pilot, HomeScreen)
            await settle(pilot)
        assert store.read("SELECT answer, pain FROM next_day") == [("worse", 6)]
        [session] = program_log.history_of(store, program_log.active(store)).sessions
        assert (session.next_day, session.next_day_pain) == (NextDay.WORSE, 6)
        app = home_app(places, store)  # coach started again the same morning: not asked twice
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, HomeScreen)
            await settle(pilot)
            assert isinstance(pilot.app.screen, HomeScreen)
            # and the answer moved the program: next-day pain 6 is red, so stage 1 holds its floor
            assert "Staying at stage 1" in str(pilot.app.screen.query_one("#today").content)


async def test_the_next_morning_check_can_be_skipped_and_is_not_asked_again(places, tmp_path):
    yesterday = TODAY - timedelta(days=1)
    follow(places, tmp_path, yesterday)
    await run_day(places.data_dir, places, yesterday, 3, 2, morning_after=False)
    with HistoryStore.open(places.history_db) as store:
        async with home_app(places, store).run_test(size=(40, 12)) as pilot:
            await wait_for_screen(pilot, NextDayScreen)
            assert any("k skip" in line for line in screen_lines(pilot.app))  # the key is on screen at 40x12
            await pilot.press("k")
            await wait_for_screen(pilot, HomeScreen)
            await settle(pilot)
        assert store.read("SELECT answer, pain FROM next_day") == [(None, None)]
        async with home_app(places, store).run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, HomeScreen)
            await settle(pilot)
            assert isinstance(pilot.app.screen, HomeScreen)


async def test_the_summary_says_what_the_session_means_and_changes_with_the_pain_answer(places, tmp_path):
    follow(places, tmp_path)
    store = HistoryStore.open(places.history_db)
    from coach.history.following import todays_plan

    plan = todays_plan(store, places, TODAY)
    clock = FakeClock()
    app = CoachApp(places, routine=plan.decision.plan, plan=plan, settings=Settings(safety_acknowledged=True),
                   store=store, journal=HistoryJournal(store), now=clock, no_checkin=True, today=lambda: TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(4):
            clock.advance(2.5)
            if hasattr(pilot.app.screen, "tick"):
                pilot.app.screen.tick()
            await pilot.pause()
        summary = await wait_for_screen(pilot, SummaryScreen)
        next_time = summary.query_one("#next-time")
        assert str(next_time.content) == ("What comes next in your program depends on how your back is now: "
                                          "press 0–9 or t.")
        await pilot.press("s")  # skipped: the session counts, but cannot move the program on
        await pilot.pause()
        assert str(next_time.content).splitlines() == [
            "Next time: the same plan.", "Staying at this stage: answer the pain check-in to progress."]
        await pilot.press("2")
        await pilot.pause()
        assert str(next_time.content).splitlines()[1].startswith("1 of 3 comfortable sessions at this stage")
        await pilot.press("7")  # another number changes the answer, and what it means
        await pilot.pause()
        lines = str(next_time.content).splitlines()
        assert lines[1] == "Staying at stage 1, the gentlest: pain after was 7."
        assert lines[-1].startswith("If the pain does not settle") and next_time.has_class("-warning")
        await pilot.press("q")
        await settle(pilot)
    app.journal.close()
    store.close()
