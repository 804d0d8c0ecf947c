"""Validation of hostile input: time and peak memory of `coach validate` until it refuses the file."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.figures.plan import Plan
from bench.figures.processes import child_env, coach_home, timed_run, venv_program
from bench.figures.rows import BenchError, Row, Spec, Spread

LIMIT_MS = 1000.0
LIMIT_MB = 100.0
GOAL = "≤ 1 s, ≤ 100 MB"
LARGE = Spec("hostile_large", "hostile input: 1 MiB file", GOAL)
ALIAS_BOMB = Spec("hostile_alias_bomb", "hostile input: alias bomb", GOAL)
DEEP = Spec("hostile_deep", "hostile input: 10,000-deep nesting", GOAL)
SPECS = (LARGE, ALIAS_BOMB, DEEP)
EXIT_INVALID = 2


def large_routine(size: int) -> bytes:
    """A routine of exactly `size` bytes that parses in full: thousands of exercises (the limit is 500).

    Exactly 1 MiB is the largest file coach reads at all, so all of it reaches the YAML parser.
    """
    head = b"name: Huge\nphases:\n  - name: Everything\n    exercises:\n"
    line = b"      - {name: Bird dog, hold: 8s, reps: 6, sides: true, cues: [Keep your back flat]}\n"
    body = head + line * ((size - len(head)) // len(line))
    return body + b"#" * (size - len(body) - 1) + b"\n"


def alias_bomb() -> bytes:
    """Billion laughs: nine levels of nine aliases, a billion strings if anyone expanded it."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [{','.join([f'*{previous}'] * 9)}]")
    return ("\n".join(lines) + "\n").encode()


def deep_nesting(depth: int = 10_000) -> bytes:
    return b"[" * depth + b"]" * depth + b"\n"


def measure(plan: Plan) -> list[Row]:
    home = coach_home()
    try:
        env = child_env(home)
        coach = str(venv_program("coach"))
        cases = (
            (LARGE, "large.yaml", large_routine(plan.hostile_bytes), f"{plan.hostile_bytes // 1024} KiB"),
            (ALIAS_BOMB, "alias-bomb.yaml", alias_bomb(), None),
            (DEEP, "deep.yaml", deep_nesting(), None),
        )
        rows = []
        for spec, name, content, note in cases:
            path = home / name
            path.write_bytes(content)
            rows.append(_row(spec, [coach, "validate", str(path)], env, plan, note))
        return rows
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _row(spec: Spec, argv: list[str], env: dict[str, str], plan: Plan, note: str | None) -> Row:
    timed_run(argv, env)  # warm-up: the page cache and the bytecode cache
    times, peaks = [], []
    for _ in range(plan.process_runs):
        finished = timed_run(argv, env)
        if finished.exit_code != EXIT_INVALID:
            raise BenchError(f"coach validate {Path(argv[-1]).name} exited {finished.exit_code}, expected "
                             f"{EXIT_INVALID} (refused)")
        times.append(finished.seconds * 1000)
        peaks.append(finished.peak_rss_mb)
    time_spread, peak_spread = Spread.of(times), Spread.of(peaks)
    met = time_spread.median <= LIMIT_MS and peak_spread.median <= LIMIT_MB
    return spec.judged(time_spread.median, met, "ms", f"{time_spread.text('ms', 0)}; peak {peak_spread.text('MB')}",
                       {"ms": times, "peak_rss_mb": peaks}, note=note)
