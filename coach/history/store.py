"""The history store: sessions and their exercises in SQLite at `Places.history_db`.

The database runs in WAL mode with `synchronous=FULL`, so every commit (each one ends an
exercise or a session) is on disk when it returns, and readers never wait for a writer.
Opening checks the file before writing anything: a damaged file, someone else's database
or one written by a newer coach is refused with `HistoryUnavailable` and left byte-identical.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Iterable, Sequence

from coach.history import model
from coach.history.model import StoredExercise, StoredSession, parse_time, utc_text
from coach.history.errors import (  # noqa: F401 - explain, damaged and SessionNotFound are re-exported
    BUSY_TIMEOUT_SECONDS, HistoryUnavailable, SessionNotFound, damaged, explain, folder_problem, foreign, newer, not_a_file,
    unavailable,
)
from coach.history.schema import APPLICATION_ID, COACH_TABLES, LEGACY_TABLES, SCHEMA_VERSION, migrate, schema_version
from coach.history import sql
from coach.history.sql import (  # noqa: F401 - SESSION_COLUMNS: scripts such as bench/history_scale.py use it
    EXERCISE_COLUMNS, LATER_COLUMNS, ROW_COLUMNS, SESSION_COLUMNS,
)


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int = 0  # replaced by a newer state of the same session
    unchanged: int = 0  # already here as they are (or newer), or deleted here
    deleted: int = 0  # removed here by the file's tombstones

    def words(self) -> str:
        return (f"added {self.added}, updated {self.updated}, unchanged {self.unchanged}, "
                f"deleted {self.deleted}")


# The order of a session's states: an import replaces a copy only with one further along.
STATE_ORDER = {model.RUNNING: 0, model.INTERRUPTED: 1}  # every other status (the ends) is 2


# -- opening ---------------------------------------------------------------------------

def connect(path: Path) -> sqlite3.Connection:
    """A connection in WAL mode with full sync; transactions are explicit (autocommit otherwise)."""
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None,
                                 check_same_thread=False)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        connection.close()
        raise
    return connection


def open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write, even to the journal files: `mode=ro`, or `immutable=1` when the
    folder is read-only and a WAL database's shared-memory file cannot be made (nobody can write there
    either, so nothing changes under us)."""
    uri = path.resolve().as_uri()
    failure: sqlite3.Error | None = None
    for query in ("mode=ro", "immutable=1"):
        if query == "immutable=1" and _has_unmerged_changes(path):
            # immutable reads the main file alone: it would leave out what the WAL holds, silently.
            raise HistoryUnavailable(
                f"{path} has recent changes in {path.name}-wal that cannot be read while {path.parent} is "
                "read-only; make the folder writable once (coach then merges them), or copy the folder "
                "elsewhere and use --data-dir COPY", "read-only")
        try:
            connection = sqlite3.connect(f"{uri}?{query}", uri=True, timeout=BUSY_TIMEOUT_SECONDS,
                                         isolation_level=None, check_same_thread=False)
        except sqlite3.Error as error:
            failure = error
            continue
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as error:
            connection.close()
            failure = error
            if not (getattr(error, "sqlite_errorname", "") or "").startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY")):
                break
            continue
        return connection
    assert failure is not None
    raise unavailable(failure, path)


def _has_unmerged_changes(path: Path) -> bool:
    try:
        return path.with_name(path.name + "-wal").stat().st_size > 0
    except OSError:
        return False


def check_ours(connection: sqlite3.Connection, path: Path) -> None:
    """Refuse, without writing, a file that is not a sound coach history of a version we read.

    coach marks its history with PRAGMA application_id. A file without the mark is taken as
    coach's only when it is empty or holds exactly coach's tables (a history from before the mark).
    """
    try:
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        found = schema_version(connection)
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if application_id not in (0, APPLICATION_ID):
            raise HistoryUnavailable(foreign(path, f"an SQLite database of another program, application id "
                                               f"{application_id:#x}"), "foreign")
        if application_id == 0 and (tables or found) and not (tables in (COACH_TABLES, LEGACY_TABLES) and found >= 1):
            raise HistoryUnavailable(foreign(path, "an SQLite database of some other program"), "foreign")
        if found > SCHEMA_VERSION:
            raise HistoryUnavailable(newer(path, found, SCHEMA_VERSION), "newer")
        problems = [row[0] for row in connection.execute("PRAGMA quick_check(3)")]
        if problems != ["ok"]:
            lines = [line.strip() for problem in problems for line in problem.splitlines()
                     if line.strip() and not line.startswith("***")]
            raise HistoryUnavailable(damaged(path, f"integrity check: {lines[0] if lines else 'failed'}"), "damaged")
    except sqlite3.Error as error:
        raise unavailable(error, path) from None


def _check_existing(path: Path) -> None:
    connection = open_read_only(path)
    try:
        check_ours(connection, path)
    finally:
        connection.close()


def _usable_place(path: Path) -> Path:
    """`path`, after refusing a data folder that is a file, and a history that is a folder, a FIFO
    or a device (SQLite would wait on a FIFO for ever)."""
    import stat

    from coach.fileio import kind_of

    problem = folder_problem(path.parent)
    if problem:
        raise HistoryUnavailable(problem, "folder")
    if path.is_dir():
        raise HistoryUnavailable(not_a_file(path), "folder")
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return path
    except OSError as error:
        raise unavailable(error, path) from None
    if not stat.S_ISREG(mode):
        raise HistoryUnavailable(f"{path} is {kind_of(mode)}, not a history file. coach left it as it was; move "
                                 "it aside and coach will start a new history", "folder")
    return path


def file_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the file at `path`; None when there is none."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def history_files(path: Path) -> tuple[Path, ...]:
    """The files that make up the history at `path`: the database, its -wal and -shm, and the live lock."""
    return tuple(path.with_name(path.name + suffix) for suffix in ("", "-wal", "-shm", ".lock"))


def _remove_new(path: Path) -> None:
    """Remove a history file this open created and could not finish, so no empty history.db is left.
    (Not the lock: another coach may be waiting on it.)"""
    for file in history_files(path)[:3]:
        try:
            file.unlink(missing_ok=True)
        except OSError:
            pass


class _LiveLock:
    """A lock file every open store holds shared. Whoever can take it exclusively knows that no
    other coach has the history open, so sessions still marked running were cut short."""

    def __init__(self, path: Path) -> None:
        self._handle = None
        try:
            import fcntl
        except ImportError:  # no advisory locks here: every opener is taken to be alone
            self._fcntl = None
            return
        self._fcntl = fcntl
        try:
            self._handle = open(path.with_name(path.name + ".lock"), "a+b")
        except OSError:
            pass  # cannot tell who else is running, so alone() says no

    def alone(self) -> bool:
        if self._fcntl is None:
            return True
        if self._handle is None:
            return False
        try:
            self._fcntl.flock(self._handle, self._fcntl.LOCK_EX | self._fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def share(self, patience: float = 2.0) -> None:
        """Hold the lock shared, waiting at most `patience` seconds: another coach holds it exclusively
        only for a moment. Something else holding it longer must not hang coach; then this coach
        simply does not mark itself live."""
        if self._handle is None:
            return
        import time

        deadline = time.monotonic() + patience
        while True:
            try:
                self._fcntl.flock(self._handle, self._fcntl.LOCK_SH | self._fcntl.LOCK_NB)
                return
            except OSError:
                if time.monotonic() >= deadline:
                    return
                time.sleep(0.05)

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


# -- the store -------------------------------------------------------------------------

class HistoryStore:
    """The history database. Safe to call from one thread at a time (a lock serialises calls).

    Journal writes go through `HistoryJournal` (coach/history/journal.py), which has its own
    connection on a writer thread; this connection serves reads, manual logs and imports.
    """

    def __init__(self, path: Path, connection: sqlite3.Connection, live: _LiveLock | None,
                 read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        """Opened for reading only (a read-only folder or disk): writes raise HistoryUnavailable."""
        self._connection = connection
        self._live = live
        self.identity = file_identity(path)
        """(device, inode) of the file opened: a writer checks it is still the file at `path`."""
        self._lock = threading.Lock()
        self._listed: tuple[int, list[StoredSession]] | None = None  # (data_version, every session)

    @classmethod
    def open(cls, path: Path) -> HistoryStore:
        """Open (creating if needed) and migrate the history, and mark abandoned sessions interrupted.

        Raises HistoryUnavailable, with a message for people, when the history cannot be used. An
        existing file is checked before anything is written to it; a new file that cannot be made
        whole (a full disk) is removed again.
        """
        path = _usable_place(Path(path))
        existed = path.exists()
        if existed:
            _check_existing(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise HistoryUnavailable(f"cannot create the data folder {path.parent}: {error.strerror or error}; "
                                     "choose another with --data-dir DIR", unavailable(error, path).kind) from None
        live = _LiveLock(path)
        connection = None
        try:
            connection = connect(path)
            found = migrate(connection, refresh=refresh_all)
            if found > SCHEMA_VERSION:
                raise HistoryUnavailable(newer(path, found, SCHEMA_VERSION), "newer")
            if live.alone():
                mark_interrupted(connection)
            live.share()
        except BaseException as error:
            if connection is not None:
                connection.close()
            live.release()
            if not existed:
                _remove_new(path)
            if isinstance(error, sqlite3.Error):
                raise unavailable(error, path) from None
            raise
        return cls(path, connection, live)

    @classmethod
    def open_read_only(cls, path: Path) -> HistoryStore:
        """Open an existing history for reading only, writing nothing at all (not even a lock file)."""
        path = _usable_place(Path(path))
        connection = open_read_only(path)
        try:
            check_ours(connection, path)
        except BaseException:
            connection.close()
            raise
        return cls(path, connection, None, read_only=True)

    @classmethod
    def open_for_reading(cls, path: Path) -> HistoryStore:
        """The history for commands that only read: opened as usual, or read-only when it cannot be
        written (a read-only folder or disk), so the history can still be seen and exported."""
        try:
            return cls.open(path)
        except HistoryUnavailable as error:
            if error.kind not in ("read-only", "full") or not Path(path).is_file():
                raise
        return cls.open_read_only(path)

    def close(self) -> None:
        with self._lock:
            self._connection.close()
            if self._live is not None:
                self._live.release()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # -- reading -------------------------------------------------------------------

    def sessions(self, since: datetime | None = None) -> list[StoredSession]:
        """Every session (started at or after `since`), oldest first, with totals from its exercises.

        The full list is kept until the database changes (`PRAGMA data_version` tells of commits
        by other connections, such as the journal's), so opening the history again is instant.
        """
        if since is not None:
            return [_summary(row) for row in self.read(sql.SUMMARY_QUERY, (utc_text(since),))]
        [(version,)] = self.read("PRAGMA data_version", ())
        listed = self._listed
        if listed is None or listed[0] != version:
            listed = (version, [_summary(row) for row in self.read(sql.SUMMARY_QUERY, ("",))])
            self._listed = listed
        return list(listed[1])

    def exercises(self, session_id: int) -> list[StoredExercise]:
        rows = self.read(sql.EXERCISE_QUERY + " WHERE session_id = ? ORDER BY position", (session_id,))
        return [StoredExercise(*row[1:]) for row in rows]

    def documents(self, since: datetime | None = None) -> list[tuple[int, str]]:
        """(id, JSON text in the export format) of every session (started at or after `since`), oldest first."""
        return self.read(sql.DOCUMENT_QUERY, (utc_text(since) if since is not None else "",))

    def fresh_document(self, session_id: int) -> str | None:
        """The session's export JSON made afresh from its rows (what `export_json` must always equal)."""
        found = self.read(sql.FRESH_DOCUMENT_QUERY, (session_id,))
        return found[0][0] if found else None

    def read(self, query: str, parameters: tuple = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._connection.execute(query, parameters).fetchall()
            except sqlite3.Error as error:
                raise unavailable(error, self.path) from None

    # -- writing -------------------------------------------------------------------

    def add_manual(self, activity: str, started: datetime, minutes: float, kind: str,
                   pain_before: int | None = None, pain_after: int | None = None,
                   note: str | None = None) -> StoredSession:
        """Record an activity done away from the terminal (`coach log`): one done exercise."""
        import uuid

        seconds = round(minutes * 60, 3)
        session = {
            "uuid": str(uuid.uuid4()), "routine_name": activity, "routine_file": None, "routine_hash": None,
            "started": utc_text(started), "ended": utc_text(started + timedelta(seconds=seconds)),
            "status": model.COMPLETED, "source": model.MANUAL, "planned_seconds": seconds,
            "active_seconds": seconds, "paused_seconds": 0.0, "pain_before": pain_before,
            "pain_after": pain_after, "note": note, "exercise_total": 1,
        }
        exercise = {
            "position": 0, "phase": "Logged", "phase_kind": kind, "name": activity, "status": model.DONE,
            "planned_seconds": seconds, "active_seconds": seconds, "sets_completed": 1, "set_count": 1,
            "start_offset": 0.0, "end_offset": seconds, "work_seconds": seconds, "planned_work_seconds": seconds,
        }
        self.write(lambda connection: save(connection, session, [exercise]))
        return next(found for found in self.sessions(since=started) if found.uuid == session["uuid"])

    def import_sessions(self, sessions: Sequence[dict], deleted: Sequence[dict] = (),
                        program: dict | None = None) -> ImportResult:
        """Merge sessions and tombstones (in the export format) in one transaction.

        A new UUID is added as exported (its source kept; a session still running there arrives
        interrupted). A UUID already here is replaced only by a newer state of it: further along
        (running, then interrupted, then ended) or, as far along, corrected later (`edited_at`); never
        by an older one. A tombstone deletes the session here and is kept, and a session deleted here
        is never brought back by an import. `program`: the file's program log, merged (program_log.merge).
        """
        def merge(connection: sqlite3.Connection) -> ImportResult:
            gone = dict(connection.execute("SELECT uuid, deleted_at FROM deleted_sessions"))
            removed = 0
            for tombstone in deleted:
                removed += _delete(connection, tombstone["uuid"], tombstone["deleted_at"])
                gone[tombstone["uuid"]] = tombstone["deleted_at"]
            here = {uuid: (session_id, status, edited_at) for session_id, uuid, status, edited_at in
                    connection.execute("SELECT id, uuid, status, edited_at FROM sessions")}
            added = updated = unchanged = 0
            changed_ids: list[int] = []
            for session in sessions:
                uuid = session["uuid"]
                row = _import_row(session)
                if uuid in gone:
                    unchanged += 1
                    continue
                if uuid in here:
                    session_id, status, edited_at = here[uuid]
                    if _state(row["status"], row.get("edited_at")) <= _state(status, edited_at):
                        unchanged += 1
                        continue
                    connection.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
                    updated += 1
                else:
                    added += 1
                cursor = connection.execute(sql.INSERT_SESSION, [row.get(column) for column in ROW_COLUMNS])
                here[uuid] = (cursor.lastrowid, row["status"], row.get("edited_at"))
                changed_ids.append(cursor.lastrowid)
                connection.executemany(sql.UPSERT_EXERCISE, (
                    [cursor.lastrowid, *(exercise.get(column) for column in EXERCISE_COLUMNS)]
                    for exercise in session["exercises"]))
            refresh_derived(connection, changed_ids)
            if program:
                from coach.history import program_log

                program_log.merge(connection, program)
            return ImportResult(added, updated, unchanged, removed)

        return self.write(merge)

    # -- corrections -------------------------------------------------------------------

    def find_session(self, short_id: str) -> StoredSession:
        """The session whose UUID starts with `short_id` (as `coach history` shows it); SessionNotFound
        when none does, or more than one (then with the candidates)."""
        wanted = short_id.strip().lower()
        if not wanted or not all(char.isalnum() or char in "-_" for char in wanted):
            raise SessionNotFound(f"{short_id!r} is not a session id: use the ID column of `coach history`")
        found = [session for session in self.sessions() if session.uuid.lower().startswith(wanted)]
        if not found:
            raise SessionNotFound(f"no session with id {wanted} in your history (see `coach history`)")
        if len(found) > 1:
            listed = ", ".join(session.uuid[:len(wanted) + 4] for session in found[:5])
            raise SessionNotFound(f"{len(found)} sessions have ids starting {wanted} ({listed}); give more of it")
        return found[0]

    def edit_session(self, uuid: str, changes: dict, now: datetime) -> StoredSession:
        """Correct a session: any of pain_before, pain_after, note, started (an aware datetime) and, for an
        activity logged with `coach log`, minutes. The session is marked edited at `now`."""
        def change(connection: sqlite3.Connection) -> None:
            row = connection.execute("SELECT id, started, ended, source FROM sessions WHERE uuid = ?",
                                     (uuid,)).fetchone()
            if row is None:
                raise SessionNotFound("that session is no longer in your history")
            session_id, started_text, ended_text, source = row
            fields = {key: changes[key] for key in ("pain_before", "pain_after", "note") if key in changes}
            started = parse_time(started_text)
            ended = parse_time(ended_text) if ended_text else None
            if "started" in changes:
                shift = changes["started"] - started
                started = changes["started"]
                ended = ended + shift if ended is not None else None
                fields["started"] = utc_text(started)
                fields["ended"] = utc_text(ended) if ended is not None else None
            if "minutes" in changes:
                if source != model.MANUAL:
                    raise SessionNotFound("only an activity recorded with `coach log` can be given other minutes; "
                                          "a guided session's time is what its exercises took")
                seconds = round(changes["minutes"] * 60, 3)
                fields.update(planned_seconds=seconds, active_seconds=seconds,
                              ended=utc_text(started + timedelta(seconds=seconds)))
                connection.execute(
                    "UPDATE exercises SET planned_seconds = ?, active_seconds = ?, work_seconds = ?,"
                    " planned_work_seconds = ?, end_offset = ? WHERE session_id = ?",
                    (seconds, seconds, seconds, seconds, seconds, session_id))
            fields["edited_at"] = utc_text(now)
            connection.execute(f"UPDATE sessions SET {', '.join(f'{key} = ?' for key in fields)} WHERE id = ?",
                               (*fields.values(), session_id))
            refresh_derived(connection, [session_id])

        self.write(change)
        edited = next((session for session in self.sessions() if session.uuid == uuid), None)
        if edited is None:
            raise SessionNotFound("that session is no longer in your history")
        return edited

    def delete_sessions(self, uuids: Sequence[str], now: datetime) -> list[str]:
        """Delete sessions, keeping a tombstone of each; returns their export JSON, for restore_sessions()."""
        def delete(connection: sqlite3.Connection) -> list[str]:
            kept = []
            for uuid in uuids:
                row = connection.execute("SELECT x.json FROM sessions AS s JOIN session_exports AS x"
                                         " ON x.session_id = s.id WHERE s.uuid = ?", (uuid,)).fetchone()
                if row is not None:
                    kept.append(row[0])
                _delete(connection, uuid, utc_text(now))
            return kept

        return self.write(delete)

    def restore_sessions(self, documents: Sequence[str]) -> None:
        """Undo delete_sessions(): the sessions as they were, and their tombstones gone."""
        import json

        sessions = [json.loads(document) for document in documents]
        uuids = [(session["uuid"],) for session in sessions]
        self.write(lambda connection: connection.executemany("DELETE FROM deleted_sessions WHERE uuid = ?", uuids))
        self.import_sessions(sessions)

    def tombstones(self) -> list[tuple[str, str]]:
        """(uuid, deleted_at) of every deleted session, oldest first."""
        return self.read("SELECT uuid, deleted_at FROM deleted_sessions ORDER BY deleted_at, uuid", ())

    def write(self, change):
        """Run `change(connection)` in one immediate transaction; HistoryUnavailable if it fails."""
        if self.read_only:
            raise HistoryUnavailable(f"the history in {self.path.parent} is read-only; coach can show and "
                                     "export it but not change it", "read-only")
        with self._lock:
            self._listed = None  # data_version does not count this connection's own commits
            try:
                return transaction(self._connection, change)
            except sqlite3.Error as error:
                raise unavailable(error, self.path) from None


# -- shared by the store and the journal's writer ----------------------------------------

def transaction(connection: sqlite3.Connection, change):
    connection.execute("BEGIN IMMEDIATE")
    try:
        result = change(connection)
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    return result


def save(connection: sqlite3.Connection, session: dict, exercises: Iterable[dict]) -> int | None:
    """Insert or update the session (by UUID) and upsert the exercises given; returns its id. A session the
    person deleted (it has a tombstone) is not written again, by the journal or a recovery file: None."""
    if connection.execute("SELECT 1 FROM deleted_sessions WHERE uuid = ?", (session["uuid"],)).fetchone():
        return None
    connection.execute(sql.UPSERT_SESSION, [session.get(column, sql.LATER_DEFAULTS[column]) if column in LATER_COLUMNS
                                         else session[column] for column in ROW_COLUMNS])
    session_id = connection.execute("SELECT id FROM sessions WHERE uuid = ?", (session["uuid"],)).fetchone()[0]
    connection.executemany(
        sql.UPSERT_EXERCISE,
        ([session_id, *(exercise[column] for column in EXERCISE_COLUMNS)] for exercise in exercises),
    )
    refresh_derived(connection, [session_id])
    return session_id


def refresh_derived(connection: sqlite3.Connection, session_ids: Iterable[int]) -> None:
    """Recount the exercise totals kept on each session and remake its kept export JSON.

    Every write to a session or its exercises ends with this, in the same transaction.
    """
    keys = [(session_id,) for session_id in session_ids]
    connection.executemany(sql.REFRESH_TOTALS, keys)
    connection.executemany(sql.REFRESH_EXPORT, keys)


def _state(status: str, edited_at: str | None) -> tuple[int, str]:
    return STATE_ORDER.get(status, 2), edited_at or ""


def _import_row(session: dict) -> dict:
    """A session from an export as a row here: its source kept, running taken as interrupted."""
    row = dict(session)
    if row["status"] == model.RUNNING:  # it is not running here
        row["status"] = model.INTERRUPTED
    if row.get("exercise_total") is None:  # from before exercise_total: those listed
        row["exercise_total"] = len(session["exercises"])
    if row.get("source") not in model.SOURCES:
        row["source"] = model.IMPORTED
    return row


def _delete(connection: sqlite3.Connection, uuid: str, deleted_at: str) -> int:
    """Delete the session `uuid` (its exercises and kept export go with it) and keep its tombstone; 1 when
    there was one to delete."""
    cursor = connection.execute("DELETE FROM sessions WHERE uuid = ?", (uuid,))
    connection.execute("INSERT INTO deleted_sessions (uuid, deleted_at) VALUES (?, ?)"
                       " ON CONFLICT (uuid) DO UPDATE SET deleted_at = MIN(deleted_at, excluded.deleted_at)",
                       (uuid, deleted_at))
    return cursor.rowcount


def refresh_all(connection: sqlite3.Connection) -> None:
    """Every session's totals and kept export again (after a schema upgrade)."""
    refresh_derived(connection, [row[0] for row in connection.execute("SELECT id FROM sessions")])


def mark_interrupted(connection: sqlite3.Connection) -> int:
    """Sessions left running by a coach that ended mid-way become interrupted, keeping what was recorded.

    Their end is the last recorded exercise's end, and their active time the sum of its exercises'.
    """
    def sweep(connection: sqlite3.Connection) -> int:
        rows = connection.execute("""
            SELECT s.id, s.started, MAX(e.end_offset), COALESCE(SUM(e.active_seconds), 0)
            FROM sessions AS s LEFT JOIN exercises AS e ON e.session_id = s.id
            WHERE s.status = 'running' GROUP BY s.id""").fetchall()
        for session_id, started, last_end, active in rows:
            ended = None if last_end is None else utc_text(parse_time(started) + timedelta(seconds=last_end))
            connection.execute(
                "UPDATE sessions SET status = 'interrupted', ended = COALESCE(ended, ?),"
                " active_seconds = MAX(active_seconds, ?) WHERE id = ?",
                (ended, active, session_id))
        refresh_derived(connection, [row[0] for row in rows])
        return len(rows)

    if connection.execute("SELECT 1 FROM sessions WHERE status = 'running' LIMIT 1").fetchone() is None:
        return 0
    return transaction(connection, sweep)


def routine_hash(file: str | None) -> str | None:
    """sha256 of the routine file's bytes, or None when there is no readable file."""
    if not file:
        return None
    import hashlib  # here, not at the top: it costs the history command 6 ms of start-up

    try:
        return hashlib.sha256(Path(file).read_bytes()).hexdigest()
    except OSError:
        return None


def _summary(row: tuple) -> StoredSession:
    (session_id, uuid, routine_name, routine_file, routine_hash_, started, ended, status, source, planned,
     active, paused, pain_before, pain_after, note, total, edited_at, count, done, painful, aerobic, work) = row
    return StoredSession(
        id=session_id, uuid=uuid, routine_name=routine_name, started=parse_time(started), status=status,
        source=source, planned_seconds=planned, active_seconds=active, paused_seconds=paused,
        ended=parse_time(ended) if ended else None, routine_file=routine_file, routine_hash=routine_hash_,
        pain_before=pain_before, pain_after=pain_after, note=note, exercise_count=count, done_count=done,
        painful_count=painful, aerobic_seconds=aerobic, exercise_total=total, work_seconds=work,
        edited_at=parse_time(edited_at) if edited_at else None,
    )
