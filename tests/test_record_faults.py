"""Nothing entered is lost: signals, a killed process and a locked history, through a real terminal."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.terminal import CoachInTerminal

ONE_EXERCISE = ("name: Tiny\ndefaults: {get_ready: 0, rest: 0}\nphases:\n  - name: P\n    exercises:\n"
                "      - {name: One, duration: 1}\n")
TWO_EXERCISES = ("name: Quick\ndefaults: {get_ready: 0, rest: 0}\nphases:\n  - name: P\n    exercises:\n"
                 "      - {name: One, duration: 1}\n      - {name: Two, duration: 60}\n")
LEAVE_ALTERNATE_SCREEN = b"\x1b[?1049l"
MOUSE_OFF = b"\x1b[?1000l"


@pytest.fixture
def home(tmp_path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    (home / "state.json").write_text('{"safety_acknowledged": true}')
    return home


def routine(tmp_path: Path, text: str) -> str:
    path = tmp_path / "routine.yaml"
    path.write_text(text)
    return str(path)


def coach(*args: str, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "coach", *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "COACH_HOME": str(home)}, stdin=subprocess.DEVNULL)


def wait_for_saved_exercises(terminal: CoachInTerminal, home: Path, count: int, timeout: float = 20) -> None:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        terminal.pump(0.1)
        try:
            with sqlite3.connect(f"file:{home / 'history.db'}?mode=ro", uri=True, timeout=1) as connection:
                if connection.execute("SELECT count(*) FROM exercises").fetchone()[0] >= count:
                    return
        except sqlite3.Error:
            pass
    raise AssertionError("the exercises were never saved")


def sessions(home: Path) -> list[dict]:
    result = coach("history", "--json", home=home)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["sessions"]


@pytest.mark.parametrize("ending, status", [("SIGTERM", 143), ("SIGHUP", 129), ("SIGINT", 130), ("hang-up", 129)])
def test_a_signal_mid_session_saves_it_as_interrupted_and_restores_the_terminal(home, tmp_path, ending, status):
    terminal = CoachInTerminal("run", routine(tmp_path, TWO_EXERCISES), "--no-checkin", home=home)
    try:
        wait_for_saved_exercises(terminal, home, 1)
        if ending == "hang-up":
            terminal.hang_up()
        else:
            terminal.signal(getattr(signal, ending))
        assert terminal.wait() == status
    finally:
        terminal.close()
    if ending != "hang-up":  # a closed terminal shows nothing; there is nothing to restore
        tail = terminal.output[terminal.output.rindex(LEAVE_ALTERNATE_SCREEN):]
        assert MOUSE_OFF in tail
    [session] = sessions(home)
    assert session["status"] == "interrupted"
    assert [(exercise["name"], exercise["status"]) for exercise in session["exercises"]] == [
        ("One", "done"), ("Two", "skipped")]


@pytest.mark.parametrize("ending", ["kill -9", "hang-up"])
def test_pain_after_and_a_note_typed_on_the_summary_survive_the_end_of_coach(home, tmp_path, ending):
    terminal = CoachInTerminal("run", routine(tmp_path, ONE_EXERCISE), "--no-checkin", home=home)
    try:
        terminal.wait_for("How is your back now?")
        terminal.press("4")
        terminal.wait_for("Pain now: 4")
        terminal.press("n")
        terminal.pump(0.3)
        terminal.press("stiff")  # typed, Enter not pressed
        terminal.wait_for("Saved to your history")
        terminal.pump(1.0)
        if ending == "kill -9":
            terminal.signal(signal.SIGKILL)
        else:
            terminal.hang_up()
        terminal.wait()
    finally:
        terminal.close()
    [session] = sessions(home)
    assert (session["status"], session["pain_after"], session["note"]) == ("completed", 4, "stiff")


def test_a_history_locked_past_the_end_of_a_session_is_said_kept_in_a_recovery_file_and_added_next_time(home, tmp_path):
    assert coach("log", "Walk", "--minutes", "5", home=home).returncode == 0
    holder = sqlite3.connect(home / "history.db", isolation_level=None)
    terminal = CoachInTerminal("run", routine(tmp_path, ONE_EXERCISE), "--no-checkin", home=home)
    try:
        terminal.wait_for("One")
        holder.execute("BEGIN EXCLUSIVE")  # another program holds the history from now on
        terminal.wait_for("NOT SAVED to your history", timeout=30)
        assert "locked by another program" in terminal.text
        terminal.press("q")
        assert terminal.wait(timeout=10) == 3
    finally:
        terminal.close()
        holder.execute("ROLLBACK")
        holder.close()
    [kept] = list((home / "recovery").glob("recovered-*.json"))
    assert f"It is kept in {kept}" in terminal.text.replace("\r\n", "")
    result = coach("history", "--json", home=home)
    assert result.stderr == "coach: Recovered 1 session that could not be saved before; it is in your history now.\n"
    recovered = json.loads(result.stdout)["sessions"]
    assert [(session["routine_name"], session["status"]) for session in recovered] == [
        ("Walking", "completed"), ("Tiny", "completed")]
    assert not kept.exists()


def test_coach_run_without_a_terminal_exits_2_at_once(home, tmp_path):
    result = coach("run", routine(tmp_path, ONE_EXERCISE), home=home)  # stdin is /dev/null
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == ("coach: coach run needs a terminal (standard input and output are not one); "
                             "run it in a terminal window\n")
    assert not (home / "history.db").exists()
