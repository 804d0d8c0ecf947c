"""The summary saves pain after and the note at once, and says in its body whether the history has the session."""

from __future__ import annotations

import sqlite3

import pytest

from coach.history.journal import HistoryJournal
from coach.history.store import HistoryStore
from coach.tui.screens.summary import SummaryScreen
from tests.helpers.tui import advance, make_app, text_of, wait_for_screen
from coach.tui.screens.session import SessionScreen

pytestmark = pytest.mark.pilot  # every test here drives the app through Pilot


async def finish(pilot, clock) -> SummaryScreen:
    await wait_for_screen(pilot, SessionScreen)
    await advance(pilot, clock, 63)
    await pilot.press("enter")
    return await wait_for_screen(pilot, SummaryScreen)


async def settle(pilot, journal) -> None:
    journal.flush()
    for _ in range(5):
        await pilot.pause()


async def test_pain_after_and_note_are_in_the_history_before_leaving(tmp_path, clock):
    db = tmp_path / "data" / "history.db"
    store = HistoryStore.open(db)
    journal = HistoryJournal(store)
    app = make_app(tmp_path, clock=clock, journal=journal, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        summary = await finish(pilot, clock)
        await pilot.press("7")
        await settle(pilot, journal)
        assert store.sessions()[-1].pain_after == 7
        await pilot.press("4")  # another number changes the answer
        await settle(pilot, journal)
        assert text_of(summary, "#pain-question").startswith("Pain now: 4")
        assert store.sessions()[-1].pain_after == 4
        await pilot.press("n", *"sore knee")  # typed, not yet submitted
        await settle(pilot, journal)
        assert store.sessions()[-1].note == "sore knee"
        assert text_of(summary, "#save-status") == "✓ Saved to your history."
    journal.close()
    store.close()


async def test_a_locked_history_is_named_in_the_body_and_r_retries_once_it_is_free(tmp_path, monkeypatch, clock):
    from coach.history import errors, store as store_module

    monkeypatch.setattr(errors, "BUSY_TIMEOUT_SECONDS", 0.05)
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_SECONDS", 0.05)
    db = tmp_path / "data" / "history.db"
    store = HistoryStore.open(db)
    journal = HistoryJournal(store)
    app = make_app(tmp_path, clock=clock, journal=journal, store=store)
    holder = sqlite3.connect(db, isolation_level=None)
    async with app.run_test(size=(100, 30)) as pilot:
        summary = await finish(pilot, clock)
        await settle(pilot, journal)
        holder.execute("BEGIN EXCLUSIVE")  # another program holds the history past the end of the session
        await pilot.press("5")
        await settle(pilot, journal)
        line = text_of(summary, "#save-status")
        assert line.startswith("✗ NOT SAVED to your history: ")
        assert "locked by another program" in line and "Press r to try again" in line
        assert summary.has_class("-failed") or summary.query_one("#save-status").has_class("-failed")
        holder.execute("ROLLBACK")
        await pilot.press("r")
        await settle(pilot, journal)
        assert text_of(summary, "#save-status") == "✓ Saved to your history."
    holder.close()
    assert journal.unsaved() == []
    journal.close()
    assert store.sessions()[-1].pain_after == 5
    store.close()


async def test_without_a_history_the_summary_says_not_saved_and_why(tmp_path, clock):
    blocked = tmp_path / "data"
    blocked.mkdir()
    (blocked / "history.db").mkdir()  # a folder where the history should be
    journal = HistoryJournal(None, path=blocked / "history.db", problem="the history is a folder")
    app = make_app(tmp_path, clock=clock, journal=journal)
    async with app.run_test(size=(100, 30)) as pilot:
        summary = await finish(pilot, clock)
        await settle(pilot, journal)
        line = text_of(summary, "#save-status")
        assert line.startswith(f"✗ NOT SAVED to your history: {blocked / 'history.db'} is a folder")
        assert len(journal.unsaved()) == 1
    journal.close()
