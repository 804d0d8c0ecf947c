"""Moving a history moves the program: `coach export` carries its log (what was started, set and decided,
which sessions were the program's, the morning answers), and `coach import` merges it, once."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta, timezone

from coach.history import exchange, program_log
from coach.history.store import HistoryStore
from coach.paths import Places
from coach.program.decide import NextDay
from tests.helpers import run_coach
from tests.test_program_screens import _guided

TODAY = date.today()


def make_history(home, tmp_path) -> None:
    places = Places(home, home)
    started = datetime.combine(TODAY - timedelta(days=3), time(7), timezone.utc)
    with HistoryStore.open(places.history_db) as store:
        active = program_log.start(store, "Back to activity", "back-to-activity", 1, started)
        for day in range(3):
            uuid = _guided(store, day + 1, started + timedelta(days=day, hours=1), pain_before=2, pain_after=1,
                           exercise_total=1)
            program_log.tag_session(store, uuid, active, 1, False)
        program_log.answer_next_day(store, uuid, NextDay.WORSE, 4, started + timedelta(days=3))
        program_log.set_stage(store, active, 2, 1, started + timedelta(days=3, hours=2))


def status(home) -> dict:
    result = run_coach("program", "status", "--json", home=home)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_export_carries_the_program_and_import_brings_it_back_once(tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    make_history(source, tmp_path)
    exported = tmp_path / "export.json"
    assert run_coach("export", str(exported), home=source).returncode == 0
    document = json.loads(exported.read_text())
    assert document["version"] == 3
    assert [event["kind"] for event in document["program"]["events"]] == ["start", "set_stage"]
    assert len(document["program"]["sessions"]) == 3
    assert document["program"]["next_day"][0]["answer"] == "worse"

    assert run_coach("import", str(exported), home=target).returncode == 0
    assert status(target) == status(source)
    assert status(target)["stage"] == 2 and status(target)["reasons"][0].startswith("Stage set by hand to 2")
    assert run_coach("import", str(exported), home=target).returncode == 0  # again: nothing doubled
    with HistoryStore.open(Places(target, target).history_db) as store:
        assert len(store.read("SELECT id FROM program_events")) == 2
        assert store.read("SELECT answer, pain FROM next_day") == [("worse", 4)]
        [row] = store.read("SELECT COUNT(*) FROM program_sessions")
        assert row == (3,)


def test_an_older_start_imported_does_not_take_the_place_of_the_program_followed_here(tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    make_history(source, tmp_path)
    exported = tmp_path / "export.json"
    run_coach("export", str(exported), home=source)
    assert run_coach("program", "start", "gentle-start", home=target).returncode == 0  # started now, here
    assert run_coach("import", str(exported), home=target).returncode == 0
    assert status(target)["program"] == "Gentle start"  # the newest start wins, not the last imported


def test_a_hostile_program_log_is_refused_with_its_place(tmp_path):
    now = datetime(2026, 11, 30, tzinfo=timezone.utc)
    document = {"format": "coach-history", "version": 3, "sessions": [], "program": {
        "events": [{"at": "2026-11-01T07:00:00+00:00", "kind": "rm -rf", "program": "X", "flare": False},
                   {"at": "2099-01-01T00:00:00+00:00", "kind": "start", "program": "X", "flare": "yes"}],
        "sessions": [{"uuid": "../../etc", "started": "2026-11-01T07:00:00+00:00", "program": "X", "stage": 0,
                      "flare": False}],
        "next_day": "lots"}}
    try:
        exchange.read_document(json.dumps(document), "f.json", now)
    except exchange.ExchangeError as error:
        problems = error.problems
    else:
        raise AssertionError("a hostile program log was taken")
    assert problems == [
        'f.json: program.events[0].kind: "rm -rf" is not one of start, set_stage, stop, decision',
        'f.json: program.events[1].flare: expected true or false, found "yes"',
        "f.json: program.events[1].at: 2099-01-01T00:00:00+00:00 is in the future",
        'f.json: program.sessions[0].uuid: "../../etc" is not a session id (letters, digits, - and _, at most 64)',
        "f.json: program.sessions[0].stage: expected a whole number from 1 to 1,000, found 0",
        'f.json: program.next_day: expected a list of at most 100,000, found "lots"',
    ]
