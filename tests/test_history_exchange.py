"""Reading an export file: implausible sessions refuse the whole file, with where and why. Writing CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone

import pytest

from coach.history.exchange import CSV_COLUMNS, ExchangeError, csv_text, read_document
from coach.history.model import StoredSession

NOW = datetime(2024, 6, 5, 12, 0, tzinfo=timezone.utc)


def session(**fields) -> dict:
    exercise = {"position": 0, "name": "Walk", "phase": "Walk", "phase_kind": "aerobic", "status": "done",
                "planned_seconds": 600, "active_seconds": 600, "sets_completed": 1, "set_count": 1,
                "start_offset": 0, "end_offset": 600}
    exercise.update(fields.pop("exercise", {}))
    return {"uuid": "u-1", "routine_name": "Gentle 5", "started": "2024-06-05T07:00:00+00:00",
            "ended": "2024-06-05T07:10:00+00:00", "status": "completed", "source": "guided",
            "planned_seconds": 600, "active_seconds": 600, "paused_seconds": 0, "exercises": [exercise], **fields}


def read(*sessions: dict) -> list[dict]:
    return read_document(json.dumps({"format": "coach-history", "version": 1, "sessions": list(sessions)}),
                         "in.json", now=NOW)


def problems(*sessions: dict) -> list[str]:
    with pytest.raises(ExchangeError) as refused:
        read(*sessions)
    return refused.value.problems


def test_a_plausible_session_reads_with_exercise_total_defaulting_to_the_exercises_listed():
    [row] = read(session())
    assert (row["started"], row["active_seconds"], row["exercise_total"]) == ("2024-06-05T07:00:00+00:00", 600.0, 1)
    [row] = read(session(exercise_total=5))
    assert row["exercise_total"] == 5


@pytest.mark.parametrize(("fields", "message"), [
    ({"ended": "2024-06-05T06:59:59+00:00"},
     "in.json: sessions[0].ended: 2024-06-05T06:59:59+00:00 is before the session started (2024-06-05T07:00:00+00:00)"),
    ({"started": "2024-06-07T07:00:00+00:00", "ended": None},
     "in.json: sessions[0].started: 2024-06-07T07:00:00+00:00 is in the future (a history holds what was done)"),
    ({"ended": "2024-06-08T07:00:00+00:00"}, "in.json: sessions[0].ended: 2024-06-08T07:00:00+00:00 is in the future"),
    ({"started": "1969-12-31T23:59:59+00:00", "ended": None},
     'in.json: sessions[0].started: "1969-12-31T23:59:59+00:00" is before 1970'),
    ({"started": "9999-12-31T23:00:00-05:00"}, 'in.json: sessions[0].started: "9999-12-31T23:00:00-05:00" is not an'),
    ({"active_seconds": 1e308}, "in.json: sessions[0].active_seconds: 1e+308 seconds is more than a day"),
    ({"planned_seconds": 86_400.5}, "in.json: sessions[0].planned_seconds: 86400.5 seconds is more than a day"),
    ({"paused_seconds": 31 * 86400}, "in.json: sessions[0].paused_seconds: 2678400 seconds is more than 30 days"),
    ({"exercise": {"active_seconds": 90_000}},
     "in.json: sessions[0].exercises[0].active_seconds: 90000 seconds is more than a day; the most is 86,400"),
    ({"exercise": {"start_offset": 30, "end_offset": 10}},
     "in.json: sessions[0].exercises[0].end_offset: 10 is before its start_offset (30)"),
    ({"exercise": {"position": 10**30}}, "in.json: sessions[0].exercises[0].position: expected a whole number from 0"),
    ({"exercise": {"sets_completed": 1001}},
     "in.json: sessions[0].exercises[0].sets_completed: expected a whole number from 0 to 1,000, found 1001"),
    ({"exercise_total": 0}, "in.json: sessions[0].exercise_total: 0 is fewer than the exercises listed (1)"),
    ({"exercise_total": -3}, "in.json: sessions[0].exercise_total: expected a whole number from 0 to 1,000"),
])
def test_an_implausible_session_refuses_the_file_saying_where(fields, message):
    found = problems(session(**fields))
    assert any(problem.startswith(message) for problem in found), found


def test_a_clock_a_little_ahead_is_forgiven():
    [row] = read(session(started="2024-06-06T07:00:00+00:00", ended="2024-06-06T07:10:00+00:00"))
    assert row["started"] == "2024-06-06T07:00:00+00:00"


def test_a_session_of_exactly_a_day_reads():
    [row] = read(session(active_seconds=86_400, planned_seconds=86_400, ended="2024-06-05T07:10:00+00:00"))
    assert row["active_seconds"] == 86_400.0


def test_one_bad_session_among_good_ones_refuses_them_all():
    good, bad = session(uuid="good"), session(uuid="bad", active_seconds=10**12)
    assert [problem.split(":")[1].strip() for problem in problems(good, bad)] == ["sessions[1].active_seconds"]


# -- CSV ---------------------------------------------------------------------------------

def csv_rows(**fields) -> list[dict]:
    stored = StoredSession(**{"id": 1, "uuid": "u-1", "routine_name": "Gentle 5", "started": NOW,
                              "status": "completed", "source": "manual", "active_seconds": 600.0,
                              "work_seconds": 480.0, **fields})
    return list(csv.DictReader(io.StringIO(csv_text([stored], timezone.utc))))


@pytest.mark.parametrize(("text", "cell"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+1+1", "'+1+1"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tstretch", "'\tstretch"),
    ("\rstretch", "'\\x0dstretch"),
    ("knee \x1b[31mred", "knee \\x1b[31mred"),
    ("Gentle 5", "Gentle 5"),
])
def test_csv_text_cells_cannot_run_as_formulas_or_move_the_terminal(text, cell):
    [row] = csv_rows(routine_name=text, note=text)
    assert (row["routine"], row["note"]) == (cell, cell)


def test_csv_numbers_stay_numbers():
    [row] = csv_rows(uuid="-u", pain_before=3)
    assert (row["uuid"], row["work_minutes"], row["total_minutes"], row["pain_before"], row["started_local"]) == (
        "'-u", "8.0", "10.0", "3", "2024-06-05T12:00:00+00:00")
    assert list(row) == list(CSV_COLUMNS)
