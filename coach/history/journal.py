"""The Journal that saves sessions to the history: the screen's thread only queues; a writer thread commits.

A commit with `synchronous=FULL` takes about half a millisecond here but tens of milliseconds
on a slow or busy disk, and up to the busy timeout while another coach writes, so the screen
never waits for one. Each write carries the whole session so far (its row and every exercise
recorded), so a write that failed (a full disk) is made good by the next one that succeeds.

The journal knows, for each session, whether its newest state is in the history (`save_state`).
What is not when coach ends (`unsaved`) goes to a recovery file (coach/history/recovery.py).
"""

from __future__ import annotations

import atexit
import queue
import sqlite3
import threading
import uuid as uuids
from pathlib import Path
from typing import Callable

from coach.history import model
from coach.history.errors import HistoryUnavailable, explain
from coach.history.model import utc_text
from coach.history.store import HistoryStore, connect, file_identity, routine_hash, save, transaction
from coach.session.journal import SaveState
from coach.session.records import ExerciseRecord, SessionRecord

Notify = Callable[[str], None]
_Save = tuple[int, dict, list[dict]]  # (sequence number, session row, exercise rows)


class HistoryJournal:
    """Saves each session as it happens. Never raises into the caller.

    When a write fails, `problem` holds a message for people and `notify(message)` is called
    once per distinct problem. `notify` runs on the writer thread, so it must be thread-safe
    (Textual's `App.notify` is).
    """

    def __init__(self, store: HistoryStore | None, notify: Notify | None = None, *, path: Path | None = None,
                 problem: str | None = None) -> None:
        # Keep `store` open while this journal is in use: it marks this coach as live, so that
        # another coach starting meanwhile does not take our running session for an interrupted one.
        # Without a store (it could not be opened: `problem` says why), each save tries to open
        # the history at `path` again, with all its checks, so a lock that clears or space that is
        # freed lets the session in; a file that is not coach's is never written.
        if store is None and path is None:
            raise ValueError("a journal needs a store, or the path of the history to try")
        self.path = store.path if store is not None else Path(path)  # type: ignore[arg-type]
        self.notify = notify
        self.on_change: Callable[[], None] | None = None
        """Called on the writer thread after each try to save, whatever its outcome."""
        self.problem: str | None = problem
        self._opened: HistoryStore | None = None  # a store this journal opened itself (writer thread)
        self._can_connect = store is not None
        self._identity = store.identity if store is not None else None  # the file the history is in
        self._known: dict[int, tuple[SessionRecord, str]] = {}  # id(record) -> (record, uuid)
        self._recorded: dict[str, dict[int, dict]] = {}  # uuid -> position -> exercise row
        self._hashes: dict[str, str | None] = {}  # uuid -> routine hash (writer thread only)
        self._sequence = 0
        self._newest: dict[str, _Save] = {}  # uuid -> the newest save queued
        self._saved: dict[str, int] = {}  # uuid -> sequence number of the newest save that landed
        self._failed: dict[str, str] = {}  # uuid -> why its last save failed
        self._state_lock = threading.Lock()
        self._queue: queue.Queue = queue.Queue()
        self._closed = False
        self._thread = threading.Thread(target=self._write_forever, name="coach-history-writer", daemon=True)
        self._thread.start()
        atexit.register(self.close)  # the last write (pain after, the note) lands even if no one closes us

    # -- the Journal protocol (called on the screen's thread) -------------------------

    def session_started(self, session: SessionRecord) -> None:
        self._queue_save(session)

    def exercise_ended(self, session: SessionRecord, record: ExerciseRecord) -> None:
        self._queue_save(session, record)

    def session_finished(self, session: SessionRecord) -> None:
        self._queue_save(session, final=True)

    def summary_changed(self, session: SessionRecord) -> None:
        self._queue_save(session, final=True)

    def save_state(self, session: SessionRecord) -> SaveState | None:
        uuid = self.uuid_of(session)
        if uuid is None:
            return None
        with self._state_lock:
            newest = self._newest.get(uuid)
            if newest is not None and self._saved.get(uuid, -1) >= newest[0]:
                return SaveState(saved=True)
            return SaveState(saved=False, problem=self._failed.get(uuid))

    def retry(self, session: SessionRecord) -> None:
        uuid = self.uuid_of(session)
        with self._state_lock:
            newest = self._newest.get(uuid) if uuid else None
            if newest is None:
                return
            self._failed.pop(uuid, None)  # pending again until the writer says
            self._sequence += 1
            self._newest[uuid] = item = (self._sequence, newest[1], newest[2])
        self._queue.put(item)

    def watch(self, on_change: Callable[[], None] | None) -> None:
        self.on_change = on_change

    def unsaved(self) -> list[dict]:
        """Every session whose newest state is not in the history, in the export format."""
        with self._state_lock:
            return [dict(row, exercises=list(exercises)) for uuid, (sequence, row, exercises) in self._newest.items()
                    if self._saved.get(uuid, -1) < sequence]

    def uuid_of(self, session: SessionRecord) -> str | None:
        """The history's UUID for a session this journal has seen."""
        known = self._known.get(id(session))
        return known[1] if known else None

    # -- waiting and closing ------------------------------------------------------------

    def flush(self, timeout: float | None = 10.0) -> bool:
        """Wait until everything queued so far is written (or failed); False on timeout."""
        if self._closed or not self._thread.is_alive():
            return True
        done = threading.Event()
        self._queue.put(done)
        return done.wait(timeout)

    def close(self, timeout: float = 10.0) -> None:
        """Write what is queued, then stop the writer thread. Safe to call more than once."""
        if self._closed:
            return
        self._closed = True
        atexit.unregister(self.close)
        self._queue.put(None)
        self._thread.join(timeout)
        if not self._thread.is_alive() and self._opened is not None:
            self._opened.close()

    # -- the machinery ----------------------------------------------------------------

    def _queue_save(self, session: SessionRecord, record: ExerciseRecord | None = None, final: bool = False) -> None:
        try:
            known = self._known.get(id(session))
            if known is None or known[0] is not session:
                known = (session, str(uuids.uuid4()))
                self._known[id(session)] = known
            uuid = known[1]
            recorded = self._recorded.setdefault(uuid, {})
            if record is not None:
                recorded[record.position] = exercise_row(record)
            if final and session.exercises:
                recorded.clear()
                recorded.update((each.position, exercise_row(each)) for each in session.exercises)
            # Copies, taken now: the engine goes on changing the records after we return.
            with self._state_lock:
                self._sequence += 1
                item = (self._sequence, session_row(session, uuid), list(recorded.values()))
                self._newest[uuid] = item
            self._queue.put(item)
        except Exception as error:  # never into the screen
            self._report(f"could not prepare a history record: {error}")

    def _write_forever(self) -> None:
        connection: sqlite3.Connection | None = None
        running = True
        while running:
            # Each save carries the whole session so far, so of a backlog (a slow disk, or a
            # stop that ends many exercises at once) only the newest save of each session is needed.
            batch = [self._queue.get()]
            while True:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            newest: dict[str, _Save] = {}
            for item in batch:
                if item is None or isinstance(item, threading.Event):
                    for save_item in newest.values():
                        connection = self._save(connection, save_item)
                    newest = {}
                    if item is None:
                        running = False
                        break
                    item.set()
                else:
                    newest[item[1]["uuid"]] = item
            for save_item in newest.values():
                connection = self._save(connection, save_item)
        if connection is not None:
            connection.close()

    def _save(self, connection: sqlite3.Connection | None, item: _Save) -> sqlite3.Connection | None:
        sequence, row, exercises = item
        uuid = row["uuid"]
        try:
            if connection is None:
                connection = self._connect()
            self._check_still_there()
            if uuid not in self._hashes:
                self._hashes[uuid] = routine_hash(row["routine_file"])
            row = dict(row, routine_hash=self._hashes[uuid])
            transaction(connection, lambda connection: save(connection, row, exercises))
        except HistoryUnavailable as error:
            self._settle(uuid, sequence, str(error))
        except (sqlite3.Error, OSError) as error:
            self._settle(uuid, sequence, explain(error, self.path))
        except Exception as error:  # a bug; still never into the screen
            self._settle(uuid, sequence, f"could not save to {self.path}: {error!r}")
        else:
            self._settle(uuid, sequence, None)
        return connection

    def _connect(self) -> sqlite3.Connection:
        """The writer's connection; without a store, first open one (HistoryUnavailable if it still can't)."""
        if not self._can_connect:
            self._opened = HistoryStore.open(self.path)
            self._identity = self._opened.identity
            self._can_connect = True
        self._check_still_there()  # never let connect() make a new, unchecked file in its place
        return connect(self.path)

    def _check_still_there(self) -> None:
        """Refuse to write when the history file was deleted or replaced since it was opened: the
        connection would go on writing to a file nobody can see any more."""
        if file_identity(self.path) != self._identity:
            raise HistoryUnavailable(f"{self.path} was deleted or replaced while coach was running, so coach "
                                     "does not write to it; the session is kept in a recovery file when coach ends",
                                     "other")

    def _settle(self, uuid: str, sequence: int, problem: str | None) -> None:
        with self._state_lock:
            if problem is None:
                self._saved[uuid] = max(sequence, self._saved.get(uuid, -1))
                self._failed.pop(uuid, None)
            else:
                self._failed[uuid] = problem
        if problem is None:
            self.problem = None
        else:
            self._report(problem)
        if self.on_change is not None:
            try:
                self.on_change()
            except Exception:
                pass

    def _report(self, message: str) -> None:
        repeated = message == self.problem
        self.problem = message
        if repeated or self.notify is None:
            return
        try:
            self.notify(f"History not saved: {message}")
        except Exception:
            pass


def session_row(session: SessionRecord, uuid: str, source: str = model.GUIDED) -> dict:
    return {
        "uuid": uuid,
        "routine_name": session.routine_name,
        "routine_file": session.routine_file,
        "routine_hash": None,
        "started": utc_text(session.started),
        "ended": utc_text(session.ended) if session.ended else None,
        "status": str(session.status),
        "source": source,
        "planned_seconds": float(session.planned_seconds),
        "active_seconds": float(session.active_seconds),
        "paused_seconds": float(session.paused_seconds),
        "pain_before": session.pain_before,
        "pain_after": session.pain_after,
        "note": session.note,
        "exercise_total": session.exercise_total,
    }


def exercise_row(record: ExerciseRecord) -> dict:
    return {
        "position": record.position,
        "phase": record.phase,
        "phase_kind": record.phase_kind,
        "name": record.name,
        "status": str(record.status),
        "planned_seconds": float(record.planned_seconds),
        "active_seconds": float(record.active_seconds),
        "sets_completed": record.sets_completed,
        "set_count": record.set_count,
        "start_offset": record.start_offset,
        "end_offset": record.end_offset,
        "work_seconds": record.work_seconds,
        "planned_work_seconds": record.planned_work_seconds,
    }
