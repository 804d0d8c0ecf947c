"""Faults the history must survive: two coaches at once, kill -9, damaged files, newer versions,
a read-only folder and a full disk. None of them may reach the screen as an exception."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from coach.history import journal as journal_module
from coach.history.journal import HistoryJournal
from coach.history.store import HistoryStore, HistoryUnavailable, explain
from coach.session.records import ExerciseRecord, ExerciseStatus, SessionRecord, SessionStatus
from tests.helpers.cli import run_coach

ROOT = Path(__file__).resolve().parents[1]
STARTED = datetime(2024, 6, 3, 7, 0, tzinfo=timezone.utc)


def exercise(position: int) -> ExerciseRecord:
    return ExerciseRecord(position, f"Exercise {position + 1}", "Core", "main", ExerciseStatus.DONE, 30.0, 30.0,
                          1, 1, 40.0 * position, 40.0 * position + 30)


@pytest.fixture
def path(tmp_path):
    return tmp_path / "history.db"


def cli(*arguments: str, home: Path) -> subprocess.CompletedProcess:
    return run_coach(*arguments, home=home)


# -- two coaches finishing at the same moment -------------------------------------------

def _finish_sessions(path: str, barrier, worker: int, sessions: int) -> None:
    """One coach: record `sessions` sessions, finishing each at the same moment as the other coaches."""
    with HistoryStore.open(Path(path)) as store:
        journal = HistoryJournal(store)
        for number in range(sessions):
            session = SessionRecord(f"Coach {worker}", STARTED + timedelta(hours=number), 90.0)
            journal.session_started(session)
            for position in range(3):
                journal.exercise_ended(session, exercise(position))
            journal.flush()
            session.status = SessionStatus.COMPLETED
            session.exercises = [exercise(position) for position in range(3)]
            barrier.wait(timeout=30)
            journal.session_finished(session)
            journal.flush()
        journal.close()
        if journal.problem:
            raise SystemExit(f"coach {worker}: {journal.problem}")


def test_coaches_finishing_sessions_at_the_same_moment_all_land(path):
    HistoryStore.open(path).close()
    coaches, sessions = 3, 4
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(coaches)
    processes = [context.Process(target=_finish_sessions, args=(str(path), barrier, worker, sessions))
                 for worker in range(coaches)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)
    assert [process.exitcode for process in processes] == [0] * coaches
    with HistoryStore.open(path) as store:
        stored = store.sessions()
    assert len(stored) == coaches * sessions
    assert {(session.status, session.exercise_count) for session in stored} == {("completed", 3)}


# -- kill -9 in the middle of a session -------------------------------------------------

_WRITER = textwrap.dedent("""
    import sys, time
    from datetime import datetime, timezone
    from pathlib import Path
    from coach.history.journal import HistoryJournal
    from coach.history.store import HistoryStore
    from coach.session.records import ExerciseRecord, ExerciseStatus, SessionRecord

    store = HistoryStore.open(Path(sys.argv[1]))
    journal = HistoryJournal(store)
    session = SessionRecord("Back basics", datetime(2024, 6, 3, 7, tzinfo=timezone.utc), 600.0)
    journal.session_started(session)
    for position in range(int(sys.argv[2])):
        journal.exercise_ended(session, ExerciseRecord(position, f"Exercise {position + 1}", "Core", "main",
                               ExerciseStatus.DONE, 30.0, 30.0, 1, 1, 40.0 * position, 40.0 * position + 30))
        if sys.argv[3] == "each":
            journal.flush()
            print(position + 1, flush=True)
    journal.flush()
    print("ready", flush=True)
    time.sleep(120)
""")


def _start_writer(path: Path, exercises: int, report: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", _WRITER, str(path), str(exercises), report],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)


def test_kill_9_mid_session_leaves_every_ended_exercise_and_an_interrupted_session(path):
    writer = _start_writer(path, 7, "end")
    try:
        assert writer.stdout.readline().strip() == "ready"
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    with HistoryStore.open(path) as store:
        [session] = store.sessions()
        assert (session.status, session.exercise_count, session.done_count) == ("interrupted", 7, 7)
        assert [each.position for each in store.exercises(session.id)] == list(range(7))
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_kill_9_while_writing_keeps_every_exercise_reported_written(path):
    writer = _start_writer(path, 400, "each")
    try:
        written = [writer.stdout.readline() for _ in range(25)]
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
    assert written[-1].strip() == "25"
    with HistoryStore.open(path) as store:
        [session] = store.sessions()
        assert session.status == "interrupted"
        assert session.exercise_count >= 25  # every flushed one; perhaps a few more that landed before the kill
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchall() == [("ok",)]


# -- damaged, foreign and newer files: refused, left byte-identical ----------------------

def _damaged_database(path: Path) -> None:
    with HistoryStore.open(path) as store:
        for day in range(300):
            store.add_manual("Walk " * 20, STARTED + timedelta(days=day), 10, "aerobic", note="x" * 200)
    data = bytearray(path.read_bytes())
    page = 4096
    data[page * 3: page * 3 + 1500] = bytes(range(256)) * 5 + bytes(220)  # scribble over a b-tree page
    path.write_bytes(bytes(data))


def _newer_database(path: Path) -> None:
    HistoryStore.open(path).close()
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA user_version = 99")


def _foreign_database(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE photos (name TEXT)")
        connection.commit()


BAD_FILES = {
    "not sqlite": (lambda path: path.write_bytes(b"this is my shopping list\n" * 200), "is damaged or is not a coach history"),
    "damaged pages": (_damaged_database, "is damaged or is not a coach history"),
    "another program's database": (_foreign_database, "some other program"),
    "newer coach": (_newer_database, "written by a newer coach (history format 99"),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_history_file_is_refused_with_one_message_and_left_byte_identical(path, kind):
    make, expected = BAD_FILES[kind]
    make(path)
    before = path.read_bytes()
    with pytest.raises(HistoryUnavailable) as refused:
        HistoryStore.open(path)
    message = str(refused.value)
    assert expected in message
    assert str(path) in message
    assert "\n" not in message
    assert path.read_bytes() == before


@pytest.mark.parametrize("kind", BAD_FILES)
@pytest.mark.parametrize("command", [("history",), ("history", "--json"), ("log", "Walk", "--minutes", "5"),
                                     ("export", "out.json")])
def test_commands_on_a_bad_history_say_so_without_a_traceback_and_leave_it_unchanged(tmp_path, kind, command):
    home = tmp_path / "home"
    home.mkdir()
    make, expected = BAD_FILES[kind]
    make(home / "history.db")
    before = (home / "history.db").read_bytes()
    arguments = [str(tmp_path / each) if each.endswith(".json") else each for each in command]
    result = cli(*arguments, home=home)
    assert result.returncode == 1
    assert result.stderr.startswith("coach: ")
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert (home / "history.db").read_bytes() == before


# -- a folder where the file should be, a file where the folder should be ------------------

def test_a_history_db_that_is_a_folder_is_named_as_one(tmp_path):
    path = tmp_path / "history.db"
    path.mkdir()
    with pytest.raises(HistoryUnavailable) as refused:
        HistoryStore.open(path)
    assert str(refused.value).startswith(f"{path} is a folder, not a history file")
    assert "disk" not in str(refused.value)
    assert list(path.iterdir()) == []


@pytest.mark.parametrize("command", [("history",), ("log", "Walk", "--minutes", "5")])
def test_commands_on_a_history_db_that_is_a_folder_say_so(tmp_path, command):
    home = tmp_path / "home"
    (home / "history.db").mkdir(parents=True)
    result = cli(*command, home=home)
    assert result.returncode == 1
    assert result.stderr.startswith(f"coach: {home / 'history.db'} is a folder, not a history file")


@pytest.mark.parametrize("command", [("history",), ("history", "--json"), ("history", "--tui"),
                                     ("log", "Walk", "--minutes", "5"), ("export", "out.json")])
def test_a_data_folder_that_is_a_file_is_named_as_one_and_exits_1(tmp_path, command):
    home = tmp_path / "home"
    home.write_text("not a folder\n")
    arguments = [str(tmp_path / each) if each.endswith(".json") else each for each in command]
    result = cli(*arguments, home=home)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (f"coach: the data folder {home} is a file, not a folder; move it aside, or choose "
                             "another folder with --data-dir DIR or COACH_HOME\n")
    assert home.read_text() == "not a folder\n"
    assert not (tmp_path / "out.json").exists()


def test_a_data_folder_under_a_file_names_the_file(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(HistoryUnavailable) as refused:
        HistoryStore.open(blocker / "sub" / "history.db")
    assert str(refused.value).startswith(f"cannot keep the history in {blocker / 'sub'}: {blocker} is a file")


# -- a read-only folder and a full disk -------------------------------------------------

@contextlib.contextmanager
def read_only(folder: Path):
    """Make `folder` read-only even for root (whom permission bits do not stop): chattr +i."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("cannot make a folder read-only for root here (chattr +i failed)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_read_only_data_folder_gives_a_clear_message(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    with read_only(folder):
        with pytest.raises(HistoryUnavailable) as refused:
            HistoryStore.open(folder / "history.db")
    assert str(refused.value) == (f"cannot write the history in {folder} (it is read-only or not yours); make the "
                                  "folder writable, or choose another with --data-dir DIR or COACH_HOME")


def test_a_history_in_a_folder_made_read_only_later_is_refused_with_a_clear_message(tmp_path):
    folder = tmp_path / "data"
    with HistoryStore.open(folder / "history.db") as store:
        store.add_manual("Walk", STARTED, 10, "aerobic")
    before = (folder / "history.db").read_bytes()
    with read_only(folder):
        with pytest.raises(HistoryUnavailable) as refused:
            HistoryStore.open(folder / "history.db")
    assert "read-only" in str(refused.value)
    assert (folder / "history.db").read_bytes() == before


def test_coach_log_in_a_read_only_folder_says_why_and_exits_1(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    with read_only(home):
        result = cli("log", "Walk", "--minutes", "10", home=home)
    assert result.returncode == 1
    assert result.stderr == (f"coach: cannot write the history in {home} (it is read-only or not yours); make the "
                             "folder writable, or choose another with --data-dir DIR or COACH_HOME\n")


def test_a_full_disk_becomes_a_problem_notice_and_the_next_write_that_fits_makes_it_good(path, monkeypatch):
    from coach.history import store as store_module

    connections = []

    def small_disk(target):
        connection = store_module.connect(target)
        page_count = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {page_count}")  # the file may not grow: a full disk
        connections.append(connection)
        return connection

    monkeypatch.setattr(journal_module, "connect", small_disk)
    notices = []
    with HistoryStore.open(path) as store:
        journal = HistoryJournal(store, notify=notices.append)
        session = SessionRecord("Back basics", STARTED, 600.0, note="n" * 10_000)  # needs new pages
        journal.session_started(session)  # must not raise
        for position in range(40):
            journal.exercise_ended(session, exercise(position))
        journal.flush()
        assert journal.problem == f"disk full: the disk holding {path.parent} has no space left; free some space so coach can save your sessions"
        assert notices == [f"History not saved: {journal.problem}"]  # once, not once per write
        connections[0].execute("PRAGMA max_page_count = 1000000")  # space freed
        journal.exercise_ended(session, exercise(40))
        journal.flush()
        journal.close()
        assert journal.problem is None
        [stored] = store.sessions()
        assert stored.exercise_count == 41  # the failed writes were carried by the one that succeeded


def test_a_read_only_database_becomes_a_problem_notice_not_an_exception(path, monkeypatch):
    from coach.history import store as store_module

    def read_only_connection(target):
        connection = store_module.connect(target)
        connection.execute("PRAGMA query_only = ON")
        return connection

    monkeypatch.setattr(journal_module, "connect", read_only_connection)
    notices = []
    with HistoryStore.open(path) as store:
        journal = HistoryJournal(store, notify=notices.append)
        session = SessionRecord("Back basics", STARTED, 600.0)
        journal.session_started(session)
        journal.exercise_ended(session, exercise(0))
        journal.session_finished(session)
        journal.summary_changed(session)
        journal.close()
        assert journal.problem.startswith(f"cannot write the history in {path.parent} (it is read-only")
        assert len(notices) == 1
        assert store.sessions() == []


def test_a_notify_callback_that_fails_does_not_stop_the_journal(path, monkeypatch):
    def broken_disk(target):
        raise sqlite3.OperationalError("disk I/O error")

    def broken_notify(message):
        raise RuntimeError("the app has gone")

    monkeypatch.setattr(journal_module, "connect", broken_disk)
    with HistoryStore.open(path) as store:
        journal = HistoryJournal(store, notify=broken_notify)
        journal.session_started(SessionRecord("Back basics", STARTED, 60.0))
        assert journal.flush()
        journal.close()
    assert journal.problem == f"{path}: disk I/O error"


def test_explain_names_a_full_disk_from_an_os_error(path):
    error = OSError(28, "No space left on device")
    assert explain(error, path) == f"disk full: the disk holding {path.parent} has no space left; free some space so coach can save your sessions"
