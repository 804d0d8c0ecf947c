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
@pytest.mark.pilot
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


@pytest.mark.pilot
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


@pytest.mark.pilot
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


@pytest.mark.pilot
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


@pytest.mark.pilot
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


# -- the morning answer comes before the plan, and is asked once -----------------------------------------------

@pytest.mark.pilot
async def test_a_bad_morning_changes_the_plan_coach_run_chose_before_it_was_asked(places, tmp_path):
    """`coach run` picks today's plan before the app starts; the morning answer (pain 8, usual 2) starts a
    flare-up, so the session run is the flare-up routine, said so on the session screen, and recorded."""
    start = TODAY - timedelta(days=3)
    follow(places, tmp_path, start)
    for offset in range(3):
        await run_day(places.data_dir, places, start + timedelta(days=offset), 2, 1, morning_after=offset > 0)
    store = HistoryStore.open(places.history_db)
    from coach.history.following import todays_plan
    from coach.tui.screens.session import SessionScreen

    plan = todays_plan(store, places, TODAY)
    assert (plan.decision.stage, plan.decision.flare) == (2, False)  # chosen before the morning's answer
    app = CoachApp(places, routine=plan.decision.plan, plan=plan, settings=Settings(safety_acknowledged=True),
                   store=store, journal=HistoryJournal(store), now=FakeClock(), no_checkin=True, today=lambda: TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, NextDayScreen)
        await pilot.press("w", "8")
        session = await wait_for_screen(pilot, SessionScreen)
        assert session.engine.session.routine_name == "Easy"
        assert app.plan.decision.flare and app.plan is not plan
        assert any("Today's plan changed after this morning's answer" in line for line in screen_lines(app))
        await pilot.press("q", "y")
        await wait_for_screen(pilot, SummaryScreen)
        await pilot.press("q")
        await settle(pilot)
    app.journal.close()
    recorded = program_log.decisions(store)
    assert (recorded[-2].action, recorded[-2].flare) == ("flare_up", True)  # recorded when the answer came
    # yesterday's session is red now (8 the next morning): no advance, and a flare-up from stage 1
    assert (app.plan.decision.stage, app.plan.decision.flare) == (1, True)
    assert store.read("SELECT p.stage, p.flare FROM program_sessions AS p JOIN sessions AS s ON s.uuid = p.uuid"
                      " WHERE s.routine_name = 'Easy'") == [(1, 1)]  # today's session counts as the flare-up's
    store.close()


@pytest.mark.pilot
async def test_t_straight_after_a_bad_morning_starts_the_new_plan(places, tmp_path, monkeypatch):
    """Home reads today's plan again after the morning answer, off the event loop and after the history's writes:
    `t` pressed before that read ends still starts the plan the answer made (a flare-up), not the one before."""
    import time as wall

    from coach.tui.screens.session import SessionScreen

    start = TODAY - timedelta(days=3)
    follow(places, tmp_path, start)
    for offset in range(3):
        await run_day(places.data_dir, places, start + timedelta(days=offset), 2, 1, morning_after=offset > 0)
    reads = []
    read_plan = HomeScreen._read_todays_plan

    def slow_after_the_first(screen, store):
        reads.append(store)
        if len(reads) > 1:
            wall.sleep(1.0)  # a busy history: the card is read again after `t` is pressed
        return read_plan(screen, store)

    monkeypatch.setattr(HomeScreen, "_read_todays_plan", slow_after_the_first)
    with HistoryStore.open(places.history_db) as store:
        app = home_app(places, store)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, NextDayScreen)
            await pilot.press("w", "8")
            await wait_for_screen(pilot, HomeScreen)
            await pilot.press("t")
            await wait_for_screen(pilot, PainCheckinScreen)
            await pilot.press("2")
            session = await wait_for_screen(pilot, SessionScreen)
            assert session.engine.session.routine_name == "Easy"
            await pilot.press("q", "y")
            await wait_for_screen(pilot, SummaryScreen)
            await pilot.press("q")
            await settle(pilot)


def _guided(store, number: int, started: datetime, **columns) -> str:
    uuid = f"00000000-0000-4000-8000-{number:012d}"
    values = {"uuid": uuid, "routine_name": f"Routine {number}", "started": started.isoformat(timespec="seconds"),
              "status": "completed", "source": "guided", "done_count": 1, "exercise_count": 1, **columns}
    store.write(lambda connection: connection.execute(
        f"INSERT INTO sessions ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})", tuple(values.values())))
    return uuid


def test_the_morning_question_is_about_yesterdays_program_session_and_asked_once(places, tmp_path):
    follow(places, tmp_path, TODAY - timedelta(days=2))
    yesterday = datetime.combine(TODAY - timedelta(days=1), time(8), timezone.utc)
    with HistoryStore.open(places.history_db) as store:
        assert program_log.next_day_question(store, TODAY, timezone.utc) is None  # no session yesterday
        _guided(store, 1, yesterday - timedelta(days=1))  # the day before yesterday: too long ago
        assert program_log.next_day_question(store, TODAY, timezone.utc) is None
        program = _guided(store, 2, yesterday, done_count=0, painful_count=1, status="pain_stopped")
        _guided(store, 3, yesterday + timedelta(hours=3))  # another routine, later the same day
        _guided(store, 4, yesterday + timedelta(hours=4), done_count=0)  # quit at once: nothing to ask about
        program_log.tag_session(store, program, program_log.active(store), 1, False)
        question = program_log.next_day_question(store, TODAY, timezone.utc)
        assert question.uuid == program  # the program's session, though it stopped at once with "it hurts"
        program_log.answer_next_day(store, program, None, None, yesterday + timedelta(days=1))  # skipped
        assert program_log.next_day_question(store, TODAY, timezone.utc) is None  # once, not once a session


@pytest.mark.pilot
async def test_the_first_program_session_counts_even_when_home_refreshes_its_card_during_the_safety_note(
        places, tmp_path):
    """A fresh install: t, the safety note (home refreshes its Today card behind it), the check-in, a session."""
    follow(places, tmp_path)
    from coach.tui.screens.dialogs import NoticeScreen
    from coach.tui.screens.session import SessionScreen

    with HistoryStore.open(places.history_db) as store:
        app = CoachApp(places, settings=Settings(), store=store, journal=HistoryJournal(store), now=FakeClock(),
                       today=lambda: TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, HomeScreen)
            await settle(pilot)
            await pilot.press("t")
            await wait_for_screen(pilot, NoticeScreen)
            await pilot.press("enter")
            await wait_for_screen(pilot, PainCheckinScreen)
            home = app.screen_stack[1]
            home.refresh_week_strip()  # home's card is read again meanwhile (as on resume): a new plan object
            before = app.plan
            await app.workers.wait_for_complete([worker for worker in app.workers if worker.group == "week-strip"])
            for _ in range(5):
                await pilot.pause()
            assert app.plan is not before
            await pilot.press("2")
            await wait_for_screen(pilot, SessionScreen)
            await pilot.press("q", "y")
            summary = await wait_for_screen(pilot, SummaryScreen)
            await pilot.press("1")
            await pilot.pause()
            assert str(summary.query_one("#next-time").content).startswith("Next time:")
            await pilot.press("q")
            for _ in range(5):
                await pilot.pause()
        app.journal.close()
        assert len(store.read("SELECT uuid FROM program_sessions")) == 1
