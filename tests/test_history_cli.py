"""`coach log`, `coach history`, `coach export` and `coach import`, run as a person runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from coach.history.journal import HistoryJournal
from coach.history.store import HistoryStore
from coach.session.engine import SessionEngine
from coach.session.journal import start_session
from tests.helpers.engine import FakeClock, FakeWall, exercise, run_until, steps
from tests.helpers.cli import run_coach

ROOT = Path(__file__).resolve().parents[1]
TODAY = date.today()


def coach(*arguments: str, home: Path | None = None) -> subprocess.CompletedProcess:
    return run_coach(*arguments, home=home)


def history_json(home: Path | None = None) -> list[dict]:
    result = coach("history", "--json", home=home)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert (document["format"], document["version"]) == ("coach-history", 3)
    return document["sessions"]


# -- coach log --------------------------------------------------------------------------

def test_log_records_a_manual_session_that_counts_toward_this_week(coach_home):
    result = coach("log", "Swimming", "--minutes", "30", "--pain-before", "4", "--pain-after", "2",
                   "--note", "felt loose")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "This week ●○○ 1 of 3 · 30 of 90 aerobic min"
    [session] = history_json()
    assert (session["routine_name"], session["source"], session["status"], session["active_seconds"],
            session["pain_before"], session["pain_after"], session["note"]) == (
        "Swimming", "manual", "completed", 1800, 4, 2, "felt loose")
    assert [(each["name"], each["phase_kind"], each["status"]) for each in session["exercises"]] == [
        ("Swimming", "aerobic", "done")]


def test_log_with_a_past_date_is_recorded_on_that_day_at_midday_local_time(coach_home):
    day = TODAY - timedelta(days=10)
    assert coach("log", "PT visit", "--minutes", "45", "--kind", "main", "--date", day.isoformat()).returncode == 0
    result = coach("history")
    assert f"{day:%a %Y-%m-%d} 12:00  Physiotherapy visit" in result.stdout


@pytest.mark.parametrize(("arguments", "message"), [
    (["--minutes", "0"], "argument --minutes: 0 minutes: give more than 0 and at most 1440 (a day)"),
    (["--minutes", "lots"], "argument --minutes: 'lots' is not a number of minutes, e.g. 30"),
    (["--minutes", "20", "--date", "03/06/2024"], "argument --date: '03/06/2024' is not a date like 2024-06-03"),
    (["--minutes", "20", "--pain-before", "11"], "argument --pain-before: '11' is not a pain score"),
    (["--minutes", "20", "--kind", "yoga"], "argument --kind: invalid choice: 'yoga'"),
    ([], "say what you did and for how long"),
])
def test_log_refuses_bad_input_with_a_clear_message_and_exit_2(coach_home, arguments, message):
    result = coach("log", "Walk", *arguments)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (coach_home / "history.db").exists()


def test_log_refuses_a_future_date(coach_home):
    tomorrow = TODAY + timedelta(days=1)
    result = coach("log", "Walk", "--minutes", "20", "--date", tomorrow.isoformat())
    assert result.returncode == 2
    assert result.stderr.startswith(f"coach: --date {tomorrow} is in the future")


# -- coach history ----------------------------------------------------------------------

def test_history_with_no_sessions_says_how_to_start_and_creates_no_file(coach_home):
    result = coach("history")
    assert (result.returncode, result.stdout) == (0, "No sessions yet. Start one with: coach run back-basics  "
                                                     "(or record an activity with: coach log)\n")
    assert history_json() == []
    assert not (coach_home / "history.db").exists()


def test_history_lists_sessions_newest_first_with_this_week_and_the_streak(coach_home):
    coach("log", "Walk", "--minutes", "20", "--date", (TODAY - timedelta(days=40)).isoformat())
    coach("log", "Swim", "--minutes", "30", "--pain-before", "3", "--pain-after", "1")
    lines = coach("history").stdout.splitlines()
    assert lines[0].split() == ["ID", "Date", "Routine", "Duration", "Done", "Pain", "Status"]
    assert [line.split()[4] for line in lines[1:3]] == ["Swimming", "Walking"]
    assert lines[1].split()[5:] == ["30:00", "100%", "3", "→", "1", "completed", "(logged)"]
    assert all(len(line.split()[0]) == 8 for line in lines[1:3])  # the id edit and delete take
    assert lines[4:] == [f"This week (from {TODAY - timedelta(days=TODAY.weekday()):%a %d %b})",
                         "Sessions   ●○○ 1 of 3", "Aerobic    30 of 90 min",
                         "Streak: none yet. Meet 3 sessions in a week to start one."]


def test_history_filters_by_routine_and_date(coach_home):
    coach("log", "Walk", "--minutes", "20", "--date", (TODAY - timedelta(days=5)).isoformat())
    coach("log", "Walk", "--minutes", "25", "--date", (TODAY - timedelta(days=1)).isoformat())
    coach("log", "Swim", "--minutes", "30", "--date", (TODAY - timedelta(days=1)).isoformat())
    since = (TODAY - timedelta(days=2)).isoformat()
    result = coach("history", "--json", "--routine", "walk", "--since", since)
    assert [session["active_seconds"] for session in json.loads(result.stdout)["sessions"]] == [1500]
    assert [session["routine_name"] for session in json.loads(coach("history", "--json", "--since", since).stdout)
            ["sessions"]] == ["Walking", "Swimming"]


def test_history_of_an_unknown_routine_names_the_ones_there_are(coach_home):
    coach("log", "Walk", "--minutes", "20")
    result = coach("history", "--routine", "yoga")
    assert (result.returncode, result.stderr) == (1, 'coach: no sessions of "yoga" in your history (it has: Walking)\n')


def test_history_csv_has_one_line_per_session(coach_home):
    coach("log", "Walk", "--minutes", "20", "--pain-after", "2")
    lines = coach("history", "--csv").stdout.splitlines()
    assert lines[0].startswith("started_local,routine,status,source,work_minutes,total_minutes,planned_minutes")
    assert lines[1].split(",")[1:13] == ["Walking", "completed", "manual", "20.0", "20.0", "20.0", "100", "1", "1",
                                         "0", "20.0", ""]


def test_history_without_a_screen_does_not_import_textual(coach_home):
    coach("log", "Walk", "--minutes", "20")
    code = ("import sys; from coach.cli import main; main(['history']); main(['history', '--json']); "
            "main(['log', 'Swim', '--minutes', '5']); assert 'textual' not in sys.modules, 'textual imported'")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr


# -- a real session, through the journal, to coach history --json -----------------------

def test_a_guided_session_shows_in_history_json_with_each_exercises_status_and_seconds(coach_home, tmp_path):
    timeline = steps(tmp_path, exercise("Bridge", duration=30), exercise("Plank", duration=20),
                     exercise("Bird dog", duration=40), exercise("Stretch", duration=10))
    clock = FakeClock()
    engine = SessionEngine("Core test", timeline, now=clock, wall=FakeWall(clock))
    engine.session.pain_before = 4
    with HistoryStore.open(coach_home / "history.db") as store:
        journal = HistoryJournal(store)
        start_session(engine, journal)
        run_until(engine, clock, 30)  # Bridge done
        run_until(engine, clock, 35)
        engine.skip()  # Plank: 5 s of work, partial
        run_until(engine, clock, 45)
        engine.hurt()  # Bird dog: 10 s, painful
        engine.stop()  # Stretch never started: skipped
        engine.session.pain_after, engine.session.note = 5, "bird dog pinched"
        journal.summary_changed(engine.session)
        journal.close()
        assert journal.problem is None
    [session] = history_json()
    assert (session["routine_name"], session["status"], session["source"], session["pain_before"],
            session["pain_after"], session["note"], session["active_seconds"], session["planned_seconds"]) == (
        "Core test", "pain_stopped", "guided", 4, 5, "bird dog pinched", 45, 100)
    assert [(each["position"], each["name"], each["status"], each["active_seconds"], each["planned_seconds"])
            for each in session["exercises"]] == [
        (0, "Bridge", "done", 30, 30), (1, "Plank", "partial", 5, 20), (2, "Bird dog", "pain", 10, 40),
        (3, "Stretch", "skipped", 0, 10)]
    listing = coach("history").stdout.splitlines()[1]
    assert "Core test" in listing and "25%" in listing and "4 → 5" in listing and "stopped: pain" in listing


def test_a_session_cut_short_counts_the_exercises_never_reached_as_not_done(coach_home, tmp_path):
    timeline = steps(tmp_path, *(exercise(name, duration=10) for name in ("One", "Two", "Three", "Four", "Five")))
    clock = FakeClock()
    engine = SessionEngine("Five moves", timeline, now=clock, wall=FakeWall(clock))
    assert engine.session.exercise_total == 5
    with HistoryStore.open(coach_home / "history.db") as store:
        journal = HistoryJournal(store)
        start_session(engine, journal)
        run_until(engine, clock, 20)  # One and Two done; then coach is killed
        journal.close()
        assert journal.problem is None
    [session] = history_json()
    assert (session["status"], session["exercise_total"], len(session["exercises"])) == ("interrupted", 5, 2)
    listing = coach("history").stdout.splitlines()[1].split()
    assert listing[-3:] == ["0:20", "40%", "interrupted"]


# -- export and import ------------------------------------------------------------------

def test_export_then_import_elsewhere_adds_everything_as_it_was_and_a_second_import_changes_nothing(coach_home,
                                                                                                      tmp_path):
    coach("log", "Walk", "--minutes", "20", "--note", "sunny")
    coach("log", "Swim", "--minutes", "30")
    exported = tmp_path / "backup" / "history.json"
    exported.parent.mkdir()
    result = coach("export", str(exported))
    assert (result.returncode, result.stdout) == (0, f"Exported 2 sessions to {exported}\n")
    other = tmp_path / "other-home"
    first = coach("import", str(exported), home=other)
    assert first.stdout == f"Imported {exported}: added 2, updated 0, unchanged 0, deleted 0.\n"
    second = coach("import", str(exported), home=other)
    assert second.stdout == f"Imported {exported}: added 0, updated 0, unchanged 2, deleted 0.\n"
    original, copied = history_json(), history_json(other)
    assert copied == original  # every field, the source ("manual": logged) too


def test_export_and_import_of_one_session_say_session(coach_home, tmp_path):
    coach("log", "Walk", "--minutes", "20")
    exported = tmp_path / "one.json"
    assert coach("export", str(exported)).stdout == f"Exported 1 session to {exported}\n"
    result = coach("import", str(exported), home=tmp_path / "other")
    assert result.stdout == f"Imported {exported}: added 1, updated 0, unchanged 0, deleted 0.\n"


def test_an_export_lists_exercise_total_and_an_import_without_it_takes_the_exercises_listed(coach_home, tmp_path):
    coach("log", "Walk", "--minutes", "20")
    [session] = history_json()
    assert session["exercise_total"] == 1
    assert list(session)[-3:] == ["exercise_total", "edited_at", "exercises"]
    older = tmp_path / "older.json"
    older.write_text(json.dumps({"format": "coach-history", "version": 1, "sessions": [
        {key: value for key, value in {**session, "uuid": "from-an-older-coach"}.items() if key != "exercise_total"}]}))
    assert coach("import", str(older)).returncode == 0
    assert [each["exercise_total"] for each in history_json()] == [1, 1]


def test_import_into_the_same_history_changes_nothing(coach_home, tmp_path):
    coach("log", "Walk", "--minutes", "20")
    coach("export", str(tmp_path / "out.json"))
    before = history_json()
    result = coach("import", str(tmp_path / "out.json"))
    assert "added 0, updated 0, unchanged 1" in result.stdout
    assert history_json() == before


def _export_with(tmp_path: Path, change) -> Path:
    coach("log", "Walk", "--minutes", "20", home=tmp_path / "source")
    coach("log", "Swim", "--minutes", "20", home=tmp_path / "source")
    exported = tmp_path / "export.json"
    coach("export", str(exported), home=tmp_path / "source")
    document = json.loads(exported.read_text())
    change(document)
    exported.write_text(json.dumps(document))
    return exported


@pytest.mark.parametrize(("change", "message"), [
    (lambda document: document["sessions"][1].update(status="finished"),
     'sessions[1].status: "finished" is not one of running, completed, stopped, pain_stopped, interrupted'),
    (lambda document: document["sessions"][1]["exercises"][0].update(active_seconds=-1),
     "sessions[1].exercises[0].active_seconds: expected a number of seconds, 0 or more, found -1"),
    (lambda document: document["sessions"][0].update(pain_after=12),
     "sessions[0].pain_after: expected a pain score from 0 to 10, found 12"),
    (lambda document: document["sessions"][1].pop("started"), "sessions[1]: started is missing"),
    (lambda document: document["sessions"][0].update(started="yesterday"),
     'sessions[0].started: "yesterday" is not an ISO 8601 date and time'),
    (lambda document: document.update(version=7), "written by a newer coach (export version 7"),
    (lambda document: document["sessions"][0].update(ended="2001-02-03T04:05:06+00:00"),
     "sessions[0].ended: 2001-02-03T04:05:06+00:00 is before the session started ("),
    (lambda document: document["sessions"][1].update(started="2999-01-01T07:00:00+00:00"),
     "sessions[1].started: 2999-01-01T07:00:00+00:00 is in the future"),
    (lambda document: document["sessions"][0].update(active_seconds=1e308),
     "sessions[0].active_seconds: 1e+308 seconds is more than a day; the most is 86,400"),
    (lambda document: document["sessions"][1]["exercises"][0].update(planned_seconds=86401),
     "sessions[1].exercises[0].planned_seconds: 86401 seconds is more than a day"),
    (lambda document: document["sessions"][1]["exercises"][0].update(set_count=10**40),
     "sessions[1].exercises[0].set_count: expected a whole number from 1 to 1,000, found 1000000"),
    (lambda document: document["sessions"][0].update(exercise_total=0),
     "sessions[0].exercise_total: 0 is fewer than the exercises listed (1)"),
    (lambda document: document.pop("format"), 'not a coach history export (expected "format": "coach-history"'),
])
def test_a_bad_import_says_where_imports_nothing_and_exits_2(coach_home, tmp_path, change, message):
    coach("log", "Cycling", "--minutes", "15")
    exported = _export_with(tmp_path, change)
    before = history_json()
    result = coach("import", str(exported))
    assert result.returncode == 2
    assert f"{exported}: {message}" in result.stderr
    assert result.stderr.endswith("coach: nothing was imported.\n")
    assert history_json() == before


def test_importing_a_file_that_is_not_json_says_where_it_broke(coach_home, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "coach-history",\n  "sessions": [oops]}')
    result = coach("import", str(broken))
    assert result.returncode == 2
    assert result.stderr.startswith(f"{broken}:2:16: not valid JSON (Expecting value)")
    assert not (coach_home / "history.db").exists()


@pytest.mark.parametrize(("content", "message"), [
    (None, "{file}: cannot read it: No such file or directory"),
    (b"\xff\xfe\x00garbage",
     "{file}: not a coach history export (byte 0 is not UTF-8 text); give an export file, made with coach export FILE"),
])
def test_importing_an_unreadable_file_says_so_and_exits_2(coach_home, tmp_path, content, message):
    source = tmp_path / "input.json"
    if content is not None:
        source.write_bytes(content)
    result = coach("import", str(source))
    assert (result.returncode, result.stderr) == (2, message.format(file=source) + "\ncoach: nothing was imported.\n")


def test_export_into_a_missing_folder_names_it_creates_nothing_and_exits_1(coach_home, tmp_path):
    coach("log", "Walk", "--minutes", "20")
    target = tmp_path / "nonexistent" / "dir" / "x.json"
    result = coach("export", str(target))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (f"coach: cannot write {target}: the folder {target.parent} does not exist; "
                             "create it first, or choose another place\n")
    assert not (tmp_path / "nonexistent").exists()


def test_export_onto_a_folder_asks_for_a_file_name(coach_home, tmp_path):
    result = coach("export", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.startswith(f"coach: cannot write {tmp_path}: it is a folder; give a file name")
    assert not (coach_home / "history.db").exists()


def test_export_to_an_unwritable_place_says_so(coach_home, tmp_path):
    coach("log", "Walk", "--minutes", "20")
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = coach("export", str(blocker / "out.json"))
    assert result.returncode == 1
    assert result.stderr.startswith(f"coach: cannot write {blocker / 'out.json'}: ")
    assert "Traceback" not in result.stderr
