"""History at scale: 10 years of use (5,000 sessions, 75,000 exercises), timed three ways.

- `coach history --json` as a process (start-up, open with its checks, query, JSON), median of runs;
- `coach report --weeks 520` as a process, the whole 10 years as one HTML report, median of runs;
- the history screen in-process under `run_test`, in a fresh app with the store just opened:
  from pushing the screen until its statistics, charts and table are filled and painted, median
  of runs. As in coach, the home screen's week strip has read the sessions before `h` (the store
  keeps the list until the database changes); the cold figure, with nothing read before, is
  printed too. The table lists the newest PAGE_ROWS sessions first and adds more as the cursor
  nears the end.

Run `python bench/history_scale.py [--runs N]`; `bench/run.py` calls `measure()`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

SESSIONS = 5_000
EXERCISES_PER_SESSION = 15
YEARS = 10
ROOT = Path(__file__).resolve().parents[1]
ROUTINES = ("Back basics", "Gentle 5", "Core strength", "Low-impact cardio", "Desk break")
FIRST = datetime(2016, 1, 4, 7, 0, tzinfo=timezone.utc)
SPAN = YEARS * 365 * 86400  # seconds from the first session to the last
PHASES = (("Warm-up", "warmup", 4), ("Core", "main", 7), ("Walk", "aerobic", 1), ("Cool-down", "cooldown", 3))


def build(path: Path, sessions: int = SESSIONS, seed: int = 6) -> float:
    """Write `sessions` sessions spread over YEARS years into a new history at `path`; seconds taken."""
    from coach.history.store import EXERCISE_COLUMNS, SESSION_COLUMNS, HistoryStore, refresh_derived

    started_at = time.perf_counter()
    HistoryStore.open(path).close()  # the real schema, indexes and version
    rng = random.Random(seed)
    first, span = FIRST, SPAN
    session_rows, exercise_rows = [], []
    for number in range(1, sessions + 1):
        started = first + timedelta(seconds=span * number / sessions + rng.randint(0, 3600))
        status = rng.choices(("completed", "stopped", "pain_stopped", "interrupted"), (85, 8, 4, 3))[0]
        done_until = EXERCISES_PER_SESSION if status == "completed" else rng.randint(0, EXERCISES_PER_SESSION - 1)
        offset = 0.0
        for position in range(EXERCISES_PER_SESSION):
            phase, kind, _ = _phase_of(position)
            planned = 600.0 if kind == "aerobic" else 45.0
            done = position < done_until
            status_here = "done" if done else ("pain" if status == "pain_stopped" and position == done_until else "skipped")
            active = planned if done else 0.0
            exercise_rows.append((number, position, f"Exercise {position + 1}", phase, kind, status_here, planned,
                                  active, 1 if done else 0, 1, offset, offset + active, active, planned))
            offset += active + 10
        session_rows.append((
            number, str(uuid.UUID(int=rng.getrandbits(128), version=4)), rng.choice(ROUTINES), None, None,
            started.isoformat(timespec="seconds"), (started + timedelta(seconds=offset)).isoformat(timespec="seconds"),
            status, "guided", 1275.0, offset, 0.0, rng.randint(0, 6), rng.randint(0, 6), None,
        ))
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN")
    connection.executemany(
        f"INSERT INTO sessions (id, {', '.join(SESSION_COLUMNS)}) VALUES (?, {', '.join('?' * len(SESSION_COLUMNS))})",
        session_rows)
    connection.executemany(
        f"INSERT INTO exercises (session_id, {', '.join(EXERCISE_COLUMNS)})"
        f" VALUES (?, {', '.join('?' * len(EXERCISE_COLUMNS))})", exercise_rows)
    refresh_derived(connection, range(1, sessions + 1))
    connection.execute("COMMIT")
    connection.close()
    return time.perf_counter() - started_at


def _phase_of(position: int) -> tuple[str, str, int]:
    for name, kind, count in PHASES:
        if position < count:
            return name, kind, count
        position -= count
    raise ValueError(position)


def time_cli(home: Path, runs: int) -> list[float]:
    """Milliseconds for each run of `coach history --json` as a fresh process (output discarded)."""
    environment = {**os.environ, "COACH_HOME": str(home)}
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "coach", "history", "--json"], env=environment, check=True,
                       stdout=subprocess.DEVNULL, cwd=ROOT)
        times.append((time.perf_counter() - started) * 1000)
    return times


def time_report(home: Path, runs: int) -> list[float]:
    """Milliseconds for each run of `coach report --weeks 520` (to the day of the newest session) as a fresh
    process, writing its HTML file."""
    environment = {**os.environ, "COACH_HOME": str(home)}
    newest = (FIRST + timedelta(seconds=SPAN + 3600)).date()
    times = []
    for run in range(runs):
        out = home / f"report-{run}.html"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "coach", "report", "--weeks", "520", "--until", newest.isoformat(),
                        "--out", str(out)], env=environment, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        times.append((time.perf_counter() - started) * 1000)
        if "<h2>Summary</h2>" not in out.read_text(encoding="utf-8"):
            raise RuntimeError(f"{out} has no summary")
    return times


def time_screen(home: Path, runs: int) -> dict[str, list[float]]:
    """Milliseconds from pushing the history screen until it is filled and painted, per run, in a
    fresh app with the store just opened: `app` as in coach, where the home screen's week strip has
    read the sessions already (so the store keeps them), `cold` with nothing read before."""
    return asyncio.run(_time_screen(home, runs))


async def _time_screen(home: Path, runs: int) -> dict[str, list[float]]:
    from textual.app import App

    from coach.history.store import HistoryStore
    from coach.settings import Settings

    times: dict[str, list[float]] = {"app": [], "cold": []}
    for _ in range(runs):
        for kind in times:
            with HistoryStore.open(home / "history.db") as store:
                if kind == "app":
                    store.sessions()  # what the home screen's week strip does at launch, on a worker
                app = App()
                async with app.run_test(size=(120, 40)) as pilot:
                    await pilot.pause()
                    times[kind].append(await _open_screen(app, pilot, store, Settings()))
    return times


async def _open_screen(app, pilot, store, settings) -> float:
    from textual.widgets import DataTable

    from coach.tui.screens.history import PAGE_ROWS, HistoryScreen

    screen = HistoryScreen(store, settings)
    started = time.perf_counter()
    await app.push_screen(screen)
    await app.workers.wait_for_complete()
    await pilot.pause()  # the table has measured its rows and the screen has painted
    elapsed = (time.perf_counter() - started) * 1000
    rows = screen.query_one("#history-sessions", DataTable).row_count
    if screen.loaded is None or len(screen.loaded.sessions) != SESSIONS or rows != PAGE_ROWS:
        raise RuntimeError(f"the screen shows {rows} rows; expected the first {PAGE_ROWS} of {SESSIONS} sessions")
    return elapsed


def measure(runs: int = 7, quick: bool = False) -> dict[str, list[float]]:
    """The figures for bench/run.py; the history screen's is the one as in coach (see time_screen)."""
    runs = 1 if quick else runs
    with tempfile.TemporaryDirectory(prefix="coach-history-scale-") as folder:
        home = Path(folder)
        build(home / "history.db")
        time_cli(home, 1)  # warm the file cache and .pyc files, as a second run by a person would
        screen = time_screen(home, runs)
        return {"history_json_ms": time_cli(home, runs), "history_screen_ms": screen["app"],
                "history_screen_cold_ms": screen["cold"], "report_ms": time_report(home, runs)}


def _spread(values: list[float]) -> str:
    return f"median {statistics.median(values):.0f} ms (min {min(values):.0f}, max {max(values):.0f}, {len(values)} runs)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coach-history-scale-") as folder:
        home = Path(folder)
        seconds = build(home / "history.db")
        size = (home / "history.db").stat().st_size / 1e6
        print(f"built {SESSIONS} sessions, {SESSIONS * EXERCISES_PER_SESSION} exercises in {seconds:.2f} s ({size:.1f} MB)")
        time_cli(home, 1)
        print(f"coach history --json: {_spread(time_cli(home, args.runs))}")
        screen = time_screen(home, args.runs)
        print(f"history screen ready, as in coach (week strip read first): {_spread(screen['app'])}")
        print(f"history screen ready, nothing read before (cold):         {_spread(screen['cold'])}")
        print(f"coach report --weeks 520: {_spread(time_report(home, args.runs))}")


if __name__ == "__main__":
    main()
