"""The history on disks that refuse: read-only mounts, a full disk, and SQLite files that are not coach's."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from coach.history.schema import APPLICATION_ID
from coach.history.store import HistoryStore, HistoryUnavailable
from tests.helpers.mounts import fill, read_only_mount, tiny_disk
from tests.helpers.cli import run_coach


def coach(*arguments: str, home: Path) -> subprocess.CompletedProcess:
    return run_coach(*arguments, home=home)


@pytest.fixture
def home(tmp_path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    return home


def application_id(path: Path) -> int:
    return int.from_bytes(path.read_bytes()[68:72], "big")  # the SQLite header's application id field


# -- coach's own mark ----------------------------------------------------------------------

def test_a_new_history_carries_coachs_application_id(tmp_path):
    with HistoryStore.open(tmp_path / "history.db"):
        pass
    assert application_id(tmp_path / "history.db") == APPLICATION_ID


def test_a_history_from_before_the_mark_is_taken_and_marked(tmp_path):
    path = tmp_path / "history.db"
    with HistoryStore.open(path) as store:
        store.add_manual("Walk", store_time(), 10, "aerobic")
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA application_id = 0")  # as coach wrote it before the mark
        connection.commit()
    with HistoryStore.open(path) as store:
        assert [session.routine_name for session in store.sessions()] == ["Walk"]
    assert application_id(path) == APPLICATION_ID


def store_time():
    from datetime import datetime, timezone

    return datetime(2024, 6, 3, 7, tzinfo=timezone.utc)


def _at_version_one(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
        connection.execute("PRAGMA user_version = 1")  # the same version number coach uses
        connection.commit()


def _marked_by_another(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA application_id = 1179407942")  # someone else's mark
        connection.execute("CREATE TABLE sessions (id INTEGER)")
        connection.commit()


def _coach_tables_plus_one(path: Path) -> None:
    with HistoryStore.open(path):
        pass
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute("PRAGMA application_id = 0")
        connection.execute("CREATE TABLE photos (name TEXT)")
        connection.commit()


@pytest.mark.parametrize("make, detail", [
    (_at_version_one, "an SQLite database of some other program"),
    (_marked_by_another, "an SQLite database of another program, application id 0x464c5646"),
    (_coach_tables_plus_one, "an SQLite database of some other program"),
])
def test_another_programs_sqlite_file_is_refused_before_any_write_and_keeps_its_bytes(tmp_path, make, detail):
    path = tmp_path / "history.db"
    make(path)
    before = path.read_bytes()
    with pytest.raises(HistoryUnavailable) as refused:
        HistoryStore.open(path)
    assert str(refused.value) == (f"{path} is not a coach history ({detail}). coach left it exactly as it was; "
                                  "move it aside, or choose another data folder with --data-dir DIR or COACH_HOME")
    assert refused.value.kind == "foreign"
    assert path.read_bytes() == before  # no tables added, no switch to WAL (header bytes 18-19)
    assert not [file.name for file in tmp_path.iterdir() if file.name.endswith(("-wal", "-shm", "-journal"))]


# -- a read-only disk: the history can still be read and rescued -----------------------------

@pytest.fixture
def read_only_home(home):
    assert coach("log", "Walk", "--minutes", "20", "--note", "easy", home=home).returncode == 0
    before = (home / "history.db").read_bytes()
    with read_only_mount(home):
        yield home
    assert (home / "history.db").read_bytes() == before


def test_history_reads_a_read_only_data_folder(read_only_home):
    result = coach("history", home=read_only_home)
    assert (result.returncode, result.stderr) == (0, "")
    assert "Walk" in result.stdout and "completed (logged)" in result.stdout


@pytest.mark.parametrize("shape", ["--json", "--csv"])
def test_history_json_and_csv_read_a_read_only_data_folder(read_only_home, shape):
    result = coach("history", shape, home=read_only_home)
    assert (result.returncode, result.stderr) == (0, "")
    assert "easy" in result.stdout


def test_export_rescues_a_read_only_history(read_only_home, tmp_path):
    target = tmp_path / "rescued.json"
    result = coach("export", str(target), home=read_only_home)
    assert (result.returncode, result.stderr) == (0, "")
    [session] = json.loads(target.read_text())["sessions"]
    assert (session["routine_name"], session["note"]) == ("Walking", "easy")


def test_the_store_opens_read_only_for_reading_and_refuses_writes_with_a_message(read_only_home):
    with HistoryStore.open_for_reading(read_only_home / "history.db") as store:
        assert store.read_only
        assert [session.routine_name for session in store.sessions()] == ["Walking"]
        with pytest.raises(HistoryUnavailable, match="read-only; coach can show and export it but not change it"):
            store.add_manual("Swim", store_time(), 10, "aerobic")


def test_logging_to_a_read_only_data_folder_says_so(read_only_home):
    result = coach("log", "Swim", "--minutes", "10", home=read_only_home)
    assert result.returncode == 1
    assert result.stderr.startswith(f"coach: cannot write the history in {read_only_home} (it is read-only")


# -- a full disk ----------------------------------------------------------------------------

def test_a_first_history_on_a_full_disk_says_disk_full_and_leaves_no_empty_file(tmp_path):
    with tiny_disk(tmp_path / "disk") as disk:
        fill(disk)
        result = coach("log", "Walk", "--minutes", "10", home=disk)
        leftovers = sorted(path.name for path in disk.iterdir())
    assert result.returncode == 1
    assert result.stderr == (f"coach: disk full: the disk holding {disk} has no space left; free some space so "
                             "coach can save your sessions\n")
    assert "history.db" not in leftovers and "history.db-wal" not in leftovers


def test_a_history_deleted_while_coach_runs_is_not_written_to_and_the_session_stays_unsaved(tmp_path):
    from coach.history.journal import HistoryJournal
    from coach.session.records import SessionRecord

    path = tmp_path / "history.db"
    store = HistoryStore.open(path)
    journal = HistoryJournal(store)
    session = SessionRecord("Back basics", store_time(), 600.0)
    journal.session_started(session)
    journal.flush()
    assert journal.save_state(session).saved
    for name in ("history.db", "history.db-wal", "history.db-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    session.pain_after = 3
    journal.summary_changed(session)
    journal.flush()
    state = journal.save_state(session)
    assert not state.saved
    assert state.problem == (f"{path} was deleted or replaced while coach was running, so coach does not write "
                             "to it; the session is kept in a recovery file when coach ends")
    assert [row["pain_after"] for row in journal.unsaved()] == [3]
    journal.close()
    store.close()
    assert not path.exists()  # no new, unchecked file in its place


@pytest.mark.parametrize("make", ["fifo", "device link"])
def test_a_history_db_that_is_a_fifo_or_a_device_is_refused_at_once(tmp_path, make):
    path = tmp_path / "history.db"
    if make == "fifo":
        os.mkfifo(path)
        kind = "a FIFO (named pipe)"
    else:
        path.symlink_to("/dev/zero")
        kind = "a character device"
    for opening in (HistoryStore.open, HistoryStore.open_read_only, HistoryStore.open_for_reading):
        with pytest.raises(HistoryUnavailable) as refused:
            opening(path)
        assert str(refused.value).startswith(f"{path} is {kind}, not a history file")


def test_recovery_files_in_a_folder_others_can_write_are_never_imported(tmp_path, monkeypatch):
    import tempfile

    from coach.history import recovery

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "shared-tmp"))
    path = tmp_path / "data" / "history.db"
    with HistoryStore.open(path) as store:
        shared = recovery.folders(path.parent)[2]
        shared.mkdir(parents=True)
        forged = {"uuid": "forged", "routine_name": "FORGED", "started": "2024-06-03T07:00:00+00:00",
                  "status": "completed", "source": "guided", "planned_seconds": 60, "active_seconds": 60,
                  "exercises": []}
        recovery_file = shared / f"{recovery.PREFIX}{recovery._key(path)}-20240603T070000-forged.json"
        recovery_file.write_text(json.dumps({"format": "coach-history", "version": 1, "sessions": [forged]}))
        shared.chmod(0o777)  # anyone may drop files here
        assert recovery.pending(path) == []
        assert recovery.recover(store).sessions == 0
        shared.chmod(0o700)  # the person's own folder: the same file is theirs to recover
        assert recovery.recover(store).sessions == 1
        assert [session.routine_name for session in store.sessions()] == ["FORGED"]


def test_a_read_only_history_with_unmerged_changes_is_refused_not_shown_without_them(tmp_path):
    import shutil

    source = tmp_path / "live"
    copy = tmp_path / "copy"
    copy.mkdir()
    with HistoryStore.open(source / "history.db") as store:
        store.add_manual("Walk", store_time(), 10, "aerobic")
        for name in ("history.db", "history.db-wal"):  # as a crash would leave them, without the -shm
            shutil.copyfile(source / name, copy / name)
    assert (copy / "history.db-wal").stat().st_size > 0
    with read_only_mount(copy):
        result = coach("history", home=copy)
    assert result.returncode == 1
    assert result.stderr == (f"coach: {copy / 'history.db'} has recent changes in history.db-wal that cannot be "
                             f"read while {copy} is read-only; make the folder writable once (coach then merges "
                             "them), or copy the folder elsewhere and use --data-dir COPY\n")
