"""Hostile text written through every output path: no ESC, C1 or other terminal control reaches stdout or the screen.

The text comes in where a person's files can put it: routine file names and contents, an imported
history (names, notes), activity names and notes given to `coach log`, and file names quoted in errors.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from coach.history.model import StoredExercise, StoredSession
from coach.paths import Places
from coach.routine.model import Exercise, Phase, PhaseKind, Routine
from coach.settings import Settings
from coach.tui.app import CoachApp
from coach.tui.history_app import HistoryApp
from coach.tui.screens.history import HistoryData, SessionDetailScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.session import SessionScreen
from coach.tui.screens.summary import SummaryScreen
from tests.helpers.tui import FakeClock, advance, wait_for_screen

ROOT = Path(__file__).resolve().parents[1]
TITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J"
CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4=\x1b\\"
C1_CSI = "\x9b31m"
HOSTILE = f"Bridge{TITLE}{CLEAR}{CLIPBOARD}{C1_CSI}\u202eevil"
# What must never reach a terminal: ESC, other C0 (but tab and newline), DEL and C1.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def assert_clean(text: str, where: str) -> None:
    found = UNSAFE.search(text)
    assert found is None, f"{where}: {found.group()!r} reached the output near {text[max(0, found.start() - 30):found.end() + 30]!r}"


def coach(*arguments: str, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "coach", *arguments], capture_output=True, timeout=60,
                          env={**os.environ, "COACH_HOME": str(home)}, stdin=subprocess.DEVNULL, cwd=ROOT)


def yaml_escaped(text: str) -> str:
    return json.dumps(text)  # a JSON string is a YAML double-quoted string: escapes make the control characters


@pytest.fixture
def home(tmp_path) -> Path:
    home = tmp_path / "home"
    routines = home / "routines"
    routines.mkdir(parents=True)
    evil_name = f"evil{CLEAR}{TITLE}"
    (routines / f"{evil_name}.yaml").write_text(
        f"name: {yaml_escaped(HOSTILE)}\nphases:\n  - name: {yaml_escaped(HOSTILE)}\n    exercises:\n"
        f"      - {{name: {yaml_escaped(HOSTILE)}, duration: 10, cues: [{yaml_escaped(HOSTILE)}]}}\n"
        f"      - {{{yaml_escaped('bad' + CLEAR)}: 1}}\n")
    export = {"format": "coach-history", "version": 1, "sessions": [{
        "uuid": "hostile-1", "routine_name": HOSTILE, "started": "2024-06-03T07:00:00+00:00",
        "ended": "2024-06-03T07:10:00+00:00", "status": "completed", "source": "guided", "planned_seconds": 600,
        "active_seconds": 600, "note": f"=cmd|' /C calc'!A0 {HOSTILE}\nsecond line{CLIPBOARD}",
        "exercises": [{"position": 0, "name": HOSTILE, "phase": HOSTILE, "phase_kind": "main", "status": "done",
                       "planned_seconds": 600, "active_seconds": 600, "sets_completed": 1, "set_count": 1}]}]}
    source = tmp_path / f"import{TITLE}.json"
    source.write_text(json.dumps(export), encoding="utf-8")
    result = coach("import", str(source), home=home)
    assert result.returncode == 0, result.stderr
    assert_clean(result.stdout.decode() + result.stderr.decode(), "coach import")
    result = coach("log", f"Swim{TITLE}", "--minutes", "30", "--note", f"@SUM(A1){C1_CSI}", home=home)
    assert result.returncode == 0, result.stderr
    assert_clean(result.stdout.decode() + result.stderr.decode(), "coach log")
    return home


COMMANDS = {
    "list": lambda home, tmp: ("list",),
    "validate": lambda home, tmp: ("validate", str(next((home / "routines").iterdir()))),
    "show text": lambda home, tmp: ("show", str(next((home / "routines").iterdir()))),
    "run of a bad file": lambda home, tmp: ("run", str(next((home / "routines").iterdir()))),
    "history": lambda home, tmp: ("history",),
    "history --csv": lambda home, tmp: ("history", "--csv"),
    "history --json": lambda home, tmp: ("history", "--json"),
    "history --routine": lambda home, tmp: ("history", "--routine", f"nosuch{TITLE}"),
    "export": lambda home, tmp: ("export", str(tmp / f"out{CLEAR}.json")),
    "import of a bad file": lambda home, tmp: ("import", str(tmp / f"missing{TITLE}.json")),
    "new": lambda home, tmp: ("new", f"Mine{TITLE}"),
    "show of an unknown name": lambda home, tmp: ("show", f"nosuch{CLEAR}"),
}


@pytest.mark.parametrize("command", COMMANDS)
def test_no_control_character_reaches_stdout_or_stderr(home, tmp_path, command):
    result = coach(*COMMANDS[command](home, tmp_path), home=home)
    assert b"Traceback" not in result.stderr
    assert_clean(result.stdout.decode("utf-8"), f"{command} stdout")
    assert_clean(result.stderr.decode("utf-8"), f"{command} stderr")


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(home):
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(coach("history", "--csv", home=home).stdout.decode())))
    assert [row["note"][:5] for row in rows] == ["'=cmd", "'@SUM"]


def test_history_json_keeps_the_text_exactly_in_json_escapes(home):
    [imported, _] = json.loads(coach("history", "--json", home=home).stdout)["sessions"]
    assert imported["routine_name"] == HOSTILE


# -- the screens ----------------------------------------------------------------------------------

def screen_text(app) -> str:
    """Every character the app would send to the terminal as text, for the whole screen."""
    update = app.screen._compositor.render_full_update()
    return "".join(segment.text for strip in update.strips for segment in strip)


def hostile_routine() -> Routine:
    """A routine as if a loader had let hostile text through: the screens must not trust the loader."""
    exercise = Exercise(name=HOSTILE, duration=5.0, cues=(HOSTILE,), say=None)
    return Routine(name=HOSTILE, phases=(Phase(name=HOSTILE, kind=PhaseKind.MAIN, exercises=(exercise, exercise)),),
                   safety=HOSTILE, get_ready=0.0)


@pytest.mark.pilot
async def test_session_summary_and_dialogs_show_no_control_characters(tmp_path):
    clock = FakeClock()
    app = CoachApp(Places(tmp_path, tmp_path), routine=hostile_routine(), settings=Settings(safety_acknowledged=True),
                   no_checkin=True, now=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(30):  # the routine's own safety note first
            await pilot.pause()
        assert_clean(screen_text(app), "safety note")
        await pilot.press("enter")
        screen = await wait_for_screen(pilot, SessionScreen)
        assert_clean(screen_text(app), "session")
        await pilot.press("x")  # it hurts: the dialog names the exercise
        for _ in range(5):
            await pilot.pause()
        assert_clean(screen_text(app), "it-hurts dialog")
        await pilot.press("c")
        await advance(pilot, clock, 10)
        await wait_for_screen(pilot, SummaryScreen)
        app.notify(f"a notice with {HOSTILE}")
        await pilot.pause()
        assert_clean(screen_text(app), "summary with a notice")


@pytest.mark.pilot
async def test_home_lists_hostile_file_names_without_control_characters(home):
    app = CoachApp(Places(home, home), settings=Settings(safety_acknowledged=True))
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        for _ in range(5):
            await pilot.pause()
        text = screen_text(app)
    assert "evil" in text
    assert_clean(text, "home")


@pytest.mark.pilot
async def test_history_and_session_detail_show_no_control_characters():
    started = datetime(2024, 6, 3, 7, tzinfo=timezone.utc)
    session = StoredSession(id=1, uuid="u", routine_name=HOSTILE, started=started, status="completed", source="guided",
                            planned_seconds=600, active_seconds=600, exercise_count=1, done_count=1,
                            note=f"{HOSTILE}\nline two")
    exercises = [StoredExercise(0, HOSTILE, HOSTILE, "main", "done", 60.0, 60.0, 1, 1)]
    app = HistoryApp(HistoryData([session], {1: exercises}), Settings(), today=date(2024, 6, 5), tz=timezone.utc)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert_clean(screen_text(app), "history")
        await pilot.press("enter")
        await wait_for_screen(pilot, SessionDetailScreen)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
    assert "line two" in text
    assert_clean(text, "session detail")
