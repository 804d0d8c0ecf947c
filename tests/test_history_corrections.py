"""Correcting the history: edit and delete from the command line, tombstones through export and
import, and an import that brings a newer state of a session."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from coach.history.exchange import dump, read_document
from coach.history.store import HistoryStore, SessionNotFound
from tests.helpers import run_coach
from tests.helpers.terminal import CoachInTerminal

NOW = datetime(2024, 6, 10, 9, 0, tzinfo=timezone.utc)
STARTED = datetime(2024, 6, 3, 7, 0, tzinfo=timezone.utc)


def listed(home=None) -> list[list[str]]:
    """`coach history` rows, split on runs of two spaces (the ID first)."""
    lines = run_coach("history", home=home).stdout.split("\n\n")[0].splitlines()  # the table, before the goals
    return [[cell.strip() for cell in line.split("  ") if cell.strip()] for line in lines[1:]]


def short_ids(home=None) -> list[str]:
    return [row[0] for row in listed(home)]


# -- the command line ----------------------------------------------------------------------

def test_history_lists_a_short_id_that_edit_takes(coach_home):
    run_coach("log", "Walk", "--minutes", "30", "--pain-before", "10", "--date", "2024-06-03")
    [short] = short_ids()
    assert len(short) == 8
    result = run_coach("history", "edit", short[:4], "--pain-before", "3", "--note", "typed t for 3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Changed: {short}") and "3 → –" in result.stdout and "typed t for 3" in result.stdout
    [session] = json.loads(run_coach("history", "--json").stdout)["sessions"]
    assert (session["pain_before"], session["note"]) == (3, "typed t for 3")
    assert session["edited_at"] is not None


def test_edit_clears_a_pain_score_and_moves_a_logged_activity(coach_home):
    run_coach("log", "Swim", "--minutes", "1.5", "--pain-after", "4", "--date", "2024-06-03")
    [short] = short_ids()
    assert run_coach("history", "edit", short, "--pain-after", "none", "--minutes", "40",
                     "--date", "2024-06-02 18:30").returncode == 0
    [session] = json.loads(run_coach("history", "--json").stdout)["sessions"]
    started = datetime.fromisoformat(session["started"]).astimezone()
    assert (started.date().isoformat(), started.strftime("%H:%M")) == ("2024-06-02", "18:30")
    assert (session["pain_after"], session["active_seconds"], session["exercises"][0]["work_seconds"]) == (None, 2400, 2400)
    ended = datetime.fromisoformat(session["ended"]) - datetime.fromisoformat(session["started"])
    assert ended.total_seconds() == 2400


@pytest.mark.parametrize(("arguments", "message"), [
    (["ffff"], "no session with id ffff"),
    (["--note", "x"], "the following arguments are required: ID"),
])
def test_edit_refuses_clearly(coach_home, arguments, message):
    run_coach("log", "Walk", "--minutes", "30")
    if arguments[0] == "ffff" and short_ids()[0].startswith("ffff"):
        pytest.skip("the random id starts with ffff")
    result = run_coach("history", "edit", *arguments, "--note", "x") if arguments[0] == "ffff" else \
        run_coach("history", "edit", *arguments)
    assert result.returncode == 2 and message in result.stderr


def test_edit_with_nothing_to_change_says_what_it_takes(coach_home):
    run_coach("log", "Walk", "--minutes", "30")
    result = run_coach("history", "edit", short_ids()[0])
    assert result.returncode == 2 and "--pain-before, --pain-after, --note, --minutes or --date" in result.stderr


def test_a_guided_session_keeps_its_own_minutes(tmp_path):
    with HistoryStore.open(tmp_path / "history.db") as store:
        store.import_sessions([_session("guided-1", source="guided")])
        with pytest.raises(SessionNotFound, match="only an activity recorded with `coach log`"):
            store.edit_session("guided-1", {"minutes": 5}, NOW)


def test_an_ambiguous_id_lists_the_candidates(tmp_path):
    with HistoryStore.open(tmp_path / "history.db") as store:
        store.import_sessions([_session("abcd0001-0000"), _session("abcd0002-0000")])
        with pytest.raises(SessionNotFound, match="2 sessions have ids starting abcd"):
            store.find_session("abcd")
        assert store.find_session("abcd0002").uuid == "abcd0002-0000"


def test_delete_without_a_terminal_needs_yes_and_with_it_deletes(coach_home):
    run_coach("log", "Swim", "--minutes", "1.5")
    run_coach("log", "Walk", "--minutes", "30")
    swim = next(row[0] for row in listed() if "Swimming" in row)
    refused = run_coach("history", "delete", swim)
    assert refused.returncode == 2 and "add --yes" in refused.stderr and "Nothing was deleted." in refused.stdout
    assert len(short_ids()) == 2
    done = run_coach("history", "delete", swim, "--yes")
    assert done.returncode == 0 and "Deleted 1 session" in done.stdout
    assert [row[2] for row in listed()] == ["Walking"]


def test_delete_asks_on_a_terminal_and_n_keeps_it(coach_home):
    run_coach("log", "Swim", "--minutes", "1.5")
    [short] = short_ids()
    for answer, left in (("n", 1), ("y", 0)):
        terminal = CoachInTerminal("history", "delete", short, home=coach_home)
        try:
            terminal.wait_for("[y/N]")
            terminal.press(answer + "\r")
            assert terminal.wait() == 0
        finally:
            terminal.close()
        assert len(short_ids()) == left


# -- tombstones and newer states through export and import ---------------------------------

def _session(uuid: str, status: str = "completed", edited_at: str | None = None, note: str | None = None,
             source: str = "manual") -> dict:
    return {
        "uuid": uuid, "routine_name": "Swim", "routine_file": None, "routine_hash": None,
        "started": "2024-06-03T07:00:00+00:00", "ended": None, "status": status, "source": source,
        "planned_seconds": 90.0, "active_seconds": 90.0, "paused_seconds": 0.0, "pain_before": None,
        "pain_after": None, "note": note, "exercise_total": 1, "edited_at": edited_at,
        "exercises": [{"position": 0, "name": "Swim", "phase": "Logged", "phase_kind": "aerobic", "status": "done",
                       "planned_seconds": 90.0, "active_seconds": 90.0, "sets_completed": 1, "set_count": 1,
                       "start_offset": 0.0, "end_offset": 90.0}],
    }


def test_a_deletion_travels_through_export_and_import_and_is_not_undone_by_an_older_file(tmp_path):
    with HistoryStore.open(tmp_path / "mine.db") as mine, HistoryStore.open(tmp_path / "other.db") as other:
        mine.import_sessions([_session("swim-1"), _session("walk-1")])
        before = dump([text for _, text in mine.documents()], NOW, mine.tombstones())
        other.import_sessions(read_document(before, "before.json"))
        mine.delete_sessions(["swim-1"], NOW)
        after = read_document(dump([text for _, text in mine.documents()], NOW, mine.tombstones()), "after.json")
        assert [tombstone["uuid"] for tombstone in after.deleted] == ["swim-1"]
        result = other.import_sessions(after, after.deleted)
        assert (result.added, result.updated, result.unchanged, result.deleted) == (0, 0, 1, 1)
        assert [session.uuid for session in other.sessions()] == ["walk-1"]
        again = other.import_sessions(read_document(before, "before.json"))  # the older file, again
        assert (again.added, again.unchanged) == (0, 2)
        assert [session.uuid for session in other.sessions()] == ["walk-1"]


def test_an_import_replaces_a_stale_state_and_never_a_newer_one(tmp_path):
    with HistoryStore.open(tmp_path / "history.db") as store:
        store.import_sessions([_session("s-1", status="running"), _session("s-2", note="mine",
                                                                           edited_at="2024-06-05T10:00:00+00:00")])
        assert {session.uuid: session.status for session in store.sessions()}["s-1"] == "interrupted"
        result = store.import_sessions([_session("s-1", status="completed"),
                                        _session("s-2", note="older", edited_at="2024-06-04T10:00:00+00:00")])
        assert (result.updated, result.unchanged) == (1, 1)
        by_uuid = {session.uuid: session for session in store.sessions()}
        assert (by_uuid["s-1"].status, by_uuid["s-2"].note) == ("completed", "mine")
        later = store.import_sessions([_session("s-1", status="interrupted"),
                                       _session("s-2", note="corrected", edited_at="2024-06-06T10:00:00+00:00")])
        assert (later.updated, later.unchanged) == (1, 1)
        by_uuid = {session.uuid: session for session in store.sessions()}
        assert (by_uuid["s-1"].status, by_uuid["s-2"].note) == ("completed", "corrected")


def test_a_logged_session_stays_logged_through_export_and_import(tmp_path):
    with HistoryStore.open(tmp_path / "mine.db") as mine, HistoryStore.open(tmp_path / "other.db") as other:
        mine.add_manual("Swim", STARTED, 30, "aerobic")
        other.import_sessions(read_document(dump([text for _, text in mine.documents()], NOW), "x.json"))
        assert [session.source for session in other.sessions()] == ["manual"]


def test_restore_brings_a_deleted_session_back_as_it_was(tmp_path):
    with HistoryStore.open(tmp_path / "history.db") as store:
        store.import_sessions([_session("swim-1", note="kept")])
        [before] = store.documents()
        kept = store.delete_sessions(["swim-1"], NOW)
        assert store.sessions() == [] and [uuid for uuid, _ in store.tombstones()] == ["swim-1"]
        store.restore_sessions(kept)
        [after] = store.documents()
        assert json.loads(after[1]) == json.loads(before[1]) and store.tombstones() == []


# -- coach log and its activities ----------------------------------------------------------

def test_log_files_an_alias_under_the_known_activity_with_its_kind(coach_home):
    result = run_coach("log", "ride", "--minutes", "20")
    assert result.returncode == 0 and result.stdout.startswith("Logged Cycling: 20 min (aerobic)")
    visit = run_coach("log", "physio", "--minutes", "45")
    assert visit.stdout.startswith("Logged Physiotherapy visit: 45 min (visit)")
    [session, _] = json.loads(run_coach("history", "--json").stdout)["sessions"][::-1]
    assert session["exercises"][0]["phase_kind"] in ("aerobic", "main")


def test_log_of_a_near_miss_without_a_terminal_suggests_and_logs_nothing(coach_home):
    result = run_coach("log", "swiming", "--minutes", "10")
    assert result.returncode == 2 and 'Did you mean "Swimming"?' in result.stderr and "--as-new" in result.stderr
    assert short_ids() == []


def test_log_as_new_keeps_the_name_and_remembers_it(coach_home):
    assert run_coach("log", "swiming", "--minutes", "10", "--as-new").returncode == 0
    again = run_coach("log", "SWIMING", "--minutes", "5")
    assert again.returncode == 0 and again.stdout.startswith("Logged swiming: 5 min")
    assert "Your own: swiming" in run_coach("log", "--list").stdout


def test_log_on_a_terminal_asks_and_takes_the_suggestion(coach_home):
    terminal = CoachInTerminal("log", "pilattes", "--minutes", "30", home=coach_home)
    try:
        terminal.wait_for("[Y/n]")
        terminal.press("\r")
        assert terminal.wait() == 0
        assert "Logged Pilates: 30 min (core)" in terminal.text
    finally:
        terminal.close()


def test_log_list_shows_the_known_activities(coach_home):
    listed_names = [line.split("  ")[0] for line in run_coach("log", "--list").stdout.splitlines() if line]
    assert {"Walking", "Swimming", "Water walking", "Cycling", "Stationary bike", "Treadmill", "Elliptical", "Yoga",
            "Pilates", "Gyrotonics", "Physiotherapy visit"} <= set(listed_names)


# -- from a review: corrections hold against the app's own later writes ----------------------

def test_a_deleted_session_is_not_brought_back_by_a_later_save_of_it(tmp_path):
    from coach.history.store import save, transaction

    with HistoryStore.open(tmp_path / "history.db") as store:
        store.import_sessions([_session("s-1")])
        copy = json.loads(store.documents()[0][1])
        store.delete_sessions(["s-1"], NOW)
        row = {key: value for key, value in copy.items() if key != "exercises"}
        assert store.write(lambda connection: save(connection, row, copy["exercises"])) is None  # the journal's way
        assert store.sessions() == [] and [uuid for uuid, _ in store.tombstones()] == ["s-1"]


def test_a_correction_survives_a_later_save_of_the_older_copy(tmp_path):
    from coach.history.store import save

    with HistoryStore.open(tmp_path / "history.db") as store:
        store.import_sessions([{**_session("s-1"), "pain_after": 9}])
        copy = json.loads(store.documents()[0][1])
        store.edit_session("s-1", {"pain_after": 2}, NOW)
        older = {**{key: value for key, value in copy.items() if key != "exercises"}, "pain_after": 9, "note": "ok",
                 "edited_at": None}
        store.write(lambda connection: save(connection, older, copy["exercises"]))
        [session] = store.sessions()
        assert (session.pain_after, session.edited_at is not None) == (2, True)


@pytest.mark.parametrize(("deleted", "problem"), [
    ([{"uuid": "x" * 65, "deleted_at": "2024-06-03T07:00:00+00:00"}], "is not a session id"),
    ([{"uuid": "a b", "deleted_at": "2024-06-03T07:00:00+00:00"}], "is not a session id"),
    ([{"uuid": "s-1", "deleted_at": "2999-01-01T00:00:00+00:00"}], "is in the future"),
    ("all of them", "expected a list of deleted sessions"),
])
def test_an_import_refuses_odd_tombstones(deleted, problem):
    from coach.history.exchange import ExchangeError

    text = json.dumps({"format": "coach-history", "version": 2, "deleted": deleted, "sessions": []})
    with pytest.raises(ExchangeError, match=problem):
        read_document(text, "in.json", NOW)


def test_an_import_refuses_an_edit_time_in_the_future():
    from coach.history.exchange import ExchangeError

    session = {**_session("s-1"), "edited_at": "2999-01-01T00:00:00+00:00"}
    with pytest.raises(ExchangeError, match="edited_at: 2999-01-01T00:00:00\\+00:00 is in the future"):
        read_document(json.dumps({"format": "coach-history", "version": 2, "sessions": [session]}), "in.json", NOW)


def test_edit_date_takes_local_time_only(coach_home):
    run_coach("log", "Walk", "--minutes", "30")
    result = run_coach("history", "edit", short_ids()[0], "--date", "2024-06-03T18:30+05:00")
    assert result.returncode == 2 and "without a time zone" in result.stderr
