"""Work time: the seconds in holds, reps and durations, kept apart from the rests inside an exercise, so
that "work" means the same on every screen, and rests and the whole time are shown under their names."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone

from coach.history import schema
from coach.history.exchange import read_document
from coach.history.journal import HistoryJournal
from coach.history.report import exercise_cells
from coach.history.store import HistoryStore
from coach.session.records import ExerciseRecord, ExerciseStatus, SessionRecord
from coach.tui.screens.summary import summary_figures
from tests.helpers import exercise, make_engine, steps
from tests.helpers.engine import run_until

STARTED = datetime(2024, 6, 3, 7, 0, tzinfo=timezone.utc)


def held(tmp_path):
    """3 holds of 10 s with 5 s rests between them (40 s in the exercise, 30 of them work), then a walk."""
    return steps(tmp_path, exercise("Bridge", hold=10, reps=3), exercise("Walk", duration=60),
                 rest_between_reps=5, rest=0)


def test_an_exercise_records_its_work_apart_from_the_rests_inside_it(tmp_path):
    engine, clock, _ = make_engine(held(tmp_path))
    run_until(engine, clock, 100)
    bridge, walk = engine.session.exercises
    assert (bridge.active_seconds, bridge.work_seconds, bridge.planned_seconds, bridge.planned_work_seconds) == (
        40, 30, 40, 30)
    assert (walk.work_seconds, walk.planned_work_seconds) == (60, 60)
    assert engine.session.work_seconds == 90 and engine.session.active_seconds == 100


def test_restarting_keeps_the_earlier_attempts_work(tmp_path):
    engine, clock, _ = make_engine(held(tmp_path))
    run_until(engine, clock, 12)  # rep 1 held (10 s), 2 s of rest
    engine.back()  # restart the exercise: the 10 s of work stay with it
    run_until(engine, clock, 12 + 40)
    assert engine.records[0].work_seconds == 40


def test_the_summary_says_work_against_planned_work_and_the_total_under_its_own_name(tmp_path):
    engine, clock, _ = make_engine(held(tmp_path))
    run_until(engine, clock, 100)
    figures = summary_figures(engine.session)
    assert figures == ["Work 1:30 of 1:30 planned", "total 1:40 with rests", "2 of 2 exercises done"]
    assert exercise_cells(engine.session.exercises[0])[3:5] == ("0:30", "0:30")


def test_the_history_keeps_work_time_and_aerobic_minutes_count_work_only(tmp_path):
    session = SessionRecord("Water walk", STARTED, planned_seconds=400.0, active_seconds=400.0)
    walking = ExerciseRecord(0, "Water walking", "Pool", "aerobic", ExerciseStatus.DONE, planned_seconds=400.0,
                             active_seconds=400.0, sets_completed=4, set_count=4, start_offset=0.0, end_offset=400.0,
                             work_seconds=360.0, planned_work_seconds=360.0)
    with HistoryStore.open(tmp_path / "history.db") as store:
        journal = HistoryJournal(store)
        journal.session_started(session)
        journal.exercise_ended(session, walking)
        journal.session_finished(session)
        journal.flush()
        [stored] = store.sessions()
        assert (stored.work_seconds, stored.aerobic_seconds, stored.active_seconds) == (360, 360, 400)
        [row] = store.exercises(stored.id)
        assert (row.work_seconds, row.planned_work_seconds) == (360, 360)
        [(_, document)] = store.documents()
        exported = json.loads(document)["exercises"][0]
        assert (exported["work_seconds"], exported["planned_work_seconds"]) == (360, 360)
        journal.close()


def test_an_older_export_without_work_time_imports_with_none_and_counts_its_active_time(tmp_path):
    document = {"format": "coach-history", "version": 1, "sessions": [{
        "uuid": "7d1c3f4e-0000-4000-8000-000000000001", "routine_name": "Walk", "started": "2024-06-03T07:00:00+00:00",
        "ended": "2024-06-03T07:10:00+00:00", "status": "completed", "source": "guided", "planned_seconds": 600,
        "active_seconds": 600, "paused_seconds": 0,
        "exercises": [{"position": 0, "name": "Walking", "phase": "Walk", "phase_kind": "aerobic", "status": "done",
                       "planned_seconds": 600, "active_seconds": 600, "sets_completed": 1, "set_count": 1}],
    }]}
    sessions = read_document(json.dumps(document), "old.json")
    assert sessions[0]["exercises"][0]["work_seconds"] is None
    with HistoryStore.open(tmp_path / "history.db") as store:
        store.import_sessions(sessions)
        [stored] = store.sessions()
        assert (stored.work_seconds, stored.aerobic_seconds) == (600, 600)
        [row] = store.exercises(stored.id)
        assert row.work_seconds is None
        assert exercise_cells(row)[3:5] == ("10:00", "10:00")  # its active time, against its plan


def test_a_version_1_history_gains_work_time_and_keeps_its_sessions(tmp_path):
    path = tmp_path / "history.db"
    with sqlite3.connect(path) as connection:
        schema.MIGRATIONS[0](connection)
        connection.execute("PRAGMA user_version = 1")
        connection.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
        connection.execute("INSERT INTO sessions (id, uuid, routine_name, started, status, source, active_seconds)"
                           " VALUES (1, 'u-1', 'Walk', '2024-06-03T07:00:00+00:00', 'completed', 'guided', 300)")
        connection.execute("INSERT INTO exercises (session_id, position, phase, phase_kind, name, status,"
                           " active_seconds) VALUES (1, 0, 'Walk', 'aerobic', 'Walking', 'done', 300)")
        connection.execute("INSERT INTO session_exports (session_id, json) VALUES (1, '{\"written by\": \"v1\"}')")
    connection.close()
    with HistoryStore.open(path) as store:
        [stored] = store.sessions()
        assert stored.routine_name == "Walk" and stored.work_seconds == 300
        [(_, kept)] = store.documents()
        assert kept == store.fresh_document(stored.id)  # the kept export is made again with today's code
        assert json.loads(kept)["exercises"][0]["work_seconds"] is None
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (schema.SCHEMA_VERSION,)
        assert connection.execute("SELECT work_seconds FROM exercises").fetchall() == [(None,)]
    connection.close()
