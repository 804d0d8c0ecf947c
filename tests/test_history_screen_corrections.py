"""Correcting the history from its screen: e edits pain and note, d deletes after y/n, u undoes."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from textual.widgets import DataTable, Input

from coach.history.store import HistoryStore
from coach.settings import Settings
from coach.tui.history_app import HistoryApp
from coach.tui.screens.confirm import ConfirmScreen
from coach.tui.screens.edit_session import EditSessionScreen
from coach.tui.screens.history import HistoryScreen
from tests.helpers import wait_for_screen
from tests.test_history_corrections import _session
from tests.test_history_screen import TODAY, UTC

pytestmark = pytest.mark.pilot  # every test here drives the app through Pilot


def store_with(tmp_path, *sessions) -> HistoryStore:
    store = HistoryStore.open(tmp_path / "history.db")
    store.import_sessions(list(sessions))
    return store


async def settled(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def rows(screen) -> list[list[str]]:
    table = screen.query_one("#history-sessions", DataTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


async def test_e_corrects_a_mistyped_pain_score_and_the_note(tmp_path):
    store = store_with(tmp_path, {**_session("swim-1"), "pain_before": 10})
    async with HistoryApp(store, Settings(), today=TODAY, tz=UTC).run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, HistoryScreen)
        await settled(pilot)
        await pilot.press("e")
        dialog = await wait_for_screen(pilot, EditSessionScreen)
        assert dialog.query_one("#pain-before", Input).value == "10"
        dialog.query_one("#pain-before", Input).value = "3"
        dialog.query_one("#note", Input).value = "typed t for 3"
        await pilot.press("enter")
        await wait_for_screen(pilot, HistoryScreen)
        await settled(pilot)
        [session] = store.sessions()
        assert (session.pain_before, session.note, session.edited_at is not None) == (3, "typed t for 3", True)
        assert any("10" not in row[4] and "3" in row[4] for row in rows(screen))
    store.close()


async def test_a_pain_score_off_the_scale_is_refused_in_the_dialog(tmp_path):
    store = store_with(tmp_path, _session("swim-1"))
    async with HistoryApp(store, Settings(), today=TODAY, tz=UTC).run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HistoryScreen)
        await settled(pilot)
        await pilot.press("e")
        dialog = await wait_for_screen(pilot, EditSessionScreen)
        dialog.query_one("#pain-after", Input).value = "12"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, EditSessionScreen)
        assert "not a pain score" in str(dialog.query_one("#edit-problem").content)
        await pilot.press("escape")
        await wait_for_screen(pilot, HistoryScreen)
        assert store.sessions()[0].pain_after is None and store.sessions()[0].edited_at is None
    store.close()


async def test_d_asks_n_keeps_y_deletes_and_u_brings_it_back(tmp_path):
    store = store_with(tmp_path, _session("swim-1"), {**_session("walk-1"), "routine_name": "Walk",
                                                       "started": "2024-06-04T07:00:00+00:00"})
    async with HistoryApp(store, Settings(), today=TODAY, tz=UTC).run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, HistoryScreen)
        await settled(pilot)
        assert [row[1] for row in rows(screen)] == ["Walk", "Swim"]
        await pilot.press("d")
        await wait_for_screen(pilot, ConfirmScreen)
        await pilot.press("n")
        await settled(pilot)
        assert len(store.sessions()) == 2
        await pilot.press("d")
        await wait_for_screen(pilot, ConfirmScreen)
        await pilot.press("y")
        await settled(pilot)
        assert [session.uuid for session in store.sessions()] == ["swim-1"]
        assert [row[1] for row in rows(screen)] == ["Swim"]
        await pilot.press("u")
        await settled(pilot)
        assert sorted(session.uuid for session in store.sessions()) == ["swim-1", "walk-1"]
        assert store.tombstones() == []
        assert not screen.check_action("undo", ())  # one undo for one delete
    store.close()


async def test_the_history_shows_each_routine_against_its_own_weekly_goal(tmp_path):
    from datetime import timedelta

    from tests.test_history_screen import stored

    sessions = [stored(1, TODAY), stored(2, TODAY - timedelta(days=1)), stored(3, TODAY, routine="Gentle 5")]
    from coach.tui.screens.history import HistoryData

    app = HistoryApp(HistoryData(sessions), Settings(), today=TODAY, tz=UTC,
                     routine_goals=lambda: {"Back basics": 5, "Gentle 5": 1, "Desk break": 10})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, HistoryScreen)
        await settled(pilot)
        text = str(screen.query_one("#week-goals").content)
        assert "Back basics  2 of 5 this week" in text and "Gentle 5     1 of 1 this week  ✓" in text
        assert "Desk break" not in text


async def test_editing_a_session_deleted_elsewhere_meanwhile_says_so_and_keeps_going(tmp_path):
    store = store_with(tmp_path, _session("swim-1"))
    async with HistoryApp(store, Settings(), today=TODAY, tz=UTC).run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, HistoryScreen)
        await settled(pilot)
        await pilot.press("e")
        dialog = await wait_for_screen(pilot, EditSessionScreen)
        store.delete_sessions(["swim-1"], datetime(2024, 6, 10, tzinfo=timezone.utc))  # another terminal
        dialog.query_one("#note", Input).value = "too late"
        await pilot.press("enter")
        await settled(pilot)
        assert pilot.app.is_running and isinstance(pilot.app.screen, HistoryScreen)
        assert any("no longer in your history" in str(toast.message) for toast in pilot.app._notifications)
        assert rows(screen) == []
    store.close()


async def test_a_read_only_history_offers_no_edit_or_delete(tmp_path):
    store = store_with(tmp_path, _session("swim-1"))
    store.close()
    reader = HistoryStore.open_read_only(tmp_path / "history.db")
    async with HistoryApp(reader, Settings(), today=TODAY, tz=UTC).run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, HistoryScreen)
        await settled(pilot)
        assert screen.selected() is not None
        assert not screen.check_action("edit", ()) and not screen.check_action("delete", ())
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HistoryScreen)
    reader.close()


async def test_routine_names_with_brackets_show_as_written_in_the_goals_and_the_filter(tmp_path):
    from coach.tui.screens.filter import FilterScreen
    from coach.tui.screens.history import HistoryData
    from tests.helpers import screen_lines
    from tests.test_history_screen import stored

    name = "[bold red]Evil[/] routine"
    app = HistoryApp(HistoryData([stored(1, TODAY, routine=name)]), Settings(), today=TODAY, tz=UTC,
                     routine_goals=lambda: {name: 3})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, HistoryScreen)
        await settled(pilot)
        assert any("[bold red]Evil[/] routine  1 of 3 this week" in line for line in screen_lines(app))
        await pilot.press("f")
        await wait_for_screen(pilot, FilterScreen)
        await pilot.pause()
        assert any("[bold red]Evil[/] routine" in line for line in screen_lines(app))
