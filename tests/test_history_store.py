"""The history store: schema and migrations, the journal's writes, recovery of cut-short sessions, import."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from coach.history import schema
from coach.history.journal import HistoryJournal
from coach.history.store import HistoryStore
from coach.session.records import ExerciseRecord, ExerciseStatus, SessionRecord, SessionStatus

STARTED = datetime(2024, 6, 3, 7, 0, tzinfo=timezone.utc)


def exercise(position: int, status: ExerciseStatus = ExerciseStatus.DONE, active: float = 30.0,
             phase_kind: str = "main") -> ExerciseRecord:
    return ExerciseRecord(position=position, name=f"Exercise {position + 1}", phase="Core", phase_kind=phase_kind,
                          status=status, planned_seconds=30.0, active_seconds=active, sets_completed=1, set_count=1,
                          start_offset=40.0 * position, end_offset=40.0 * position + active)


def record(**fields) -> SessionRecord:
    return SessionRecord(**{"routine_name": "Back basics", "started": STARTED, "planned_seconds": 90.0, **fields})


@pytest.fixture
def path(tmp_path):
    return tmp_path / "data" / "history.db"


@pytest.fixture
def store(path):
    with HistoryStore.open(path) as opened:
        yield opened


@pytest.fixture
def journal(store):
    journal = HistoryJournal(store)
    yield journal
    journal.close()


def rows(path, query: str, parameters: tuple = ()) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute(query, parameters).fetchall()


# -- the file and its schema ------------------------------------------------------------

def test_opening_creates_the_database_in_wal_mode_at_the_current_version(store, path):
    assert rows(path, "PRAGMA user_version") == [(schema.SCHEMA_VERSION,)]
    assert rows(path, "PRAGMA journal_mode") == [("wal",)]
    assert store.sessions() == []


def test_opening_again_keeps_what_was_recorded(path, store, journal):
    journal.session_started(record())
    journal.flush()
    with HistoryStore.open(path) as again:
        assert [session.routine_name for session in again.sessions()] == ["Back basics"]


def test_migrations_run_forward_from_the_version_found(path, monkeypatch):
    HistoryStore.open(path).close()

    def add_mood(connection):
        connection.execute("ALTER TABLE sessions ADD COLUMN mood TEXT")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, add_mood])
    newer = schema.SCHEMA_VERSION + 1
    monkeypatch.setattr(schema, "SCHEMA_VERSION", newer)
    monkeypatch.setattr("coach.history.store.SCHEMA_VERSION", newer)
    HistoryStore.open(path).close()
    assert rows(path, "PRAGMA user_version") == [(newer,)]
    assert "mood" in [column[1] for column in rows(path, "PRAGMA table_info(sessions)")]


def test_an_empty_file_is_taken_as_a_new_history(path):
    path.parent.mkdir(parents=True)
    path.write_bytes(b"")
    with HistoryStore.open(path) as store:
        assert store.sessions() == []


# -- the journal ------------------------------------------------------------------------

def test_a_started_session_is_recorded_as_running_with_its_routine_and_pain_before(store, journal):
    journal.session_started(record(pain_before=4))
    journal.flush()
    [session] = store.sessions()
    assert (session.status, session.source, session.routine_name, session.pain_before, session.started) == (
        "running", "guided", "Back basics", 4, STARTED)
    assert len(session.uuid) == 36


def test_an_ended_exercise_is_written_with_its_status_and_seconds(store, journal):
    session = record()
    journal.session_started(session)
    journal.exercise_ended(session, exercise(0, ExerciseStatus.PARTIAL, active=12.5))
    journal.flush()
    [stored] = store.sessions()
    [written] = store.exercises(stored.id)
    assert (written.position, written.name, written.phase, written.status, written.planned_seconds,
            written.active_seconds, written.sets_completed, written.set_count, written.start_offset,
            written.end_offset) == (0, "Exercise 1", "Core", "partial", 30.0, 12.5, 1, 1, 0.0, 12.5)


def test_a_redone_exercise_replaces_its_row(store, journal):
    session = record()
    journal.session_started(session)
    journal.exercise_ended(session, exercise(0, ExerciseStatus.PARTIAL, active=5.0))
    journal.exercise_ended(session, exercise(0, ExerciseStatus.DONE, active=30.0))
    journal.flush()
    [stored] = store.sessions()
    assert [(each.status, each.active_seconds) for each in store.exercises(stored.id)] == [("done", 30.0)]


def test_a_finished_session_gets_its_status_end_and_seconds(store, journal):
    session = record()
    journal.session_started(session)
    for position in range(3):
        journal.exercise_ended(session, exercise(position))
    session.status = SessionStatus.COMPLETED
    session.ended = STARTED + timedelta(minutes=2)
    session.active_seconds, session.paused_seconds = 110.0, 8.5
    session.exercises = [exercise(position) for position in range(3)]
    journal.session_finished(session)
    journal.flush()
    [stored] = store.sessions()
    assert (stored.status, stored.ended, stored.active_seconds, stored.paused_seconds, stored.exercise_count,
            stored.done_count) == ("completed", STARTED + timedelta(minutes=2), 110.0, 8.5, 3, 3)


def test_closing_the_summary_adds_pain_after_and_the_note(store, journal):
    session = record(pain_before=5)
    journal.session_started(session)
    session.status = SessionStatus.COMPLETED
    journal.session_finished(session)
    session.pain_after, session.note = 3, "easier than last week"
    journal.summary_changed(session)
    journal.flush()
    [stored] = store.sessions()
    assert (stored.pain_before, stored.pain_after, stored.note) == (5, 3, "easier than last week")


def test_the_journal_copies_the_record_when_called_not_when_it_writes(store, journal):
    session = record()
    journal.session_started(session)
    session.note = "changed after the call"
    journal.flush()
    assert store.sessions()[0].note is None


def test_two_sessions_in_one_journal_are_two_records(store, journal):
    first, second = record(), record(routine_name="Gentle 5", started=STARTED + timedelta(hours=1))
    journal.session_started(first)
    journal.session_started(second)
    journal.exercise_ended(first, exercise(0))
    journal.flush()
    assert [(each.routine_name, each.exercise_count) for each in store.sessions()] == [
        ("Back basics", 1), ("Gentle 5", 0)]
    assert journal.uuid_of(first) != journal.uuid_of(second)


def test_the_routine_hash_is_the_sha256_of_the_routine_file(store, journal, tmp_path):
    routine = tmp_path / "mine.yaml"
    routine.write_bytes(b"name: Mine\n")
    journal.session_started(record(routine_file=str(routine)))
    journal.session_started(record(routine_file=str(tmp_path / "gone.yaml")))
    journal.flush()
    hashes = [session.routine_hash for session in store.sessions()]
    assert hashes == [hashlib.sha256(b"name: Mine\n").hexdigest(), None]


def test_aerobic_seconds_come_from_exercises_in_aerobic_phases(store, journal):
    session = record()
    journal.session_started(session)
    journal.exercise_ended(session, exercise(0, active=300.0, phase_kind="aerobic"))
    journal.exercise_ended(session, exercise(1, active=60.0, phase_kind="main"))
    journal.exercise_ended(session, exercise(2, ExerciseStatus.PARTIAL, active=45.0, phase_kind="aerobic"))
    journal.flush()
    assert store.sessions()[0].aerobic_seconds == 345.0


# -- sessions cut short -----------------------------------------------------------------

def test_a_session_left_running_becomes_interrupted_keeping_its_exercises(path, store, journal):
    session = record()
    journal.session_started(session)
    journal.exercise_ended(session, exercise(0, active=30.0))
    journal.exercise_ended(session, exercise(1, ExerciseStatus.PARTIAL, active=10.0))
    journal.close()
    store.close()
    with HistoryStore.open(path) as again:
        [stored] = again.sessions()
        assert (stored.status, stored.exercise_count, stored.active_seconds) == ("interrupted", 2, 40.0)
        assert stored.ended == STARTED + timedelta(seconds=50)  # the last exercise's end offset


def test_a_session_cut_short_keeps_how_many_exercises_its_routine_has(path, store, journal):
    from coach.history.report import completion_text, detail_figures

    session = record(exercise_total=5)
    journal.session_started(session)
    journal.exercise_ended(session, exercise(0))
    journal.exercise_ended(session, exercise(1))
    journal.close()
    store.close()
    with HistoryStore.open(path) as again:
        [stored] = again.sessions()
        assert (stored.status, stored.exercise_count, stored.done_count, stored.exercise_total) == (
            "interrupted", 2, 2, 5)
        assert completion_text(stored) == "40%"
        assert "2 of 5 exercises done" in detail_figures(stored)
        [(_, text)] = again.documents()
        assert '"exercise_total":5' in text


def test_a_total_below_the_exercises_recorded_is_raised_to_them(store, journal):
    session = record()  # exercise_total 0: a writer that did not know it
    journal.session_started(session)
    for position in range(3):
        journal.exercise_ended(session, exercise(position, ExerciseStatus.SKIPPED if position else ExerciseStatus.DONE))
    journal.flush()
    [stored] = store.sessions()
    assert (stored.exercise_total, stored.exercise_count, stored.done_count) == (3, 3, 1)


def test_a_running_session_of_a_coach_still_open_is_left_running(path, store, journal):
    journal.session_started(record())
    journal.flush()
    with HistoryStore.open(path) as second_coach:
        assert [session.status for session in second_coach.sessions()] == ["running"]


# -- manual entries and import ----------------------------------------------------------

def test_a_manual_entry_is_a_completed_session_with_one_done_exercise(store):
    logged = store.add_manual("Swimming", STARTED, 30, "aerobic", pain_before=4, pain_after=2, note="pool")
    assert (logged.source, logged.status, logged.routine_name, logged.active_seconds, logged.aerobic_seconds,
            logged.ended, logged.pain_before, logged.pain_after, logged.note) == (
        "manual", "completed", "Swimming", 1800.0, 1800.0, STARTED + timedelta(minutes=30), 4, 2, "pool")
    [activity] = store.exercises(logged.id)
    assert (activity.name, activity.phase_kind, activity.status) == ("Swimming", "aerobic", "done")


def _imported(uuid: str, **fields) -> dict:
    document = {
        "uuid": uuid, "routine_name": "Gentle 5", "routine_file": None, "routine_hash": None,
        "started": "2024-05-01T07:00:00+00:00", "ended": None, "status": "completed", "source": "guided",
        "planned_seconds": 60.0, "active_seconds": 60.0, "paused_seconds": 0.0, "pain_before": None,
        "pain_after": None, "note": None,
        "exercises": [{"position": 0, "name": "Walk", "phase": "Walk", "phase_kind": "aerobic", "status": "done",
                       "planned_seconds": 60.0, "active_seconds": 60.0, "sets_completed": 1, "set_count": 1,
                       "start_offset": 0.0, "end_offset": 60.0}],
    }
    return {**document, **fields}


def test_import_adds_new_sessions_as_exported_and_leaves_a_known_uuid_in_the_same_state_alone(store):
    kept = store.add_manual("Cycling", STARTED, 20, "aerobic", note="mine")
    result = store.import_sessions([_imported(kept.uuid, note="theirs"), _imported("new-1"), _imported("new-1")])
    assert (result.added, result.updated, result.unchanged, result.deleted) == (1, 0, 2, 0)
    by_uuid = {session.uuid: session for session in store.sessions()}
    assert by_uuid[kept.uuid].note == "mine"
    assert by_uuid[kept.uuid].source == "manual"
    assert (by_uuid["new-1"].source, by_uuid["new-1"].aerobic_seconds) == ("guided", 60.0)


def test_an_import_keeps_exercise_total_and_without_it_takes_the_exercises_listed(store):
    store.import_sessions([_imported("with-total", exercise_total=4), _imported("without-total")])
    by_uuid = {session.uuid: session for session in store.sessions()}
    assert (by_uuid["with-total"].exercise_total, by_uuid["with-total"].exercise_count) == (4, 1)
    assert by_uuid["without-total"].exercise_total == 1


def test_a_manual_entry_is_one_exercise_of_one(store):
    logged = store.add_manual("Walk", STARTED, 10, "aerobic")
    assert (logged.exercise_total, logged.exercise_count, logged.done_count) == (1, 1, 1)


def test_an_imported_running_session_arrives_interrupted(store):
    store.import_sessions([_imported("was-running", status="running")])
    assert [session.status for session in store.sessions()] == ["interrupted"]


def test_documents_list_exercises_in_position_order_even_when_written_out_of_order(store, journal):
    import json

    session = record()
    journal.session_started(session)
    for position in (2, 0, 1):
        journal.exercise_ended(session, exercise(position))
    journal.flush()
    [(_, text)] = store.documents()
    assert [each["position"] for each in json.loads(text)["exercises"]] == [0, 1, 2]


def test_sessions_since_leaves_out_earlier_ones(store):
    store.add_manual("Walk", STARTED, 10, "aerobic")
    store.add_manual("Swim", STARTED + timedelta(days=2), 10, "aerobic")
    assert [each.routine_name for each in store.sessions(since=STARTED + timedelta(days=1))] == ["Swim"]


@pytest.mark.slow  # a child process
def test_what_was_queued_lands_when_the_process_exits_without_closing_the_journal(path):
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent("""
        import sys
        from datetime import datetime, timezone
        from pathlib import Path
        from coach.history.journal import HistoryJournal
        from coach.history.store import HistoryStore
        from coach.session.records import SessionRecord, SessionStatus

        store = HistoryStore.open(Path(sys.argv[1]))
        journal = HistoryJournal(store)
        session = SessionRecord("Back basics", datetime(2024, 6, 3, 7, tzinfo=timezone.utc), 60.0)
        journal.session_started(session)
        session.status = SessionStatus.COMPLETED
        journal.session_finished(session)
        session.pain_after = 1
        journal.summary_changed(session)
    """)  # and exits at once: no flush, no close
    subprocess.run([sys.executable, "-c", script, str(path)], check=True, timeout=60)
    with HistoryStore.open(path) as store:
        assert [(session.status, session.pain_after) for session in store.sessions()] == [("completed", 1)]


def test_an_export_imports_into_another_history_unchanged_but_for_its_source(store, journal, tmp_path):
    import json

    from coach.history.exchange import dump, read_document

    session = record(pain_before=3, note="")
    journal.session_started(session)
    journal.exercise_ended(session, exercise(0, ExerciseStatus.PARTIAL, active=12.345))
    journal.exercise_ended(session, ExerciseRecord(1, "Walk", "Walk", "aerobic", ExerciseStatus.SKIPPED, 600.0, 0.0,
                                                   0, 1, None, None))
    session.status = SessionStatus.STOPPED
    journal.session_finished(session)
    journal.flush()
    text = dump((document for _, document in store.documents()), STARTED)
    with HistoryStore.open(tmp_path / "other" / "history.db") as other:
        assert other.import_sessions(read_document(text, "export.json")).added == 1
        [(_, copied)] = other.documents()
    [(_, original)] = store.documents()
    assert {**json.loads(copied), "source": "guided"} == json.loads(original)
    assert json.loads(original)["exercises"][0]["active_seconds"] == 12.345


def test_the_kept_export_json_matches_the_rows_after_every_kind_of_write(path, store, journal):
    cut_short = record(routine_name="Cut short")
    journal.session_started(cut_short)
    journal.exercise_ended(cut_short, exercise(0))
    finished = record(started=STARTED + timedelta(hours=1))
    journal.session_started(finished)
    journal.exercise_ended(finished, exercise(0, ExerciseStatus.PARTIAL, active=3.5))
    journal.exercise_ended(finished, exercise(0))  # redone
    finished.status, finished.pain_after, finished.note = SessionStatus.COMPLETED, 2, "good"
    journal.summary_changed(finished)
    journal.close()
    store.add_manual("Walk", STARTED, 10, "aerobic")
    store.import_sessions([_imported("from-elsewhere")])
    store.close()
    with HistoryStore.open(path) as again:  # sweeps "Cut short" to interrupted
        kept = again.documents()
        assert len(kept) == 4
        assert all(text == again.fresh_document(session_id) for session_id, text in kept)
        assert [text for _, text in kept if '"Cut short"' in text][0].count('"status":"interrupted"') == 1


def test_the_kept_session_list_follows_writes_from_the_journal_and_the_store(store, journal):
    assert store.sessions() == []
    journal.session_started(record())
    journal.flush()
    assert [session.status for session in store.sessions()] == ["running"]
    store.add_manual("Walk", STARTED, 10, "aerobic")
    assert [session.routine_name for session in store.sessions()] == ["Back basics", "Walk"]
    assert store.sessions() == store.sessions()


def test_a_backlog_of_saves_is_written_once_per_session_with_every_exercise(store, journal, monkeypatch):
    import threading

    from coach.history import journal as journal_module

    release = threading.Event()
    calls = []
    real_save = journal_module.save

    def slow_save(connection, row, exercises):
        calls.append(len(exercises))
        release.wait(5)  # the first save holds the writer while 50 more are queued
        return real_save(connection, row, exercises)

    monkeypatch.setattr(journal_module, "save", slow_save)
    session = record()
    journal.session_started(session)
    for position in range(50):
        journal.exercise_ended(session, exercise(position))
    release.set()
    journal.flush()
    assert calls[-1] == 50
    assert len(calls) <= 2  # one save per exercise would be 51
    [stored] = store.sessions()
    assert [written.position for written in store.exercises(stored.id)] == list(range(50))
