"""The cost of ending an exercise: one journal write (a session row and its exercises, synchronous=FULL).

Times the commit itself, as the writer thread does it, on a history in a temporary folder on the
same disk as the data folder would be (pass --dir to choose), and the time the screen's thread
spends handing the write to the journal. Run `python bench/history_write.py [--writes N] [--dir DIR]`.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

EXERCISES = 15


def measure(writes: int = 200, folder: Path | None = None) -> dict[str, list[float]]:
    from coach.history.journal import HistoryJournal, exercise_row, session_row
    from coach.history.store import HistoryStore, connect, save, transaction
    from coach.session.records import ExerciseRecord, ExerciseStatus, SessionRecord

    def record(position: int) -> ExerciseRecord:
        return ExerciseRecord(position % EXERCISES, f"Exercise {position}", "Core", "main", ExerciseStatus.DONE, 45.0,
                              45.0, 1, 1, 50.0 * position, 50.0 * position + 45)

    with tempfile.TemporaryDirectory(prefix="coach-history-write-", dir=folder) as place:
        path = Path(place) / "history.db"
        with HistoryStore.open(path) as store:
            # The commit, as the writer thread makes it: every exercise so far, in one transaction.
            connection = connect(path)
            commits = []
            session = SessionRecord("Back basics", datetime.now(timezone.utc), 900.0)
            recorded: dict[int, dict] = {}
            for number in range(writes):
                if number % EXERCISES == 0:
                    session = SessionRecord("Back basics", datetime.now(timezone.utc), 900.0)
                    recorded = {}
                    uuid = f"bench-{number}"
                recorded[number % EXERCISES] = exercise_row(record(number))
                row, rows = session_row(session, uuid), list(recorded.values())
                started = time.perf_counter()
                transaction(connection, lambda connection: save(connection, row, rows))
                commits.append((time.perf_counter() - started) * 1000)
            connection.close()

            # What the screen's thread pays: HistoryJournal.exercise_ended only queues the write.
            journal = HistoryJournal(store)
            session = SessionRecord("Back basics", datetime.now(timezone.utc), 900.0)
            journal.session_started(session)
            handoffs = []
            for number in range(writes):
                started = time.perf_counter()
                journal.exercise_ended(session, record(number))
                handoffs.append((time.perf_counter() - started) * 1000)
                journal.flush()
            journal.close()
    return {"commit_ms": commits, "handoff_ms": handoffs}


def _describe(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered):.2f} ms, p95 {p95:.2f} ms, max {ordered[-1]:.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=200)
    parser.add_argument("--dir", type=Path, help="where to put the temporary history (default: the temp folder)")
    args = parser.parse_args()
    results = measure(args.writes, args.dir)
    print(f"per-exercise commit, synchronous=FULL ({args.writes} writes): {_describe(results['commit_ms'])}")
    print(f"screen thread per exercise (queue only):   {_describe(results['handoff_ms'])}")


if __name__ == "__main__":
    main()
