"""The Journal that saves sessions to the history: the screen's thread only queues; a writer thread commits.

A commit with `synchronous=FULL` takes about half a millisecond here but tens of milliseconds
on a slow or busy disk, and up to the busy timeout while another coach writes, so the screen
never waits for one. Each write carries the whole session so far (its row and every exercise
recorded), so a write that failed (a full disk) is made good by the next one that succeeds.
"""

from __future__ import annotations

import atexit
import queue
import sqlite3
import threading
import uuid as uuids
from typing import Callable

from coach.history import model
from coach.history.model import utc_text
from coach.history.store import HistoryStore, connect, explain, routine_hash, save, transaction
from coach.session.records import ExerciseRecord, SessionRecord

Notify = Callable[[str], None]


class HistoryJournal:
    """Saves each session as it happens. Never raises into the caller.

    When a write fails, `problem` holds a message for people and `notify(message)` is called
    once per distinct problem. `notify` runs on the writer thread, so it must be thread-safe
    (Textual's `App.notify` is).
    """

    def __init__(self, store: HistoryStore, notify: Notify | None = None) -> None:
        # Keep `store` open while this journal is in use: it marks this coach as live, so that
        # another coach starting meanwhile does not take our running session for an interrupted one.
        self.path = store.path
        self.notify = notify
        self.problem: str | None = None
        self._known: dict[int, tuple[SessionRecord, str]] = {}  # id(record) -> (record, uuid)
        self._recorded: dict[str, dict[int, dict]] = {}  # uuid -> position -> exercise row
        self._hashes: dict[str, str | None] = {}  # uuid -> routine hash (writer thread only)
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

    def summary_closed(self, session: SessionRecord) -> None:
        self._queue_save(session, final=True)

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
            self._queue.put((session_row(session, uuid), list(recorded.values())))
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
            newest: dict[str, tuple[dict, list[dict]]] = {}
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
                    newest[item[0]["uuid"]] = item
            for save_item in newest.values():
                connection = self._save(connection, save_item)
        if connection is not None:
            connection.close()

    def _save(self, connection: sqlite3.Connection | None, item: tuple[dict, list[dict]]) -> sqlite3.Connection | None:
        row, exercises = item
        try:
            if connection is None:
                connection = connect(self.path)
            if row["uuid"] not in self._hashes:
                self._hashes[row["uuid"]] = routine_hash(row["routine_file"])
            row["routine_hash"] = self._hashes[row["uuid"]]
            transaction(connection, lambda connection: save(connection, row, exercises))
        except (sqlite3.Error, OSError) as error:
            self._report(explain(error, self.path))
        except Exception as error:  # a bug; still never into the screen
            self._report(f"could not save to {self.path}: {error!r}")
        else:
            self.problem = None
        return connection

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
    }
