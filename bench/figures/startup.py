"""Start-up: commands that show no screen, and the time to coach's first frame against a minimal Textual app."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from bench.figures.plan import Plan
from bench.figures.processes import PtyProgram, child_env, coach_home, hyperfine_runs, timed_run, venv_program
from bench.figures.rows import BenchError, Row, Spec, Spread

HELP = Spec("startup_help", "start-up, no screen: coach --help", "≤ 150 ms")
VALIDATE = Spec("startup_validate", "start-up, no screen: coach validate", "≤ 150 ms")
FIRST_FRAME = Spec("first_frame", "start-up to first frame", "≤ 1.1 × the minimal app")
NO_SCREEN_SPECS = (HELP, VALIDATE)
FIRST_FRAME_SPECS = (FIRST_FRAME,)
NO_SCREEN_LIMIT_MS = 150.0
FIRST_FRAME_RATIO = 1.1
MINIMAL_APP = Path(__file__).resolve().parents[1] / "minimal_app.py"
SAME_SCREEN_APP = Path(__file__).resolve().parents[1] / "same_screen_app.py"


def measure_no_screen(plan: Plan) -> list[Row]:
    home = coach_home()
    try:
        env = child_env(home)
        coach = str(venv_program("coach"))
        return [_no_screen_row(HELP, [coach, "--help"], env, plan),
                _no_screen_row(VALIDATE, [coach, "validate", "routines/back-basics.yaml"], env, plan)]
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _no_screen_row(spec: Spec, argv: list[str], env: dict[str, str], plan: Plan) -> Row:
    seconds = hyperfine_runs(argv, env, plan.process_runs)
    how = "hyperfine"
    if seconds is None:
        how = "subprocess, one warm-up run"
        _expect_ok(argv, timed_run(argv, env))  # the first run after a change pays for .pyc files
        seconds = []
        for _ in range(plan.process_runs):
            finished = timed_run(argv, env)
            _expect_ok(argv, finished)
            seconds.append(finished.seconds)
    times = Spread.of(value * 1000 for value in seconds)
    return spec.judged(times.median, times.median <= NO_SCREEN_LIMIT_MS, "ms", times.text("ms"),
                       {"ms": list(times.values)}, note=f"timed with {how}")


def _expect_ok(argv: list[str], finished) -> None:
    if finished.exit_code != 0:
        raise BenchError(f"{' '.join(argv)} exited {finished.exit_code}")


# A settings file as `coach remind set` leaves one, with a name for the report: what most people's first frame reads.
SETTINGS_FILE = "name: Sam\nreminder_days: mon, wed, fri\nreminder_times: [\"18:00\"]\n"


def measure_first_frame(plan: Plan) -> list[Row]:
    home, settled_home = coach_home(), coach_home()
    try:
        (settled_home / "settings.yaml").write_text(SETTINGS_FILE, encoding="utf-8")
        env = child_env(home, COACH_EXIT_AFTER_FIRST_FRAME="1")
        coach = [str(venv_program("coach")), "run", "back-basics"]
        minimal = [sys.executable, str(MINIMAL_APP)]
        same_screen = [sys.executable, str(SAME_SCREEN_APP)]
        same_env = {**env, "BENCH_NOTE_TITLE": "Before Back basics", "BENCH_NOTE": _safety_note("back-basics")}
        settled_env = child_env(settled_home, COACH_EXIT_AFTER_FIRST_FRAME="1")
        programs = ((coach, env), (minimal, env), (same_screen, same_env), (coach, settled_env))
        for command, its_env in programs:  # warm-up: .pyc files, the page cache, coach's checked routine and settings
            PtyProgram(command, its_env).wait(timeout=60)
        coach_ms, minimal_ms, same_screen_ms, settled_ms = [], [], [], []
        for _ in range(plan.process_runs):  # alternate, so all see the same noise
            for times, (command, its_env) in zip((coach_ms, minimal_ms, same_screen_ms, settled_ms), programs):
                times.append(_first_frame_ms(command, its_env))
    finally:
        for folder in (home, settled_home):
            shutil.rmtree(folder, ignore_errors=True)
    ours, theirs, same, settled = (Spread.of(coach_ms), Spread.of(minimal_ms), Spread.of(same_screen_ms),
                                   Spread.of(settled_ms))
    ratio = ours.median / theirs.median
    ratios = [mine / other for mine, other in zip(coach_ms, minimal_ms)]
    return [FIRST_FRAME.judged(ratio, ratio <= FIRST_FRAME_RATIO, "×",
                               f"{ratio:.2f}×: coach {ours.text('ms', 0)} vs minimal {theirs.text('ms', 0)}; "
                               f"a bare app drawing coach's check-in {same.text('ms', 0)} "
                               f"({same.median / theirs.median:.2f}× the minimal app); coach with a settings file "
                               f"{settled.text('ms', 0)} ({settled.median / theirs.median:.2f}×)",
                               {"coach_ms": coach_ms, "minimal_ms": minimal_ms, "paired_ratio": ratios,
                                "same_screen_ms": same_screen_ms, "with_settings_ms": settled_ms},
                               note="process start to the first painted frame in a pseudo-terminal (its first "
                                    "cursor-home); COACH_EXIT_AFTER_FIRST_FRAME=1 then ends it. The bare app "
                                    "(bench/same_screen_app.py) shows what coach's first screen costs by itself; "
                                    "coach with a settings file (a name and reminders, as most people's) is shown "
                                    "beside, not judged")]


def _safety_note(name: str) -> str:
    """The routine's safety note, as coach's check-in shows it (read here, outside the timed runs)."""
    from coach.paths import bundled
    from coach.routine.loader import load_routine

    return load_routine(bundled("routines") / f"{name}.yaml").safety or ""


def _first_frame_ms(argv: list[str], env: dict[str, str]) -> float:
    """From spawn to the first frame on the terminal: not to exit, whose cost (the same for both
    programs) would only water the ratio down."""
    program = PtyProgram(argv, env)
    program.wait(timeout=60)
    return program.first_frame_seconds() * 1000
