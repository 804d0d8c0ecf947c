"""CPU while a session runs, and peak memory: coach in a real pseudo-terminal, termdown beside it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.figures import routines
from bench.figures.plan import Plan
from bench.figures.processes import PtyProgram, child_env, coach_home, pump, venv_program
from bench.figures.rows import BenchError, Row, Spec, Spread

CPU = Spec("session_cpu", "CPU while a session runs", "≤ 0.5 % of a core, and ≤ termdown's")
MEMORY = Spec("memory", "memory (peak RSS)", "≤ 80 MB")
SPECS = (CPU, MEMORY)
CPU_LIMIT_PERCENT = 0.5
# The smallest Textual countdown (one Digits redrawn each second): Textual's own cost, shown beside coach's.
MINIMAL_COUNTDOWN = Path(__file__).resolve().parents[1] / "minimal_countdown.py"
MEMORY_LIMIT_MB = 80.0
TERMDOWN_SECONDS = 60
# Wide enough for the exercise's picture beside the clock (session_layout.figure_place), so the figure is with
# pictures on; all three programs get the same terminal.
SESSION_SIZE = (120, 35)


def measure(plan: Plan) -> list[Row]:
    home = coach_home()
    try:
        routine = routines.write(home, "everyday.yaml", routines.EVERYDAY)
        coach = [str(venv_program("coach")), "run", str(routine), "--no-checkin", "--mute"]
        termdown, termdown_note = _termdown(plan)
        env = child_env(home)
        # Warm-up: a first start compiles bytecode, which would show in the peak memory.
        PtyProgram(coach[:3] + ["--no-checkin"], child_env(home, COACH_EXIT_AFTER_FIRST_FRAME="1")).wait(timeout=60)
        coach_cpu, textual_cpu, termdown_cpu, peaks = [], [], [], []
        minimal = [sys.executable, str(MINIMAL_COUNTDOWN)]
        for _ in range(plan.session_runs):
            percents, peak = _one_window(
                plan, [coach, minimal] + ([[str(termdown), str(TERMDOWN_SECONDS)]] if termdown else []), env)
            coach_cpu.append(percents[0])
            textual_cpu.append(percents[1])
            peaks.append(peak)
            if termdown:
                termdown_cpu.append(percents[2])
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return [_cpu_row(Spread.of(coach_cpu), Spread.of(textual_cpu), termdown_cpu, termdown_note, plan),
            _memory_row(Spread.of(peaks))]


def _one_window(plan: Plan, commands: list[list[str]], env: dict[str, str]) -> tuple[list[float], float]:
    """Each program's CPU as % of one core over the window, and the first program's peak RSS."""
    programs = [PtyProgram(command, env, SESSION_SIZE) for command in commands]
    try:
        pump(programs, time.perf_counter() + plan.cpu_warmup)
        for program in programs:
            program.still_running()
        window_start = time.perf_counter()
        before = [program.cpu_seconds() for program in programs]
        pump(programs, window_start + plan.cpu_window)
        after = [program.cpu_seconds() for program in programs]
        window = time.perf_counter() - window_start
        for program in programs:
            program.still_running()
        peak = programs[0].peak_rss_mb()
    finally:
        for program in programs:
            program.stop()
    return [100 * (end - start) / window for start, end in zip(before, after)], peak


def _termdown(plan: Plan):
    """termdown's path, installing it into the bench's venv when allowed; or (None, why not)."""
    try:
        return venv_program("termdown"), None
    except BenchError:
        pass
    if not plan.install:
        return None, "termdown is not installed (the full run installs it)"
    print("installing termdown into the venv, to compare against …", file=sys.stderr)
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "termdown"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        return None, f"pip install termdown failed: {done.stderr.strip()[-300:]}"
    return venv_program("termdown"), None


def _cpu_row(coach: Spread, textual: Spread, termdown: list[float], termdown_note: str | None, plan: Plan) -> Row:
    window = f"{plan.cpu_window:g} s window after {plan.cpu_warmup:g} s"
    runs = {"coach_percent": list(coach.values), "textual_countdown_percent": list(textual.values)}
    bare = f"bare Textual countdown {textual.text('%', 2)}, {_ratio(coach, textual)}"
    if not termdown:
        return CPU.judged(coach.median, coach.median <= CPU_LIMIT_PERCENT, "%",
                          f"{coach.text('%', 2)}; {bare}; termdown not measured", runs,
                          note=f"{window}; {termdown_note}; judged on the {CPU_LIMIT_PERCENT:g} % goal alone")
    other = Spread.of(termdown)
    runs["termdown_percent"] = list(other.values)
    met = coach.median <= CPU_LIMIT_PERCENT and coach.median <= other.median
    return CPU.judged(coach.median, met, "%",
                      f"{coach.text('%', 2)}; termdown {other.text('%', 2)}, {_ratio(coach, other)}; {bare}", runs,
                      note=f"{window}; termdown {TERMDOWN_SECONDS} and bench/minimal_countdown.py ran beside coach, "
                           "each in its own 120×35 terminal, where coach draws the exercise's picture beside the clock")


def _ratio(coach: Spread, other: Spread) -> str:
    return f"ratio {coach.median / other.median:.2f}×" if other.median else "ratio —"


def _memory_row(peaks: Spread) -> Row:
    return MEMORY.judged(peaks.median, peaks.median <= MEMORY_LIMIT_MB, "MB", peaks.text("MB"),
                         {"peak_rss_mb": list(peaks.values)}, note="VmHWM of coach at the end of the CPU window")
