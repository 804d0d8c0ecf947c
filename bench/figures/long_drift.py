"""Long-session drift: the engine alone on a 30-minute timeline, played at real speed.

Each run is a child process (`python -m bench.figures.long_drift SECONDS`), so several runs share
the same half hour without sharing an interpreter.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.figures import routines
from bench.figures.plan import Plan
from bench.figures.rows import BenchError, Row, Spec, Spread

LONG_DRIFT = Spec("long_drift", "long-session drift", "≤ 20 ms")
SPECS = (LONG_DRIFT,)
LIMIT_MS = 20.0
STEP_SECONDS = 5.0
ROOT = Path(__file__).resolve().parents[2]


def measure(plan: Plan) -> list[Row]:
    if not plan.long:
        return [LONG_DRIFT.skipped("takes 30 minutes; run with --long")]
    children = [
        subprocess.Popen([sys.executable, "-m", "bench.figures.long_drift", f"{plan.long_drift_seconds:g}"],
                         cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(plan.session_runs)
    ]
    drifts = []
    for child in children:
        out, err = child.communicate(timeout=plan.long_drift_seconds + 120)
        if child.returncode != 0:
            raise BenchError(f"the long-drift run exited {child.returncode}: {err.strip()[-500:]}")
        drifts.append(json.loads(out)["drift_ms"])
    drift = Spread.of(drifts)
    return [LONG_DRIFT.judged(drift.median, abs(drift.median) <= LIMIT_MS, "ms", drift.text("ms"),
                              {"drift_ms": drifts}, note=f"{plan.long_drift_seconds:g} s timeline, "
                                                         f"{len(children)} runs side by side")]


def play(total_seconds: float) -> float:
    """Play a timeline of `total_seconds` with the real clock; return the session's length minus its plan."""
    from coach.routine.expand import expand
    from coach.routine.loader import load_routine
    from coach.session.engine import SessionEngine
    from coach.session.events import EventKind

    steps_count = max(2, 2 * round(total_seconds / STEP_SECONDS / 2))
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as folder:
        path = routines.write(Path(folder), "long.yaml", routines.evenly_stepped(total_seconds, steps_count))
        steps = expand(load_routine(path))
    engine = SessionEngine("long drift", steps, now=time.monotonic)
    ends = []
    engine.subscribe(lambda event: ends.append(event) if event.kind is EventKind.SESSION_FINISHED else None)
    engine.start()
    while not engine.finished:
        time.sleep(max(0.0, engine.next_wakeup() - time.monotonic()))
        engine.update()
    return ends[0].actual - engine.started_at - engine.session.planned_seconds


if __name__ == "__main__":
    print(json.dumps({"drift_ms": play(float(sys.argv[1])) * 1000}))
