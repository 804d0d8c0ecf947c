"""The app with a real history store: sessions land as they run, home shows the week, h opens history."""

from __future__ import annotations

import json
import os
import pty
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coach.history.journal import HistoryJournal
from coach.history.store import HistoryStore
from coach.paths import Places
from coach.settings import Settings
from coach.tui.app import CoachApp
from coach.tui.screens.history import HistoryScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.session import SessionScreen
from coach.tui.screens.summary import SummaryScreen
from tests.helpers.tui import FakeClock, advance, make_app, wait_for_screen


def history_json(home: Path) -> list[dict]:
    result = subprocess.run([sys.executable, "-m", "coach", "history", "--json"], capture_output=True, text=True,
                            env={**os.environ, "COACH_HOME": str(home)}, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["sessions"]


@pytest.mark.pilot
async def test_a_guided_session_lands_in_the_history_with_its_exercises(tmp_path):
    home = tmp_path / "data"
    store = HistoryStore.open(Places(home, home).history_db)
    journal = HistoryJournal(store)
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock, journal=journal, store=store, no_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(20):
            await pilot.pause()
        await pilot.press("4")
        await wait_for_screen(pilot, SessionScreen)
        await advance(pilot, clock, 20)
        await pilot.press("N")  # skip Bird dog
        await advance(pilot, clock, 3)  # the get-ready before Dead bug
        await advance(pilot, clock, 6)
        await pilot.press("enter")  # Dead bug done
        await wait_for_screen(pilot, SummaryScreen)
        await pilot.press("2")
        await pilot.press("q")
        for _ in range(20):
            await pilot.pause()
    journal.close()
    store.close()
    [session] = history_json(home)
    assert (session["routine_name"], session["status"], session["pain_before"], session["pain_after"]) == (
        "Test routine", "completed", 4, 2)
    assert [(e["name"], e["status"], e["active_seconds"]) for e in session["exercises"]] == [
        ("Cat-cow", "done", 12), ("Bird dog", "skipped", 0), ("Dead bug", "done", 6)]


@pytest.mark.pilot
async def test_home_shows_the_week_strip_and_h_opens_the_history(tmp_path):
    home = tmp_path / "data"
    store = HistoryStore.open(Places(home, home).history_db)
    app = CoachApp(Places(home, home), settings=Settings(safety_acknowledged=True), store=store,
                   journal=HistoryJournal(store), now=FakeClock())
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_for_screen(pilot, HomeScreen)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert str(screen.query_one("#week-strip").content) == "This week ○○○ 0 of 3 · 0 of 90 aerobic min"
        await pilot.press("h")
        await wait_for_screen(pilot, HistoryScreen)
        await pilot.press("escape")
        await wait_for_screen(pilot, HomeScreen)
    store.close()


def test_kill_9_mid_session_keeps_the_exercises_that_ended(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "settings.yaml").write_text("safety_acknowledged: true\n")
    routine = tmp_path / "quick.yaml"
    routine.write_text(
        "name: Quick\ndefaults: {get_ready: 0, rest: 0}\nphases:\n  - name: P\n    exercises:\n"
        "      - {name: One, duration: 1}\n      - {name: Two, duration: 1}\n      - {name: Three, duration: 60}\n"
    )
    env = {**os.environ, "COACH_HOME": str(home), "TERM": "xterm-256color", "ALSA_CONFIG_PATH": str(tmp_path / "none")}
    (tmp_path / "none").write_text("pcm.!default { type null }\n")
    pid, terminal = pty.fork()
    if pid == 0:  # the child: coach in a real pseudo-terminal
        os.execve(sys.executable, [sys.executable, "-m", "coach", "run", str(routine), "--no-checkin"], env)
    try:
        deadline = time.monotonic() + 30
        ended: list[dict] = []
        while time.monotonic() < deadline:
            _drain(terminal)
            ended = _ended_exercises(home / "history.db")
            if len(ended) >= 2:
                break
            time.sleep(0.1)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    finally:
        os.close(terminal)
    assert [row[0] for row in ended] == ["One", "Two"]
    [session] = history_json(home)
    assert session["status"] == "interrupted"
    assert [(e["name"], e["status"]) for e in session["exercises"]] == [("One", "done"), ("Two", "done")]


def _drain(terminal: int) -> None:
    """Read what coach drew, so it never blocks on a full terminal."""
    import select

    while select.select([terminal], [], [], 0)[0]:
        try:
            if not os.read(terminal, 65536):
                return
        except OSError:
            return


def _ended_exercises(database: Path) -> list[tuple]:
    import sqlite3

    if not database.exists():
        return []
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as connection:
            return connection.execute("SELECT name FROM exercises ORDER BY position").fetchall()
    except sqlite3.Error:
        return []
